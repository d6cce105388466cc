import Foundation
import KSPMCore
import YAMLValue

/// Reads Kubernetes objects from YAML or JSON files and folders instead of an API server:
/// offline scans of manifests and of cluster dumps (`kubectl get … -o yaml`).
///
/// Multi-document YAML and `List` kinds (`v1/List`, `PodList`, …) are expanded. A file that does
/// not parse is reported with its path and skipped; the other files are still scanned. Small files
/// are parsed whole; JSON lists and YAML files over 1 MiB are read item by item, and a JSON list
/// over 1 MiB is memory-mapped with the pages already read let go, so its memory stays flat.
public struct ManifestCollector: ResourceCollector {
  public let name = "manifests"
  public let scope = CollectionScope.cluster
  public let paths: [String]
  /// Kinds to keep; objects of other kinds are counted and skipped.
  public let kinds: Set<String>
  public let pageSize: Int
  /// Files larger than this are skipped with a warning.
  public let maxFileSize: Int
  /// Copies of streams with the stream they hold (``ManifestSpool/originals``): a resource's
  /// ``Resource/sourceFile`` names the stream, or nothing for standard input.
  public let originals: [String: String]

  /// The largest manifest file read: 512 MiB.
  public static let defaultMaxFileSize = 512 << 20

  public init(
    paths: [String], kinds: [KubernetesKind], pageSize: Int = 200,
    maxFileSize: Int = ManifestCollector.defaultMaxFileSize, originals: [String: String] = [:]
  ) {
    self.originals = originals
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
    let pass = ManifestPass(collector: name, diagnostics: diagnostics)
    defer { pass.finish() }
    for file in try manifestFiles(diagnostics: diagnostics) {
      try Task.checkCancellation()
      guard let loaded = load(file, diagnostics: diagnostics) else { continue }
      pass.beginFile()
      let data = loaded.data
      if Self.startsWithObject(data) {
        // JSON object, possibly a big list: stream its items one at a time.
        do {
          var reader = try JSONListReader(data)
          var pending: [JSONValue] = []
          var itemIndex = 0
          while let item = try reader.next() {
            itemIndex += 1
            guard case .object(var object) = item else {
              pass.skip(file: file, location: "\(file) (item \(itemIndex))", reason: Self.notAnObject(item))
              continue
            }
            if object["kind"] == nil {
              guard let listKind = reader.header["kind"]?.stringValue else {
                pending.append(item)
                continue
              }
              Self.fillType(&object, listKind: listKind, listVersion: reader.header["apiVersion"]?.stringValue)
              if object["kind"] == nil {
                pass.skip(file: file, location: "\(file) (item \(itemIndex))", reason: Self.noKind(object))
                continue
              }
            }
            if let resource = accept(.object(object), file: file, pass: pass) {
              page.append(resource)
              if page.count >= pageSize {
                try await emit(page)
                page.removeAll(keepingCapacity: true)
                loaded.mapping?.release(before: reader.offset)
              }
            } else if itemIndex % 1024 == 0 {
              // A pass that keeps few items (the cluster context's) lets go of what it read too.
              loaded.mapping?.release(before: reader.offset)
            }
          }
          var documents: [JSONValue] = []
          if reader.hasItems {
            var header = reader.header
            header["items"] = .array(pending)
            if !pending.isEmpty || header["kind"]?.stringValue?.hasSuffix("List") != true {
              documents = [.object(header)]
            }
          } else {
            documents = [reader.nonObjectDocument ?? .object(reader.header)]
          }
          try await emitDocuments(
            documents, file: file, page: &page, pass: pass, diagnostics: diagnostics, emit: emit)
          filesRead += 1
          pass.finishFile(file)
        } catch let error as JSONParseError {
          diagnostics.warning(collector: name, subject: file, message: "cannot parse: \(error)")
          // Items before the error were already scanned; the file is reported, not counted as read.
        }
        continue
      }
      if data.count > Self.yamlStreamingThreshold, !Self.startsWithArray(data) {
        // A big YAML file (a `kubectl get -o yaml` dump): one document, or one list item, at a time.
        if try await streamYAML(
          data, file: file, page: &page, pass: pass, diagnostics: diagnostics, emit: emit)
        {
          filesRead += 1
          pass.finishFile(file)
        }
        continue
      }
      guard let documents = parse(data, file: file, diagnostics: diagnostics) else { continue }
      filesRead += 1
      try await emitDocuments(
        documents, file: file, page: &page, pass: pass, diagnostics: diagnostics, emit: emit)
      pass.finishFile(file)
    }
    if !page.isEmpty { try await emit(page) }
    if !pass.skippedKinds.isEmpty {
      let list = pass.skippedKinds.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
      diagnostics.info(collector: name, message: "ignored kinds no rule reads: \(list)")
    }
    if filesRead == 0 {
      throw CollectorError("no manifest could be read and parsed in \(paths.joined(separator: ", "))")
    }
  }

  /// YAML files larger than this are read document by document and list item by list item.
  static let yamlStreamingThreshold = 1 << 20

  static func startsWithArray(_ data: Data) -> Bool {
    data.first { !(" \t\r\n" as String).utf8.contains($0) } == UInt8(ascii: "[")
  }

  /// Streams a big YAML file; `false` (after a warning) when it could not be read to the end.
  /// Objects before a syntax error were already scanned, as for JSON lists.
  private func streamYAML(
    _ data: Data, file: String, page: inout [Resource], pass: ManifestPass,
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws -> Bool {
    var reader = YAMLStreamReader(data, streamingThreshold: Self.yamlStreamingThreshold)
    do {
      while let element = try reader.next() {
        try Task.checkCancellation()
        switch element {
        case .document(let document, let index):
          try await emitDocuments(
            [document], file: file, firstIndex: index, page: &page, pass: pass, diagnostics: diagnostics,
            emit: emit)
        case .listItem(let item, let header, let document, let itemIndex):
          guard case .object(var object) = item else {
            pass.skip(
              file: file, location: "\(file) (document \(document + 1), item \(itemIndex + 1))",
              reason: Self.notAnObject(item))
            continue
          }
          if object["kind"] == nil, let listKind = header["kind"]?.stringValue {
            Self.fillType(&object, listKind: listKind, listVersion: header["apiVersion"]?.stringValue)
          }
          guard object["kind"] != nil else {
            pass.skip(
              file: file, location: "\(file) (document \(document + 1), item \(itemIndex + 1))",
              reason: Self.noKind(object))
            continue
          }
          guard let resource = accept(.object(object), file: file, pass: pass) else { continue }
          page.append(resource)
          if page.count >= pageSize {
            try await emit(page)
            page.removeAll(keepingCapacity: true)
          }
        }
      }
      return true
    } catch let error as YAMLParseError {
      diagnostics.warning(collector: name, subject: file, message: "cannot parse: \(error)")
      return false
    }
  }

  /// Expands documents (and their lists) into resources, emitting full pages.
  private func emitDocuments(
    _ documents: [JSONValue], file: String, firstIndex: Int = 0, page: inout [Resource], pass: ManifestPass,
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    for (index, document) in documents.enumerated() {
      for object in expand(document, file: file, index: firstIndex + index, pass: pass) {
        guard let resource = accept(object, file: file, pass: pass) else { continue }
        page.append(resource)
        if page.count >= pageSize {
          try await emit(page)
          page.removeAll(keepingCapacity: true)
        }
      }
    }
  }

  /// The resource for an object of a wanted kind; other kinds are counted in the pass. An object
  /// of the wrong shape is reported and not judged; one defined twice is reported, naming both
  /// files, and both definitions are judged with distinct ids.
  private func accept(_ object: JSONValue, file: String, pass: ManifestPass) -> Resource? {
    guard let kind = object["kind"]?.stringValue else { return nil }
    pass.countObject()
    guard kinds.contains(kind) else {
      pass.skippedKinds[kind, default: 0] += 1
      return nil
    }
    let label =
      "\(kind) \(object[path: "metadata", "namespace"]?.stringValue.map { $0 + "/" } ?? "")"
      + "\(object[path: "metadata", "name"]?.stringValue ?? "(no name)")"
    if let problem = ObjectShape.problem(object) {
      pass.diagnostics.warning(
        collector: name, subject: "\(file): \(label)", message: "invalid object, not judged: \(problem)")
      return nil
    }
    var resource = resource(for: object, file: file)
    if let object = resource.kubernetesObject,
      let duplicate = pass.duplicate(of: object, in: file, rawID: resource.rawID)
    {
      let sources = duplicate.first == file ? "twice in \(file)" : "in \(duplicate.first) and in \(file)"
      pass.diagnostics.warning(
        collector: name, subject: label, message: "defined \(sources); both definitions are judged")
      resource.rawID = duplicate.rawID
    }
    return resource
  }

  /// Why an item is skipped: not an object (an empty object is named apart, the usual filler).
  static func notAnObject(_ value: JSONValue) -> String {
    switch value {
    case .null: "empty item (null)"
    case .array: "not a Kubernetes object: a list"
    default: "not a Kubernetes object: a single value"
    }
  }

  /// Why an object is skipped when it has no `kind`.
  static func noKind(_ object: JSONObject) -> String {
    object.isEmpty ? "empty object" : "not a Kubernetes object: no \"kind\""
  }

  static func startsWithObject(_ data: Data) -> Bool {
    data.first { !(" \t\r\n" as String).utf8.contains($0) } == UInt8(ascii: "{")
  }

  /// `kind` (from `PodList`) and `apiVersion` of the list, for items that lack them.
  static func fillType(_ object: inout JSONObject, listKind: String, listVersion: String?) {
    guard listKind != "List", listKind.hasSuffix("List") else { return }
    object["kind"] = .string(String(listKind.dropLast(4)))
    if object["apiVersion"] == nil, let listVersion { object["apiVersion"] = .string(listVersion) }
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
      let folder = ManifestFolder(walking: path)
      for problem in folder.problems {
        diagnostics.warning(collector: name, subject: problem.path, message: problem.reason)
      }
      if folder.hiddenEntries > 0 {
        diagnostics.info(
          collector: name,
          message: "\(path): \(folder.hiddenEntries) hidden entries (names starting with \".\") not read")
      }
      if folder.files.isEmpty && folder.problems.isEmpty {
        diagnostics.warning(collector: name, subject: path, message: "no .yaml, .yml or .json files in the folder")
      }
      files.append(contentsOf: folder.files)
    }
    return files
  }

  /// The bytes of one file, or `nil` with a warning. A file over 1 MiB is memory-mapped (`mapping`),
  /// so that the pages of a JSON list already read can be let go.
  func load(_ file: String, diagnostics: any ScanDiagnostics) -> (data: Data, mapping: MappedFile?)? {
    do {
      // A link (a ConfigMap mounted as a folder is all links) is judged by what it leads to.
      let attributes = try FileManager.default.attributesOfItem(
        atPath: URL(fileURLWithPath: file).resolvingSymlinksInPath().path)
      // A FIFO or device found in a folder would block or never end: only regular files are read
      // (give a stream on the command line, or `-` for standard input).
      if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
        diagnostics.warning(collector: name, subject: file, message: "not a regular file: skipped")
        return nil
      }
      let size = attributes[.size] as? Int ?? 0
      if size > maxFileSize {
        diagnostics.warning(
          collector: name, subject: file, message: "file is \(size) bytes, larger than the \(maxFileSize) byte limit")
        return nil
      }
      if size > Self.yamlStreamingThreshold, let mapping = MappedFile(path: file) { return (mapping.data, mapping) }
      return (try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe), nil)
    } catch {
      diagnostics.warning(collector: name, subject: file, message: "cannot read: \(Self.reason(error))")
      return nil
    }
  }

  /// The documents of a YAML file or a JSON array, or `nil` (with a warning) when it does not parse.
  func parse(_ data: Data, file: String, diagnostics: any ScanDiagnostics) -> [JSONValue]? {
    let firstByte = data.first { !(" \t\r\n" as String).utf8.contains($0) }
    do {
      if firstByte == UInt8(ascii: "[") {
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
  func expand(_ document: JSONValue, file: String, index: Int, pass: ManifestPass) -> [JSONValue] {
    guard case .object = document, let kind = document["kind"]?.stringValue else {
      let reason = document.objectValue.map { Self.noKind($0) } ?? Self.notAnObject(document)
      pass.skip(file: file, location: "\(file) (document \(index + 1))", reason: reason)
      return []
    }
    guard kind.hasSuffix("List"), let items = document["items"]?.arrayValue else { return [document] }
    let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
    let listVersion = document["apiVersion"]?.stringValue
    var objects: [JSONValue] = []
    objects.reserveCapacity(items.count)
    for (itemIndex, item) in items.enumerated() {
      guard case .object(var object) = item else {
        pass.skip(
          file: file, location: "\(file) (document \(index + 1), item \(itemIndex + 1))",
          reason: Self.notAnObject(item))
        continue
      }
      if object["kind"] == nil, let itemKind { object["kind"] = .string(itemKind) }
      if object["apiVersion"] == nil, let listVersion, itemKind != nil { object["apiVersion"] = .string(listVersion) }
      if object["kind"]?.stringValue == nil {
        pass.skip(
          file: file, location: "\(file) (document \(index + 1), item \(itemIndex + 1))",
          reason: Self.noKind(object))
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
    let source = originals[file] ?? file
    resource.sourceFile = source == "-" ? nil : source
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
