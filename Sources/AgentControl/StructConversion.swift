import KSPMCore
import SwiftProtobuf

/// Conversions between `google.protobuf.Struct` (how the agent carries unit configurations) and
/// KSPMCore's `JSONValue`.
extension JSONValue {
  /// The value a protobuf `Struct` holds, as a JSON object. Struct numbers are doubles: a whole
  /// number within Int64's range becomes `.int`, as it was in the policy's YAML.
  public init(protobufStruct: Google_Protobuf_Struct) {
    var object = JSONObject()
    for key in protobufStruct.fields.keys.sorted() {
      object.appendUnchecked(key, JSONValue(protobufValue: protobufStruct.fields[key]!))
    }
    self = .object(object)
  }

  /// The JSON value of one protobuf `Value`.
  public init(protobufValue: Google_Protobuf_Value) {
    switch protobufValue.kind {
    case .none, .nullValue: self = .null
    case .boolValue(let value): self = .bool(value)
    case .stringValue(let value): self = .string(value)
    case .numberValue(let value):
      if value.rounded() == value, value >= -9.2e18, value <= 9.2e18 {
        self = .int(Int64(value))
      } else {
        self = .double(value)
      }
    case .listValue(let list): self = .array(list.values.map(JSONValue.init(protobufValue:)))
    case .structValue(let value): self = JSONValue(protobufStruct: value)
    }
  }

  /// This value as a protobuf `Value`.
  public var protobufValue: Google_Protobuf_Value {
    var value = Google_Protobuf_Value()
    switch self {
    case .null: value.kind = .nullValue(.nullValue)
    case .bool(let bool): value.kind = .boolValue(bool)
    case .int(let int): value.kind = .numberValue(Double(int))
    case .double(let double): value.kind = .numberValue(double)
    case .string(let string): value.kind = .stringValue(string)
    case .array(let array): value.kind = .listValue(Google_Protobuf_ListValue(values: array.map(\.protobufValue)))
    case .object: value.kind = .structValue(protobufStruct ?? Google_Protobuf_Struct())
    }
    return value
  }

  /// This value as a protobuf `Struct`, or `nil` when it is not an object.
  public var protobufStruct: Google_Protobuf_Struct? {
    guard case .object(let object) = self else { return nil }
    var result = Google_Protobuf_Struct()
    for member in object.members { result.fields[member.key] = member.value.protobufValue }
    return result
  }
}
