import KSPMCore

/// The arguments of a process, from the bytes of `/proc/<pid>/cmdline`.
struct ProcessCommandLine: Sendable, Hashable {
  var arguments: [String]

  /// Splits on NUL bytes; the terminating NUL adds no argument. A process that rewrote its title
  /// into one space-separated argument (`setproctitle`) is split on spaces instead, as cloudbeat
  /// effectively does. Kernel threads give no arguments.
  init(bytes: [UInt8]) {
    var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    while parts.last == "" { parts.removeLast() }
    if parts.count == 1, parts[0].contains(" ") {
      parts = parts[0].split(separator: " ").map(String.init)
    }
    arguments = parts
  }

  /// Whether there are no arguments at all (a kernel thread, or a zombie).
  var isEmpty: Bool { arguments.isEmpty }

  /// The base name of `argv[0]` (`/usr/bin/kubelet` → `kubelet`); empty when there is none.
  var executable: String {
    guard let first = arguments.first else { return "" }
    return first.split(separator: "/").last.map(String.init) ?? ""
  }
}

/// Decides which wanted process, if any, a running process is.
///
/// The base name of `argv[0]` must equal a ``KSPMCore/ProcessSpec/name`` exactly, which tells
/// `kube-controller-manager` apart from Calico's `kube-controllers` although the kernel truncates
/// both names (`comm`) to `kube-controller`. Only when `argv[0]` gives no name is `comm` used,
/// and then only when it is shorter than the 15 bytes the kernel keeps, so it cannot be a
/// truncation of a longer name.
struct ProcessMatcher: Sendable {
  /// Bytes of `comm` the kernel keeps (`TASK_COMM_LEN` − 1).
  static let commLength = 15

  private let specs: [String: ProcessSpec]

  init(_ specs: [ProcessSpec]) {
    var byName: [String: ProcessSpec] = [:]
    for spec in specs {
      if let existing = byName[spec.name] {
        byName[spec.name] = ProcessSpec(name: spec.name, configFlags: existing.configFlags + spec.configFlags)
      } else {
        byName[spec.name] = spec
      }
    }
    self.specs = byName
  }

  var isEmpty: Bool { specs.isEmpty }

  /// The spec for an executable name (`argv[0]`'s base name).
  func spec(executable: String) -> ProcessSpec? { specs[executable] }

  /// The spec for a kernel `comm`, only when `comm` cannot be a truncated longer name.
  func spec(comm: String) -> ProcessSpec? {
    guard !comm.isEmpty, comm.utf8.count < Self.commLength else { return nil }
    return specs[comm]
  }
}
