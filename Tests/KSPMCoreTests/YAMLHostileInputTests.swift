import Foundation
import KSPMCore
import Testing
import YAMLValue

/// YAML is read as Kubernetes tooling reads it, and no small text expands into a huge value.
@Suite struct YAMLHostileInputTests {
  /// "Billion laughs": nine levels of ten aliases each.
  static let laughs: String = {
    var lines = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
      lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n") + "\n"
  }()

  @Test func manyAliasesOfSmallValuesStopAtTheNodeLimit() {
    #expect(Self.laughs.utf8.count < 1024)
    #expect {
      _ = try YAMLDocuments.parseAll(Self.laughs)
    } throws: { error in
      "\(error)".contains("aliases expand to too many nodes")
    }
  }

  @Test func fewAliasesOfABigValueStopAtTheByteLimit() {
    // 1 MiB of text referenced 64 times is 64 MiB: far beyond what aliases may add.
    let big = String(repeating: "x", count: 1 << 20)
    let text = "big: &big \"\(big)\"\ncopies: [" + Array(repeating: "*big", count: 64).joined(separator: ", ") + "]\n"
    #expect {
      _ = try YAMLDocuments.parseAll(text)
    } throws: { error in
      "\(error)".contains("aliases expand to too much text")
    }
  }

  @Test func ordinaryAliasesStillWork() throws {
    let value = try YAMLDocuments.parse("a: &x {k: v}\nb: *x\nc: [*x, *x]\n")
    #expect(value["b"] == ["k": "v"])
    #expect(value["c"]?.arrayValue?.count == 2)
  }

  @Test func mergeKeysMergeAndExplicitKeysWin() throws {
    let value = try YAMLDocuments.parse(
      """
      base: &base {image: nginx, imagePullPolicy: Always, securityContext: {privileged: false}}
      extra: &extra {privileged: true, name: extra}
      container:
        <<: *base
        imagePullPolicy: IfNotPresent
      both:
        <<: [*extra, *base]
      """)
    #expect(value[path: "container", "image"] == "nginx")
    #expect(value[path: "container", "imagePullPolicy"] == "IfNotPresent")
    #expect(value["container"]?.objectValue?["<<"] == nil)
    #expect(value[path: "both", "name"] == "extra")
    #expect(value[path: "both", "image"] == "nginx")
    #expect {
      _ = try YAMLDocuments.parse("a:\n  <<: 3\n")
    } throws: { error in
      "\(error)".contains("merge key")
    }
  }

  @Test func yaml11BooleansAsKubectlReadsThem() throws {
    let value = try YAMLDocuments.parse(
      "a: y\nb: N\nc: yes\nd: off\ne: On\nf: \"y\"\ng: 'n'\nh: yes please\n")
    #expect(value["a"] == true)
    #expect(value["b"] == false)
    #expect(value["c"] == true)
    #expect(value["d"] == false)
    #expect(value["e"] == true)
    #expect(value["f"] == "y", "quoted stays a string")
    #expect(value["g"] == "n")
    #expect(value["h"] == "yes please")
  }

  /// A dump over the streaming threshold is read exactly as a small one, aliases across items included.
  @Test func aBigListWithAnAnchorInOneItemUsedInALaterOneReadsAsASmallOne() throws {
    var text = "apiVersion: v1\nkind: List\nitems:\n"
    text += "- kind: Pod\n  metadata: {name: first}\n  spec: &spec {containers: [{name: c}]}\n"
    for i in 0..<20_000 { text += "- kind: Pod\n  metadata: {name: pod-\(i)}\n  spec: *spec\n" }
    #expect(text.utf8.count > 1 << 20)
    var reader = YAMLStreamReader(Data(text.utf8))
    var names: [String] = []
    var withContainers = 0
    while let element = try reader.next() {
      switch element {
      case .document(let document, _):
        for item in document["items"]?.arrayValue ?? [] {
          names.append(item[path: "metadata", "name"]?.stringValue ?? "")
          if item[path: "spec", "containers"] != nil { withContainers += 1 }
        }
      case .listItem(let item, _, _, _):
        names.append(item[path: "metadata", "name"]?.stringValue ?? "")
        if item[path: "spec", "containers"] != nil { withContainers += 1 }
      }
    }
    #expect(names.count == 20_001)
    #expect(withContainers == 20_001)
  }
}
