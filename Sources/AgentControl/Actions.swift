import Foundation
import KSPMCore
import SwiftProtobuf

/// An action the agent asks this component to perform.
public struct ActionRequest: Sendable, Hashable {
  /// What kind of action.
  public enum Kind: Int, Sendable, Hashable {
    case custom = 0
    case diagnostics = 1
  }

  /// For diagnostics: what to collect for.
  public enum Level: Int, Sendable, Hashable {
    case all = 0
    case component = 1
    case unit = 2
  }

  public var id: String
  /// The action's name (custom actions only).
  public var name: String
  /// Parameters as JSON text.
  public var params: [UInt8]
  public var unitID: String
  public var unitType: UnitType
  public var kind: Kind
  public var level: Level

  init(_ message: Proto_ActionRequest) {
    id = message.id
    name = message.name
    params = Array(message.params)
    unitID = message.unitID
    unitType = UnitType(message.unitType)
    kind = Kind(rawValue: message.type.rawValue) ?? .custom
    level = Level(rawValue: message.level.rawValue) ?? .all
  }
}

/// One file of a diagnostics answer.
public struct DiagnosticFile: Sendable, Hashable {
  public var name: String
  public var filename: String
  public var description: String
  public var contentType: String
  public var content: [UInt8]
  public var generated: Date

  public init(
    name: String, filename: String, description: String = "", contentType: String, content: [UInt8],
    generated: Date = Date()
  ) {
    self.name = name
    self.filename = filename
    self.description = description
    self.contentType = contentType
    self.content = content
    self.generated = generated
  }
}

/// What a handler answers.
public enum ActionResult: Sendable, Hashable {
  /// Success with a JSON result.
  case success(JSONValue)
  /// Failure; the agent sees `{"error": message}`.
  case failed(String)
  /// Success with diagnostics files.
  case diagnostics([DiagnosticFile])
}

/// Answers one action request.
public typealias ActionHandler = @Sendable (ActionRequest) async -> ActionResult

extension ActionResult {
  /// The response message for request `id`.
  func response(token: String, id: String) -> Proto_ActionResponse {
    var response = Proto_ActionResponse()
    response.token = token
    response.id = id
    switch self {
    case .success(let value):
      response.status = .success
      response.result = Data(JSONWriter.serialize(value))
    case .failed(let message):
      response.status = .failed
      response.result = Data(JSONWriter.serialize(.object(JSONObject([.init(key: "error", value: .string(message))]))))
    case .diagnostics(let files):
      response.status = .success
      response.diagnostic = files.map { file in
        var result = Proto_ActionDiagnosticUnitResult()
        result.name = file.name
        result.filename = file.filename
        result.description_p = file.description
        result.contentType = file.contentType
        result.content = Data(file.content)
        result.generated = Google_Protobuf_Timestamp(date: file.generated)
        return result
      }
    }
    return response
  }
}
