import AWS
import Foundation
import KSPMCore
import Testing

/// The public SigV4 test suite of awslabs/aws-c-auth (`Tests/Fixtures/sigv4`, see its README):
/// every case, signed in the `Authorization` header and as a presigned URL, must give the
/// suite's canonical request, string to sign, signature and signed request exactly.
@Suite struct SigV4ConformanceTests {
  @Test func theWholeSuiteIsPresent() throws {
    // A case lost from the fixtures must not pass unnoticed: the suite has 38.
    #expect(SigV4Case.names.count == 38)
  }

  @Test(arguments: SigV4Case.names)
  func headerSigning(_ name: String) throws {
    let testCase = try SigV4Case(name: name)
    let signed = testCase.signer.sign(
      testCase.request, credentials: testCase.credentials, region: testCase.region, service: testCase.service,
      date: testCase.date)
    #expect(signed.canonicalRequest == (try testCase.expected("header-canonical-request.txt")))
    #expect(signed.stringToSign == (try testCase.expected("header-string-to-sign.txt")))
    #expect(signed.signature == (try testCase.expected("header-signature.txt")))
    #expect(
      testCase.render(signed.request, target: testCase.target) == (try testCase.expected("header-signed-request.txt")))
  }

  @Test(arguments: SigV4Case.names)
  func querySigning(_ name: String) throws {
    let testCase = try SigV4Case(name: name)
    let signed = testCase.signer.presign(
      testCase.request, credentials: testCase.credentials, region: testCase.region, service: testCase.service,
      date: testCase.date, expires: testCase.expires)
    #expect(signed.canonicalRequest == (try testCase.expected("query-canonical-request.txt")))
    #expect(signed.stringToSign == (try testCase.expected("query-string-to-sign.txt")))
    #expect(signed.signature == (try testCase.expected("query-signature.txt")))
    // The request's own parameters stay first and unchanged; the signer's follow.
    let original = testCase.request.query.count
    try #require(signed.request.query.count > original)
    #expect(
      signed.request.query.prefix(original).map { "\($0.name)=\($0.value)" }
        == testCase.request.query.map { "\($0.name)=\($0.value)" })
    let added = AWSPercentEncoding.encode(pairs: Array(signed.request.query.dropFirst(original)))
    let target = testCase.target + (testCase.target.contains("?") ? "&" : "?") + added
    #expect(testCase.render(signed.request, target: target) == (try testCase.expected("query-signed-request.txt")))
  }
}

/// One folder of the suite: its raw request and its `context.json`, read as the suite's own
/// harness reads them.
struct SigV4Case {
  static var folder: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/sigv4")
  }

  /// The case folders, in name order.
  static let names: [String] = {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return entries.filter { entry in
      var isFolder: ObjCBool = false
      return FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry).path, isDirectory: &isFolder)
        && isFolder.boolValue
    }.sorted()
  }()

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let name: String
  let request: AWSRequest
  /// The request line's method and target as written.
  let method: String
  let target: String
  let credentials: AWSCredentials
  let region: String
  let service: String
  let date: Date
  let expires: Int
  let signer: SigV4Signer

  init(name: String) throws {
    self.name = name
    let raw = try String(contentsOf: Self.folder.appendingPathComponent("\(name)/request.txt"), encoding: .utf8)
    (method, target, request) = try Self.parseRequest(raw, name: name)
    let context = try JSONParser.parse(
      try String(contentsOf: Self.folder.appendingPathComponent("\(name)/context.json"), encoding: .utf8))
    // Every flag must be understood: one ignored silently would make a case pass for nothing.
    let known: Set<String> = [
      "credentials", "expiration_in_seconds", "normalize", "region", "service", "sign_body", "timestamp",
      "omit_session_token",
    ]
    let keys = Set(context.objectValue?.keys ?? [])
    guard keys.isSubset(of: known) else {
      throw Failure(
        description: "\(name): context.json has keys this harness does not apply: \(keys.subtracting(known))")
    }
    let knownCredentials: Set<String> = ["access_key_id", "secret_access_key", "token"]
    guard let accessKey = context[path: "credentials", "access_key_id"]?.stringValue,
      let secret = context[path: "credentials", "secret_access_key"]?.stringValue,
      Set(context["credentials"]?.objectValue?.keys ?? []).isSubset(of: knownCredentials),
      let region = context["region"]?.stringValue, let service = context["service"]?.stringValue,
      let timestamp = context["timestamp"]?.stringValue, let date = Timestamp.parse(timestamp),
      let expires = context["expiration_in_seconds"]?.intValue, let normalize = context["normalize"]?.boolValue,
      let signBody = context["sign_body"]?.boolValue
    else {
      throw Failure(description: "\(name): context.json lacks a field or has one of the wrong type")
    }
    credentials = AWSCredentials(
      accessKeyID: accessKey, secretAccessKey: ConfigSecret(secret),
      sessionToken: context[path: "credentials", "token"]?.stringValue.map(ConfigSecret.init), source: "the test suite")
    self.region = region
    self.service = service
    self.date = date
    self.expires = Int(expires)
    signer = SigV4Signer(
      options: .init(
        normalizePath: normalize, signSessionToken: !(context["omit_session_token"]?.boolValue ?? false),
        addContentSHA256Header: signBody, hashPayload: signBody))
  }

  /// The expected text of one of the case's files.
  func expected(_ file: String) throws -> String {
    try String(contentsOf: Self.folder.appendingPathComponent("\(name)/\(file)"), encoding: .utf8)
  }

  /// The request as the suite writes a signed one: request line, header lines as stored (folded
  /// values keep their line breaks), a blank line, the body.
  func render(_ request: AWSRequest, target: String) -> String {
    var text = "\(method) \(target) HTTP/1.1\n"
    for (name, value) in request.headers { text += "\(name):\(value)\n" }
    return text + "\n" + String(decoding: request.body, as: UTF8.self)
  }

  /// Method, target and request of a raw HTTP/1.1 request whose target may contain spaces and
  /// raw UTF-8, with `Name:value` headers and obs-fold continuation lines.
  static func parseRequest(_ raw: String, name: String) throws -> (String, String, AWSRequest) {
    let (head, body) =
      raw.range(of: "\n\n").map { (String(raw[..<$0.lowerBound]), String(raw[$0.upperBound...])) } ?? (raw, "")
    var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let requestLine = lines.removeFirst()
    guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
      firstSpace < lastSpace, requestLine[lastSpace...] == " HTTP/1.1"
    else { throw Failure(description: "\(name): request line \(requestLine) is not METHOD TARGET HTTP/1.1") }
    let method = String(requestLine[..<firstSpace])
    let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
    var headers: [(name: String, value: String)] = []
    for line in lines {
      if line.first == " " || line.first == "\t" {
        guard !headers.isEmpty else { throw Failure(description: "\(name): a continuation line comes first") }
        headers[headers.count - 1].value += "\n" + line
      } else {
        guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "\(name): header \(line)") }
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
      }
    }
    let path = String(target.prefix { $0 != "?" })
    var query: [(name: String, value: String)] = []
    if let mark = target.firstIndex(of: "?") {
      for pair in target[target.index(after: mark)...].split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard let key = AWSPercentEncoding.decode(String(parts[0])),
          let value = AWSPercentEncoding.decode(parts.count > 1 ? String(parts[1]) : "")
        else { throw Failure(description: "\(name): query part \(pair) is not percent-encoded UTF-8") }
        query.append((key, value))
      }
    }
    guard let host = headers.first(where: { $0.name.lowercased() == "host" })?.value else {
      throw Failure(description: "\(name): no Host header")
    }
    return (
      method, target,
      AWSRequest(method: method, host: host, path: path, query: query, headers: headers, body: Array(body.utf8))
    )
  }
}
