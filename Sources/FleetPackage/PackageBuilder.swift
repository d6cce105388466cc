import Foundation
import KSPMCore
import YAMLValue

/// Why the package could not be assembled.
public struct PackageBuildError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Assembles the installable Fleet package from a checkout of this repository: everything under
/// `package/`, the dashboards of `dashboards/` (into `kibana/dashboard/`), and the findings'
/// field files once more for the latest-findings transform's destination index (one source,
/// copied at build time). The committed rule templates must match the registry.
public struct PackageBuilder: Sendable {
  /// The repository checkout (holds `package/` and `dashboards/`).
  public let repository: URL

  public init(repository: URL) {
    self.repository = repository
  }

  public var packageFolder: URL { repository.appendingPathComponent(PackageLayout.packageFolder) }

  /// `name` and `version` of `package/manifest.yml`.
  public func identity() throws -> (name: String, version: String) {
    let url = packageFolder.appendingPathComponent("manifest.yml")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      throw PackageBuildError("\(url.path): cannot be read (is \(repository.path) a kspmbeat checkout?)")
    }
    let manifest = try YAMLDocuments.parse(text)
    guard let name = manifest["name"]?.stringValue, let version = manifest["version"]?.stringValue else {
      throw PackageBuildError("\(url.path): needs a name and a version")
    }
    return (name, version)
  }

  /// The file name of the archive: `cloud_security_posture-1.6.90.zip`.
  public func archiveName() throws -> String {
    let (name, version) = try identity()
    return "\(name)-\(version).zip"
  }

  /// Every entry of the archive, folders first, under the `<name>-<version>/` folder Fleet expects.
  public func entries() throws -> [ZipWriter.Entry] {
    let (name, version) = try identity()
    let stale = try RuleTemplateFolder.differences(
      in: packageFolder.appendingPathComponent(PackageLayout.ruleTemplateFolder))
    guard stale.isEmpty else {
      throw PackageBuildError(
        "the rule templates are not those of the rule registry (\(stale.prefix(3).joined(separator: "; "))…): "
          + "run `kspmbeat export rule-templates` and commit the result")
    }
    var files: [String: [UInt8]] = [:]
    for (path, bytes) in try Self.files(under: packageFolder) where !PackageLayout.isSourceOnly(path) {
      files[path] = bytes
    }
    let dashboards = repository.appendingPathComponent(PackageLayout.dashboardsFolder)
    for (path, bytes) in try Self.files(under: dashboards) where path.hasSuffix(".json") && !path.contains("/") {
      files[PackageLayout.dashboardFolderInPackage + "/" + path] = bytes
    }
    let fields = packageFolder.appendingPathComponent(PackageLayout.findingsFieldsFolder)
    for (path, bytes) in try Self.files(under: fields) where path.hasSuffix(".yml") && !path.contains("/") {
      files[PackageLayout.transformFieldsFolder + "/" + path] = bytes
    }
    let root = "\(name)-\(version)/"
    var folders = Set<String>()
    for path in files.keys {
      var parts = path.split(separator: "/").dropLast()
      while !parts.isEmpty {
        folders.insert(parts.joined(separator: "/") + "/")
        parts = parts.dropLast()
      }
    }
    return [ZipWriter.Entry(path: root, bytes: [])]
      + folders.sorted().map { ZipWriter.Entry(path: root + $0, bytes: []) }
      + files.keys.sorted().map { ZipWriter.Entry(path: root + $0, bytes: files[$0]!) }
  }

  /// Writes the archive into `folder` (created when missing) and returns its URL.
  @discardableResult
  public func build(into folder: URL) throws -> URL {
    let archive = try ZipWriter.archive(entries())
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(try archiveName())
    try Data(archive).write(to: url, options: .atomic)
    return url
  }

  /// Every regular file under `folder`, by path relative to it (`/`-separated), hidden files
  /// left out. Symbolic links are refused: an archive holds what the repository holds.
  static func files(under folder: URL) throws -> [(String, [UInt8])] {
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: folder.path) else {
      throw PackageBuildError("\(folder.path): not a folder")
    }
    var result: [(String, [UInt8])] = []
    while let path = walker.nextObject() as? String {
      let url = folder.appendingPathComponent(path)
      if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
      let attributes = try manager.attributesOfItem(atPath: url.path)
      switch attributes[.type] as? FileAttributeType {
      case .typeRegular?: result.append((path, Array(try Data(contentsOf: url))))
      case .typeDirectory?: continue
      default: throw PackageBuildError("\(url.path): not a regular file or folder")
      }
    }
    return result
  }
}
