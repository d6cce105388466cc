import Foundation
import KSPMCore
import Testing
import YAMLValue

@Suite struct YAMLStreamReaderTests {
  /// Every element, with list items put back into their documents, for comparing with a whole parse.
  func objects(_ text: String, threshold: Int = 0) throws -> [JSONValue] {
    var reader = YAMLStreamReader(Data(text.utf8), streamingThreshold: threshold)
    var result: [JSONValue] = []
    while let element = try reader.next() {
      switch element {
      case .document(let value, _):
        if let items = value["items"]?.arrayValue, !items.isEmpty {
          result.append(contentsOf: items)
        } else {
          result.append(value)
        }
      case .listItem(let value, _, _, _): result.append(value)
      }
    }
    return result
  }

  /// What a whole parse gives, with each top-level `items` list flattened the same way.
  func wholeObjects(_ text: String) throws -> [JSONValue] {
    try YAMLDocuments.parseAll(text).flatMap { document -> [JSONValue] in
      if let items = document["items"]?.arrayValue, !items.isEmpty { return items }
      return [document]
    }
  }

  static let kubectlList = """
    apiVersion: v1
    items:
    - apiVersion: v1
      kind: Pod
      metadata:
        name: web-1
        # a comment inside an item
        annotations:
          script: |
            #!/bin/sh
            echo "- not an item"

            exit 0
      spec:
        containers:
        - name: app
          args: ["--a", "--b"]
        - name: sidecar
    -
      apiVersion: v1
      kind: Pod
      metadata: {name: web-2}
    # a comment between items
    - apiVersion: v1
      kind: Pod
      metadata:
        name: "web-3"
    kind: List
    metadata:
      resourceVersion: ""
    """

  @Test func aListIsReadItemByItemWithItsHeader() throws {
    var reader = YAMLStreamReader(Data(Self.kubectlList.utf8), streamingThreshold: 0)
    var names: [String] = []
    while let element = try reader.next() {
      guard case .listItem(let item, let header, let document, let index) = element else {
        Issue.record("expected list items, got \(element)")
        continue
      }
      #expect(header["kind"]?.stringValue == "List")
      #expect(header["apiVersion"]?.stringValue == "v1")
      #expect(header["items"] == nil)
      #expect(document == 0)
      #expect(index == names.count)
      names.append(item[path: "metadata", "name"]?.stringValue ?? "?")
    }
    #expect(names == ["web-1", "web-2", "web-3"])
    #expect(try objects(Self.kubectlList) == wholeObjects(Self.kubectlList))
  }

  @Test func indentedItemsAndSeveralDocumentsGiveTheSameObjectsAsAWholeParse() throws {
    let texts = [
      """
      kind: PodList
      apiVersion: v1
      items:
        - metadata: {name: a}
          spec:
            containers:
              - name: c
        - metadata: {name: b}
      """,
      """
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: one}
      ---
      # only a comment
      ---
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: v1, kind: Namespace, metadata: {name: two}}
      - apiVersion: v1
        kind: Namespace
        metadata: {name: three}
      ...
      --- !!map
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: four}
      """,
      "apiVersion: v1\nkind: List\nitems: []\n",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\n",
    ]
    for text in texts {
      #expect(try objects(text) == wholeObjects(text), "\(text)")
      #expect(try objects(text, threshold: 1 << 20) == wholeObjects(text), "\(text)")
    }
  }

  @Test func aBrokenItemIsAnErrorNamingItAfterTheGoodOnes() throws {
    let text = """
      kind: List
      items:
      - metadata: {name: ok}
      - metadata: {name: [unclosed
      - metadata: {name: never}
      """
    var reader = YAMLStreamReader(Data(text.utf8), streamingThreshold: 0)
    let first = try reader.next()
    if case .listItem(let item, _, _, _)? = first {
      #expect(item[path: "metadata", "name"]?.stringValue == "ok")
    } else {
      Issue.record("expected the first item, got \(String(describing: first))")
    }
    #expect {
      _ = try reader.next()
    } throws: { error in
      "\(error)".hasPrefix("items[1]:")
    }
  }
}
