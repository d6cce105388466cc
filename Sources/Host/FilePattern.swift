#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A node path pattern from a benchmark's collection plan.
///
/// Components may contain the shell wildcards `*`, `?` and `[…]` (matched per component with
/// `fnmatch(3)`; `*` never crosses a `/` and does match names starting with a dot, like Go's
/// `filepath.Glob`). A trailing `/**` means the directory itself and everything below it; `**`
/// anywhere else is an ordinary `*`.
struct FilePattern: Sendable, Hashable {
  /// The components before any trailing `/**`.
  var components: [String]
  /// Whether the pattern ended in `/**`.
  var recursive: Bool

  init(_ text: String) {
    var parts = text.split(separator: "/").map(String.init)
    recursive = parts.last == "**"
    if recursive { parts.removeLast() }
    components = parts
  }

  /// Whether a component holds a wildcard.
  static func isWildcard(_ component: String) -> Bool {
    component.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" })
  }

  /// Whether `name` matches the wildcard component `pattern`.
  static func matches(_ pattern: String, _ name: String) -> Bool {
    fnmatch(pattern, name, 0) == 0
  }
}
