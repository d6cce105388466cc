import Foundation
import KSPMCore
import YAMLValue

/// Reads Kubernetes objects from YAML or JSON files and folders instead of an API server:
/// offline scans of manifests and of cluster dumps (`kubectl get … -o yaml`).
///
/// Multi-document YAML and `List` kinds (`v1/List`, `PodList`, …) are expanded. A file that does
/// not parse is reported with its path and skipped; the other files are still scanned. Each file
/// is parsed whole, so memory is bounded by the largest file, not by the number of files.
public struct ManifestCollector: ResourceCollector {
  public let name = "manifests"
  public let scope = CollectionScope.cluster
  public let paths: [String]
  /// Kinds to keep; objects of other kinds are counted and skipped.
  public let kinds: Set<String>
  public let pageSize: Int
  /// Files larger than this are skipped with a warning.
  public let maxFileSize: Int

  public init(paths: [String], kinds: [KubernetesKind], pageSize: Int = 200, maxFileSize: Int = 512 << 20) {
    self.paths = paths
    self.kinds = Set(kinds.map(\.kind))
    self.pageSize = pageSize
    self.maxFileSize = maxFileSize
  }

  public func collect(
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    var page: [Resource] = []
    var filesRead = 0
    var skippedKinds: [String: Int] = [:]
    for file in try manifestFiles(diagnostics: diagnostics) {
      try Task.checkCancellation()
      guard let documents = read(file, diagnostics: diagnostics) else { continue }
      filesRead += 1
      for (index, document) in documents.enumerated() {
        for object in expand(document, file: file, index: index, diagnostics: diagnostics) {
          guard let kind = object["kind"]?.stringValue else { continue }
          guard kinds.contains(kind) else {
            skippedKinds[kind, default: 0] += 1
            continue
          }
          page.append(resource(for: object, file: file))
          if page.count >= pageSize {
            try await emit(page)
            page.removeAll(keepingCapacity: true)
          }
        }
      }
    }
    if !page.isEmpty { try await emit(page) }
    if !skippedKinds.isEmpty {
      let list = skippedKinds.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
      diagnostics.info(collector: name, message: "ignored kinds no rule reads: \(list)")
    }
    if filesRead == 0 {
      throw CollectorError("no readable manifest in \(paths.joined(separator: ", "))")
    }
  }

  /// Every `.yaml`, `.yml` and `.json` file named or found below a named folder, in a stable order.
  func manifestFiles(diagnostics: any ScanDiagnostics) throws -> [String] {
    var files: [String] = []
    let fm = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        diagnostics.warning(collector: name, subject: path, message: "no such file or directory")
        continue
      }
      if !isDirectory.boolValue {
        files.append(path)
        continue
      }
      guard let walker = fm.enumerator(atPath: path) else {
        diagnostics.warning(collector: name, subject: path, message: "cannot list the folder")
        continue
      }
      var found: [String] = []
      while let relative = walker.nextObject() as? String {
        let lower = relative.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") {
          found.append((path as NSString).appendingPathComponent(relative))
        }
      }
      if found.isEmpty {
        diagnostics.warning(collector: name, subject: path, message: "no .yaml, .yml or .json files in the folder")
      }
      files.append(contentsOf: found.sorted())
    }
    return files
  }

  /// The documents of one file, or `nil` (with a warning) when it cannot be read or parsed.
  func read(_ file: String, diagnostics: any ScanDiagnostics) -> [JSONValue]? {
    let data: Data
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: file)
      if let size = attributes[.size] as? Int, size > maxFileSize {
        diagnostics.warning(
          collector: name, subject: file, message: "file is \(size) bytes, larger than the \(maxFileSize) byte limit")
        return nil
      }
      data = try Data(contentsOf: URL(fileURLWithPath: file))
    } catch {
      diagnostics.warning(collector: name, subject: file, message: "cannot read: \(Self.reason(error))")
      return nil
    }
    let firstByte = data.first { !(" \t\r\n" as String).utf8.contains($0) }
    do {
      if firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") {
        let value = try JSONParser.parse(data)
        if case .array(let items) = value { return items }
        return [value]
      }
      guard let text = String(data: data, encoding: .utf8) else {
        diagnostics.warning(collector: name, subject: file, message: "not UTF-8 text")
        return nil
      }
      return try YAMLDocuments.parseAll(text)
    } catch {
      diagnostics.warning(collector: name, subject: file, message: "cannot parse: \(error)")
      return nil
    }
  }

  /// A document, or the items of a `…List` document, each with `kind`/`apiVersion` filled in.
  func expand(_ document: JSONValue, file: String, index: Int, diagnostics: any ScanDiagnostics) -> [JSONValue] {
    guard case .object = document, let kind = document["kind"]?.stringValue else {
      diagnostics.warning(
        collector: name, subject: "\(file) (document \(index + 1))",
        message: "not a Kubernetes object: no \"kind\"")
      return []
    }
    guard kind.hasSuffix("List"), let items = document["items"]?.arrayValue else { return [document] }
    let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
    let listVersion = document["apiVersion"]?.stringValue
    var objects: [JSONValue] = []
    objects.reserveCapacity(items.count)
    for (itemIndex, item) in items.enumerated() {
      guard case .object(var object) = item else {
        diagnostics.warning(
          collector: name, subject: "\(file) (document \(index + 1), item \(itemIndex + 1))",
          message: "list item is not an object")
        continue
      }
      if object["kind"] == nil, let itemKind { object["kind"] = .string(itemKind) }
      if object["apiVersion"] == nil, let listVersion, itemKind != nil { object["apiVersion"] = .string(listVersion) }
      if object["kind"]?.stringValue == nil {
        diagnostics.warning(
          collector: name, subject: "\(file) (document \(index + 1), item \(itemIndex + 1))",
          message: "not a Kubernetes object: no \"kind\"")
        continue
      }
      objects.append(.object(object))
    }
    return objects
  }

  /// The resource for an object; objects written by hand have no uid, so one is derived from
  /// kind, namespace and name (stable across scans of the same manifests).
  func resource(for object: JSONValue, file: String) -> Resource {
    var value = object
    if case .object(var o) = object, case .object(var metadata)? = o["metadata"], metadata["managedFields"] != nil {
      metadata["managedFields"] = nil
      o["metadata"] = .object(metadata)
      value = .object(o)
    }
    let kubernetes = KubernetesObject(object: value)
    var resource = Resource.kubernetes(kubernetes)
    if kubernetes.uid.isEmpty {
      resource.rawID =
        "manifest:\(kubernetes.apiVersion)/\(kubernetes.kind)/\(kubernetes.namespace ?? "")/\(kubernetes.name)"
    }
    return resource
  }

  static func reason(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return ns.localizedDescription
  }
}

/// A collector could not run at all.
public struct CollectorError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
