import KSPMCore
import Testing
import YAMLValue

@Suite struct JSONParserTests {
  @Test func parsesNestedDocumentKeepingMemberOrder() throws {
    let value = try JSONParser.parse(#"{"b": [1, -2.5, true, null], "a": {"x": "y\n\u00e9\ud83d\ude00"}}"#)
    #expect(value.objectValue?.keys == ["b", "a"])
    #expect(value["b"] == [1, -2.5, true, nil])
    #expect(value[path: "a", "x"]?.stringValue == "y\né😀")
  }

  @Test func roundTripsThroughTheWriter() throws {
    let text = #"{"k":"quote\" back\\ tab\t ctl\u0001","n":12345678901,"d":0.25,"e":[],"o":{}}"#
    let value = try JSONParser.parse(text)
    #expect(JSONWriter.string(value) == text)
    #expect(try JSONParser.parse(JSONWriter.serialize(value)) == value)
  }

  @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "tru", "\"abc", "{} x", "[1 2]", "-", "1.", "\"\u{01}\""])
  func rejectsMalformedInput(_ text: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
  }

  @Test func limitsNestingDepth() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
  }

  @Test func laterDuplicateKeyWins() throws {
    let value = try JSONParser.parse(#"{"a":1,"a":2}"#)
    #expect(value.objectValue?.count == 1)
    #expect(value["a"] == 2)
  }
}

@Suite struct NameBasedUUIDTests {
  @Test func sha1MatchesKnownVectors() {
    let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
    #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(hex(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(hex(SHA1.hash(long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
  }

  @Test func ruleIDMatchesKibanasRuleTemplate() {
    let id = RuleMetadata.ruleID(
      benchmarkName: "CIS Kubernetes V1.23",
      title: "Ensure that the API server pod specification file permissions are set to 644 or more restrictive",
      number: "1.1.1")
    #expect(id == "c444d9e3-d3de-5598-90e7-95a922b51664")
  }

  @Test func resourceIDMatchesCloudbeatsHashing() {
    let id = NameBasedUUID.v5(
      namespace: NameBasedUUID.resourceNamespace,
      name: "3a0e1f7c-5b7d-4c55-9a8e-2f1f0e6d9b11" + "b7c2d9e4-1f3a-4e8b-9c6d-0a1b2c3d4e5f"
        + "/hostfs/etc/kubernetes/manifests/kube-apiserver.yaml")
    #expect(id == "48516f92-620d-52ce-b3ce-ee583af01499")
    let k8s = NameBasedUUID.v5(
      namespace: NameBasedUUID.resourceNamespace, name: "6f1d9c2a-8e4b-4f0a-9d3c-7b2e1a0c5d4f")
    #expect(k8s == "c2e5ae29-6a70-5d9c-95c9-a57d8a13dd9d")
  }
}

@Suite struct ProcessFlagsTests {
  @Test func readsBothFlagFormsAndLastOccurrenceWins() {
    let flags = ProcessFlags(arguments: [
      "/usr/bin/kube-apiserver", "--profiling=false", "--authorization-mode", "Node,RBAC", "--anonymous-auth",
      "--secure-port=6443", "--secure-port=0", "-v", "2",
    ])
    #expect(flags.value("--profiling") == "false")
    #expect(flags.list("authorization-mode") == ["Node", "RBAC"])
    #expect(flags.value("anonymous-auth") == "")
    #expect(flags.contains("anonymous-auth"))
    #expect(flags.value("secure-port") == "0")
    #expect(flags.values("secure-port") == ["6443", "0"])
    #expect(flags.value("v") == "2")
    #expect(flags.value("token-auth-file") == nil)
  }
}

@Suite struct YAMLDocumentsTests {
  @Test func readsMultiDocumentStreamsWithTypedScalars() throws {
    let docs = try YAMLDocuments.parseAll(
      """
      apiVersion: v1
      kind: Pod
      spec:
        hostPID: true
        port: 8080
        ratio: 0.5
        name: "8080"
        empty: null
      ---
      ---
      kind: List
      items: []
      """)
    #expect(docs.count == 2)
    #expect(docs[0][path: "spec", "hostPID"] == true)
    #expect(docs[0][path: "spec", "port"] == 8080)
    #expect(docs[0][path: "spec", "ratio"] == 0.5)
    #expect(docs[0][path: "spec", "name"] == "8080")
    #expect(docs[0][path: "spec", "empty"] == .null)
    #expect(docs[1]["kind"] == "List")
  }

  @Test func reportsWhereMalformedYAMLBreaks() {
    #expect(throws: YAMLParseError.self) { try YAMLDocuments.parseAll("a: [1, 2\nb: c") }
  }

  @Test func refusesAliasBombs() {
    var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1..<9 {
      text +=
        "a\(i): &a\(i) [*a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1), *a\(i-1)]\n"
    }
    #expect(throws: YAMLParseError.self) { try YAMLDocuments.parseAll(text) }
  }
}
