import AgentControl
import Foundation
import KSPMCore
import SwiftProtobuf
import Testing

@Suite struct StartUpInfoTests {
  @Test func roundTripsThroughTheBinaryEncoding() throws {
    let info = StartUpInfo(
      address: "localhost:6789", serverName: "0123456789abcdef0123456789abcdef", token: "tok-1",
      caCertificatePEM: Array("ca".utf8), peerCertificatePEM: Array("cert".utf8), peerKeyPEM: Array("key".utf8),
      services: [.checkinV2], supportsChunking: true, maxMessageSize: 104_857_600,
      agentInfo: AgentInfo(id: "agent-1", version: "9.1.0", snapshot: true, managed: false, unprivileged: true))
    let decoded = try StartUpInfo(serializedBytes: try info.serializedBytes())
    #expect(decoded == info)
    #expect(decoded.grantsCheckinV2)
  }

  @Test func decodesTheAgentsFieldNumbers() throws {
    var message = Proto_StartUpInfo()
    message.addr = "127.0.0.1:6789"
    message.serverName = "name"
    message.token = "t"
    message.caCert = Data("C".utf8)
    message.peerCert = Data("P".utf8)
    message.peerKey = Data("K".utf8)
    message.services = [.checkinV2]
    message.agentInfo.version = "8.19.0"
    let bytes: [UInt8] = try message.serializedBytes()
    // addr is field 1 (tag 0x0a), server_name field 2 (0x12), token field 3 (0x1a).
    #expect(Array(bytes.prefix(2)) == [0x0A, 14])
    let info = try StartUpInfo(serializedBytes: bytes)
    #expect(info.address == "127.0.0.1:6789")
    #expect(info.peerKeyPEM == Array("K".utf8))
    #expect(info.agentInfo?.version == "8.19.0")
    #expect(info.agentInfo?.managed == true)
  }

  @Test func readsStandardInputToItsEnd() throws {
    let info = StartUpInfo(
      address: "unix:///run/agent.sock", serverName: "s", token: "t", caCertificatePEM: [], peerCertificatePEM: [],
      peerKeyPEM: [], services: [])
    let pipe = Pipe()
    try pipe.fileHandleForWriting.write(contentsOf: Data(try info.serializedBytes()))
    try pipe.fileHandleForWriting.close()
    let read = try StartUpInfo.read(from: pipe.fileHandleForReading)
    #expect(read == info)
    #expect(!read.grantsCheckinV2)
  }

  @Test func convertsProtobufStructsToJSONValues() {
    let value: JSONValue = [
      "hosts": ["https://es:9200"], "bulk_max_size": 50, "ratio": 0.5, "enabled": true, "none": nil,
      "ssl": ["verification_mode": "full"],
    ]
    let converted = JSONValue(protobufStruct: value.protobufStruct!)
    #expect(converted["bulk_max_size"] == .int(50))
    #expect(converted["ratio"] == .double(0.5))
    #expect(converted["hosts"] == ["https://es:9200"])
    #expect(converted[path: "ssl", "verification_mode"] == "full")
    #expect(converted["none"] == .null)
    #expect(converted["enabled"] == true)
  }
}
