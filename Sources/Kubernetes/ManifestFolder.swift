import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The manifest files below a folder, and everything below it that could not be read.
///
/// Folders are walked with `opendir`/`lstat`, so that a subfolder that cannot be listed and a
/// name that is not UTF-8 are reported rather than passed over. Entries whose names start with
/// `.` are not read (as the kubelet does for static pods): a ConfigMap mounted as a folder keeps
/// a second copy of every file in hidden `..data` folders. Links to files are read; links to
/// folders are not followed (they may loop), and are reported.
struct ManifestFolder {
  /// A `.yaml`, `.yml` or `.json` file found.
  var files: [String] = []
  /// What was skipped: the path and why.
  var problems: [(path: String, reason: String)] = []
  /// Entries with names starting with `.`, not read.
  var hiddenEntries = 0

  /// Folders deeper than this below the named one are not read.
  static let maxDepth = 64

  /// Walks `path` (a folder); files come out sorted.
  init(walking path: String) {
    var folder = Substring(path)
    while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
    walk(String(folder), depth: 0)
    files.sort()
  }

  static func isManifestName(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
  }

  private mutating func walk(_ folder: String, depth: Int) {
    guard let handle = opendir(folder) else {
      problems.append((folder, "cannot list the folder: \(String(cString: strerror(errno)))"))
      return
    }
    defer { closedir(handle) }
    while true {
      errno = 0
      guard let entry = readdir(handle) else {
        if errno != 0 { problems.append((folder, "listing stopped: \(String(cString: strerror(errno)))")) }
        return
      }
      let nameBytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
      if nameBytes == [0x2E] || nameBytes == [0x2E, 0x2E] { continue }
      guard let name = String(validating: nameBytes, as: UTF8.self) else {
        problems.append((folder + "/" + Self.escaped(nameBytes), "the name is not UTF-8 text: skipped"))
        continue
      }
      if name.hasPrefix(".") {
        hiddenEntries += 1
        continue
      }
      visit(folder + "/" + name, name: name, depth: depth)
    }
  }

  private mutating func visit(_ path: String, name: String, depth: Int) {
    var status = stat()
    guard lstat(path, &status) == 0 else {
      problems.append((path, "cannot read: \(String(cString: strerror(errno)))"))
      return
    }
    switch status.st_mode & S_IFMT {
    case S_IFDIR:
      if depth + 1 > Self.maxDepth {
        problems.append((path, "more than \(Self.maxDepth) folders deep: skipped"))
      } else {
        walk(path, depth: depth + 1)
      }
    case S_IFREG:
      if Self.isManifestName(name) { files.append(path) }
    case S_IFLNK:
      var target = stat()
      guard stat(path, &target) == 0 else {
        if Self.isManifestName(name) {
          problems.append((path, "a link that leads nowhere: \(String(cString: strerror(errno)))"))
        }
        return
      }
      switch target.st_mode & S_IFMT {
      case S_IFDIR: problems.append((path, "a link to a folder: not followed (name the folder itself to read it)"))
      case S_IFREG: if Self.isManifestName(name) { files.append(path) }
      default: if Self.isManifestName(name) { problems.append((path, "not a regular file: skipped")) }
      }
    default:
      // A FIFO or device would block or never end: give it on the command line to read it.
      if Self.isManifestName(name) { problems.append((path, "not a regular file: skipped")) }
    }
  }

  /// A name with bytes that are not UTF-8 shown as `\xNN`.
  static func escaped(_ bytes: [UInt8]) -> String {
    var text = ""
    var index = 0
    while index < bytes.count {
      // The longest valid UTF-8 prefix from here is kept as text.
      var end = min(bytes.count, index + 4)
      while end > index, String(validating: bytes[index..<end], as: UTF8.self) == nil { end -= 1 }
      if end > index, let piece = String(validating: bytes[index..<end], as: UTF8.self) {
        text += piece
        index = end
      } else {
        text += String(format: "\\x%02X", bytes[index])
        index += 1
      }
    }
    return text
  }
}
