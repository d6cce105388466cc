import AWS
import Foundation
import KSPMCore
import Testing

@Suite struct GoSDKShapeTests {
  @Test func keysTakeAnUpperCaseFirstLetter() {
    #expect(GoSDKShape.pascalCase("arn") == "Arn")
    #expect(GoSDKShape.pascalCase("publicAccessCidrs") == "PublicAccessCidrs")
    #expect(GoSDKShape.pascalCase("DNSName") == "DNSName")
    #expect(GoSDKShape.pascalCase("") == "")
  }

  @Test func timesAreWrittenAsGoWritesThem() {
    #expect(GoSDKShape.rfc3339(Date(timeIntervalSince1970: 1_700_000_000)) == "2023-11-14T22:13:20Z")
    #expect(GoSDKShape.rfc3339(Date(timeIntervalSince1970: 1_700_000_000.123)) == "2023-11-14T22:13:20.123Z")
    #expect(GoSDKShape.rfc3339(Date(timeIntervalSince1970: 1_700_000_000.000_001)) == "2023-11-14T22:13:20.000001Z")
    #expect(GoSDKShape.rfc3339(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.5Z")
  }

  @Test func onlyNumbersUnderAtKeysBecomeTimes() {
    let wire: JSONValue = ["createdAt": 0, "updatedAt": "not a number", "count": 3, "list": [["lastAt": 1.5]]]
    let expected: JSONValue = [
      "CreatedAt": "1970-01-01T00:00:00Z", "UpdatedAt": "not a number", "Count": 3,
      "List": [["LastAt": "1970-01-01T00:00:01.5Z"]],
    ]
    #expect(GoSDKShape.pascalCased(wire) == expected)
  }
}
