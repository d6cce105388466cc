import FleetPackage
import Foundation
import KSPMCore
import YAMLValue

/// The checkout these tests run in (they read only files inside it).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The package as `kspmbeat package build` writes it, unpacked again from the zip's bytes.
struct BuiltPackage: Sendable {
  /// The zip's one top-level folder (`cloud_security_posture-1.6.90`).
  let root: String
  /// Every file by its path inside the package.
  let files: [String: [UInt8]]
  /// Every folder entry by its path inside the package (with a trailing `/`).
  let folders: Set<String>
  let archive: [UInt8]

  /// Built once per test process.
  static let shared: Result<BuiltPackage, any Error> = Result { try build() }

  static func get() throws -> BuiltPackage { try shared.get() }

  static func build() throws -> BuiltPackage {
    let archive = try ZipWriter.archive(PackageBuilder(repository: repositoryRoot).entries())
    let entries = try ZipReader.entries(archive)
    let root = String(entries.first?.path.split(separator: "/").first ?? "")
    var files: [String: [UInt8]] = [:]
    var folders = Set<String>()
    for entry in entries {
      guard entry.path.hasPrefix(root + "/") else { throw PackageBuildError("\(entry.path) is outside \(root)/") }
      let path = String(entry.path.dropFirst(root.count + 1))
      if entry.isFolder { folders.insert(path) } else { files[path] = entry.bytes }
    }
    return BuiltPackage(root: root, files: files, folders: folders, archive: archive)
  }

  func text(_ path: String) throws -> String {
    guard let bytes = files[path] else { throw PackageBuildError("\(path) is not in the package") }
    return String(decoding: bytes, as: UTF8.self)
  }

  func yaml(_ path: String) throws -> JSONValue { try YAMLDocuments.parse(text(path)) }

  func json(_ path: String) throws -> JSONValue { try JSONParser.parse(text(path)) }

  /// Paths of the files directly in `folder`.
  func files(in folder: String) -> [String] {
    files.keys.filter { $0.hasPrefix(folder + "/") && !$0.dropFirst(folder.count + 1).contains("/") }.sorted()
  }
}
