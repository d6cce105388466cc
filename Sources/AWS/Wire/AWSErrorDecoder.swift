import Foundation
import KSPMCore

/// Reads the error code, message and request id of a failed answer, as each protocol writes
/// them.
///
/// - query: `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error><RequestId>…`
///   (also the EC2 shape `<Response><Errors><Error>…<RequestID>`).
/// - JSON 1.1 and rest-json: the `x-amzn-ErrorType` header, else the body's `code` or `__type`;
///   any `namespace#` prefix and `:…` suffix removed; the message in `message` or `Message`.
///
/// An answer without a readable code gets `HTTP <status>` and the start of its body as message.
enum AWSErrorDecoder {
  struct Decoded: Equatable {
    var code: String
    var message: String
    var requestID: String?
  }

  static func decode(_ response: AWSResponse, protocol wireProtocol: AWSProtocol) -> Decoded {
    var decoded: Decoded?
    switch wireProtocol {
    case .query: decoded = xml(response.body)
    case .json11, .restJSON: decoded = json(response)
    }
    var result = decoded ?? Decoded(code: "HTTP \(response.status)", message: snippet(response.body))
    if result.requestID == nil {
      result.requestID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
    }
    result.message = JSONWriter.truncated(result.message, limit: 1000)
    return result
  }

  private static func xml(_ body: [UInt8]) -> Decoded? {
    guard let root = try? XMLReader.parse(body),
      let error = root.localName == "Error" ? root : root.descendant("Error"),
      let code = error.string("Code"), !code.isEmpty
    else { return nil }
    let requestID = (root.descendant("RequestId") ?? root.descendant("RequestID"))?.text.trimmingXMLWhitespace()
    return Decoded(code: code, message: error.string("Message") ?? "", requestID: requestID)
  }

  private static func json(_ response: AWSResponse) -> Decoded? {
    let body = response.body.isEmpty ? nil : try? JSONParser.parse(response.body)
    let candidates = [
      response.header("x-amzn-ErrorType"), body?["code"]?.stringValue, body?["__type"]?.stringValue,
      body?["Code"]?.stringValue,
    ]
    guard let raw = candidates.compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
    let code = sanitize(raw)
    guard !code.isEmpty else { return nil }
    let message =
      body?["message"]?.stringValue ?? body?["Message"]?.stringValue ?? body?["errorMessage"]?.stringValue ?? ""
    return Decoded(code: code, message: message, requestID: nil)
  }

  /// `aws.protocoltests#FooError:http://…` → `FooError`.
  static func sanitize(_ code: String) -> String {
    var code = Substring(code)
    if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
    if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
    return code.trimmingCharacters(in: .whitespaces)
  }

  /// The first 200 bytes of a body as printable text.
  static func snippet(_ body: [UInt8]) -> String {
    let text = String(decoding: body.prefix(200), as: UTF8.self)
    let printable = text.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 ? " " : String($0) }
      .joined()
    return printable.split(separator: " ").joined(separator: " ")
  }
}
