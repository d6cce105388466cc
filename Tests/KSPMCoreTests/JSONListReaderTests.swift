import Foundation
import KSPMCore
import Testing

@Suite struct JSONListReaderTests {
  func items(_ text: String) throws -> (items: [JSONValue], header: JSONObject, hasItems: Bool) {
    var reader = try JSONListReader(Data(text.utf8))
    var items: [JSONValue] = []
    while let item = try reader.next() { items.append(item) }
    return (items, reader.header, reader.hasItems)
  }

  @Test func streamsItemsWithTheHeaderBeforeThem() throws {
    let r = try items(#"{"apiVersion":"v1","kind":"PodList","metadata":{"rv":"1"},"items":[{"a":1},{"items":[2]}]}"#)
    #expect(r.items == [["a": 1], ["items": [2]]])
    #expect(r.header["kind"] == "PodList")
    #expect(r.header.keys == ["apiVersion", "kind", "metadata"])
    #expect(r.hasItems)
  }

  @Test func membersAfterTheItemsArrayAreInTheHeaderAtTheEnd() throws {
    var reader = try JSONListReader(Data(#"{"apiVersion":"v1","items":[ {"x":1} , {"x":2} ],"kind":"List"}"#.utf8))
    #expect(reader.header["kind"] == nil)
    #expect(try reader.next() == ["x": 1])
    #expect(try reader.next() == ["x": 2])
    #expect(try reader.next() == nil)
    #expect(reader.header["kind"] == "List")
    #expect(try reader.next() == nil)
  }

  @Test func aPlainObjectIsTheHeaderWithNoItems() throws {
    let r = try items(#"{"kind":"Pod","metadata":{"name":"p"}}"#)
    #expect(r.items.isEmpty)
    #expect(!r.hasItems)
    #expect(r.header["kind"] == "Pod")
    let empty = try items("{}")
    #expect(empty.items.isEmpty && empty.header.isEmpty)
    let emptyList = try items(#"{"kind":"PodList","items":[]}"#)
    #expect(emptyList.items.isEmpty && emptyList.hasItems && emptyList.header["kind"] == "PodList")
  }

  @Test(arguments: [
    #"{"items":[{"a":1},]}"#, #"{"items":[{"a":1} {"b":2}]}"#, #"{"items":[{"a":1}"#,
    #"{"kind":"x","items":[1]} trailing"#,
    #"{"items":[1],"kind"}"#,
  ])
  func malformedListsFailWithAnOffset(_ text: String) throws {
    #expect(throws: JSONParseError.self) { _ = try items(text) }
  }
}
