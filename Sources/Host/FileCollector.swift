import KSPMCore

/// Collects `stat` facts of node files and directories (`file-system` in cloudbeat).
///
/// Each pattern is a node path (see ``CollectionPlan/filePatterns``): an exact path, wildcards
/// (`*`, `?`, `[…]`) within components, or a trailing `/**` for a directory and everything below
/// it. Every match becomes a ``Resource/file(_:)`` whose `path` includes the host root and whose
/// `hostPath` is the node path as matched. A symbolic link is reported with the facts of its
/// target when the target resolves inside the root (see ``HostRoot/resolve(_:followFinalSymlink:)``);
/// the recursive walk never descends into linked directories.
///
/// Paths that do not exist are skipped silently (a rule without its target yields no finding);
/// other problems (permissions, link loops, limits reached) go to the diagnostics. A path matched
/// by several patterns is reported once per collection.
public struct FileCollector: ResourceCollector {
  /// Bounds on one collection.
  public struct Limits: Sendable, Hashable {
    /// Directory levels below a `/**` pattern's base that are walked.
    public var maxDepth: Int
    /// Entries reported for one pattern, its wildcard expansion or walk, at most.
    public var maxEntriesPerPattern: Int
    /// Resources per `emit` call.
    public var pageSize: Int

    /// Limits; the defaults suit the benchmarks' patterns with ample room.
    public init(maxDepth: Int = 32, maxEntriesPerPattern: Int = 10_000, pageSize: Int = 100) {
      self.maxDepth = maxDepth
      self.maxEntriesPerPattern = maxEntriesPerPattern
      self.pageSize = pageSize
    }
  }

  /// `file-system`, cloudbeat's fetcher name.
  public var name: String { "file-system" }
  /// `.node`: every node collects its own files.
  public var scope: CollectionScope { .node }

  /// Where the node's file system is mounted.
  public let root: HostRoot
  /// Node path patterns, in the order they are collected.
  public let patterns: [String]
  /// Patterns collected only where a process runs (pattern → executable name).
  public let conditions: [String: String]
  /// Bounds on the walk.
  public let limits: Limits

  /// A collector for `patterns` (node paths, usually ``CollectionPlan/filePatterns``) under `root`;
  /// a pattern in `conditions` is collected only when its executable runs on the node.
  public init(root: HostRoot, patterns: [String], conditions: [String: String] = [:], limits: Limits = Limits()) {
    self.root = root
    self.patterns = patterns
    self.conditions = conditions
    self.limits = limits
  }

  /// Emits every match of every pattern, in pages of ``Limits/pageSize``. Never throws for a
  /// single path; only cancellation or a throwing `emit` end it early.
  public func collect(
    diagnostics: any ScanDiagnostics, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    var scan = FileScan(
      root: root, limits: limits, diagnostics: diagnostics, collector: name,
      accounts: HostAccounts.load(from: root, diagnostics: diagnostics, collector: name))
    let running = conditions.isEmpty ? [] : ProcessCollector.runningExecutables(root: root)
    for text in patterns {
      try Task.checkCancellation()
      if let process = conditions[text], !running.contains(process) {
        diagnostics.info(collector: name, message: "\(process) does not run on this node: \(text) is not judged")
        continue
      }
      let pattern = FilePattern(text)
      for match in scan.expand(pattern, text: text) {
        if pattern.recursive {
          try await scan.walk(match, pattern: text, emit: emit)
        } else if let found = scan.inspect(match) {
          try await scan.report(found.resource, emit: emit)
        }
      }
    }
    if let last = scan.pager.finish() { try await emit(last) }
  }
}

/// The state of one file collection: names, the page being filled, paths already reported.
private struct FileScan {
  let root: HostRoot
  let limits: FileCollector.Limits
  let diagnostics: any ScanDiagnostics
  let collector: String
  let accounts: HostAccounts
  var pager: ResourcePager
  var reported: Set<String> = []

  init(
    root: HostRoot, limits: FileCollector.Limits, diagnostics: any ScanDiagnostics, collector: String,
    accounts: HostAccounts
  ) {
    self.root = root
    self.limits = limits
    self.diagnostics = diagnostics
    self.collector = collector
    self.accounts = accounts
    pager = ResourcePager(pageSize: limits.pageSize)
  }

  /// A found path: its resource, and its resolved node path when it is a directory.
  struct Found {
    var resource: FileResource
    var resolvedDirectory: String?
  }

  /// Expands wildcards in all but a trailing `/**`, giving node paths as written (not resolved).
  func expand(_ pattern: FilePattern, text: String) -> [String] {
    var candidates = [""]
    for component in pattern.components {
      guard FilePattern.isWildcard(component) else {
        candidates = candidates.map { $0 + "/" + component }
        continue
      }
      var next: [String] = []
      for candidate in candidates {
        guard let names = list(candidate.isEmpty ? "/" : candidate) else { continue }
        for name in names where FilePattern.matches(component, name) {
          next.append(candidate + "/" + name)
        }
      }
      if next.count > limits.maxEntriesPerPattern {
        warn(
          subject: root.containerPath(text),
          "pattern matches more than \(limits.maxEntriesPerPattern) paths; the rest are skipped")
        next.removeLast(next.count - limits.maxEntriesPerPattern)
      }
      candidates = next
    }
    return candidates.map { $0.isEmpty ? "/" : $0 }
  }

  /// The names in the directory at a node path (links followed inside the root); `nil` when it
  /// cannot be listed (reported unless it is simply missing).
  func list(_ hostPath: String) -> [String]? {
    do {
      let resolved = try root.resolve(hostPath)
      return try FileSystemCalls.listDirectory(root.containerPath(resolved))
    } catch {
      if !error.isNotFound { warn(subject: root.containerPath(hostPath), error.reason) }
      return nil
    }
  }

  /// `stat` of a node path, following links inside the root; `nil` when missing or failing
  /// (failures other than "missing" are reported).
  func inspect(_ hostPath: String) -> Found? {
    let display = root.containerPath(hostPath)
    do {
      let (resource, resolved) = try FileResource.inspect(root: root, hostPath: hostPath, accounts: accounts)
      return Found(resource: resource, resolvedDirectory: resource.isDirectory ? resolved : nil)
    } catch {
      if !error.isNotFound { warn(subject: display, error.reason) }
      return nil
    }
  }

  /// Adds a resource unless its path was already reported; emits a full page.
  mutating func report(
    _ file: FileResource, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    guard reported.insert(file.hostPath).inserted else { return }
    if let page = pager.add(.file(file)) { try await emit(page) }
  }

  /// Reports a directory and everything below it, depth-first, within the limits. Linked
  /// directories are reported but not entered, so link cycles cannot make the walk loop.
  mutating func walk(
    _ base: String, pattern: String, emit: @Sendable ([Resource]) async throws -> Void
  ) async throws {
    guard let top = inspect(base) else { return }
    try await report(top.resource, emit: emit)
    guard let topResolved = top.resolvedDirectory else { return }
    var stack: [(hostPath: String, resolved: String, depth: Int)] = [(top.resource.hostPath, topResolved, 1)]
    var count = 1
    var depthLimitReached = false
    while let directory = stack.popLast() {
      try Task.checkCancellation()
      let names: [String]
      do {
        names = try FileSystemCalls.listDirectory(root.containerPath(directory.resolved))
      } catch {
        if !error.isNotFound { warn(subject: root.containerPath(directory.hostPath), error.reason) }
        continue
      }
      for name in names {
        guard count < limits.maxEntriesPerPattern else {
          warn(
            subject: root.containerPath(pattern),
            "walk stopped after \(limits.maxEntriesPerPattern) entries; the rest are skipped")
          return
        }
        let childHost = directory.hostPath == "/" ? "/" + name : directory.hostPath + "/" + name
        let childResolved = directory.resolved == "/" ? "/" + name : directory.resolved + "/" + name
        guard let child = inspect(childHost) else { continue }
        count += 1
        try await report(child.resource, emit: emit)
        // Enter real directories only: `childResolved` is the entry itself, not a link target.
        guard child.resolvedDirectory == childResolved else { continue }
        if directory.depth < limits.maxDepth {
          stack.append((childHost, childResolved, directory.depth + 1))
        } else {
          depthLimitReached = true
        }
      }
    }
    if depthLimitReached {
      warn(
        subject: root.containerPath(pattern),
        "directories deeper than \(limits.maxDepth) levels were not walked")
    }
  }

  func warn(subject: String, _ message: String) {
    diagnostics.warning(collector: collector, subject: subject, message: message)
  }
}
