import KSPMCore

/// Reads one `/proc/<pid>` directory into a ``KSPMCore/ProcessResource`` when it is wanted.
struct ProcessReader: Sendable {
  /// The host root; every file is read through it, so no link under `/proc` leads out of it.
  let root: HostRoot
  let matcher: ProcessMatcher
  let options: ProcessCollector.Options
  let clock: ProcessClock
  /// Bytes per memory page, for `ResidentSize`.
  let pageSize: Int
  let configLoader: ProcessConfigLoader

  /// What reading one `/proc/<pid>` gave.
  enum Outcome {
    case process(ProcessResource)
    /// Not a process a rule reads, a kernel thread, or one that exited meanwhile.
    case skipped
    /// A process that may be one a rule reads, but whose `cmdline` or `stat` could not be read.
    case unreadable(String)
  }

  /// The process when it is wanted; why not otherwise.
  func read(pid: Int32) -> Outcome {
    let directory = "/proc/" + String(pid)
    let cmdline: [UInt8]
    do {
      cmdline = try root.readFile(directory + "/cmdline", limit: options.commandLineLimit)
    } catch {
      // Gone meanwhile is normal; anything else hides a process that may matter.
      return error.kind == .notFound ? .skipped : .unreadable("\(error)")
    }
    let commandLine = ProcessCommandLine(bytes: cmdline)
    guard !commandLine.isEmpty else { return .skipped }
    let executable = commandLine.executable
    var spec = matcher.spec(executable: executable)
    if spec == nil && !executable.isEmpty { return .skipped }
    let stat: ProcStat
    do {
      let statBytes = try root.readFile(directory + "/stat", limit: 64 * 1024)
      guard let parsed = ProcStat(String(decoding: statBytes, as: UTF8.self)), parsed.pid == pid else {
        return .unreadable("\(root.containerPath(directory))/stat: unexpected content")
      }
      stat = parsed
    } catch {
      return error.kind == .notFound ? .skipped : .unreadable("\(error)")
    }
    if spec == nil { spec = matcher.spec(comm: stat.comm) }
    guard let spec else { return .skipped }

    var process = ProcessResource(
      pid: pid, name: stat.comm, executable: executable, arguments: commandLine.arguments,
      parentPID: stat.parentPID, processGroup: stat.processGroup, startTicks: stat.startTicks,
      startTime: clock.startTime(ticks: stat.startTicks), uptime: clock.runningSeconds(ticks: stat.startTicks),
      stat: stat.cloudbeatFields(pageSize: pageSize))
    if let environment = spec.environmentFlags {
      switch Self.addingEnvironmentFlags(environment, from: directory + "/environ", in: root, to: process.flags) {
      case .success(let flags): process.flags = flags
      case .failure(let problem):
        for flag in environment.flags where !process.flags.contains(flag) {
          process.unknownFlags["--" + flag] =
            "\(executable) may set it with \(environment.variable(for: flag)) in its environment, and "
            + "\(root.containerPath(directory))/environ could not be read (\(problem.reason))"
        }
      }
    }
    for flag in spec.configFlags {
      guard let value = process.flags.value(flag), !value.isEmpty else { continue }
      process.configFiles[flag.drop(while: { $0 == "-" }).description] = configLoader.load(flagValue: value)
    }
    if let exclusive = spec.exclusiveConfigFile, let file = process.configFiles[exclusive.flag] {
      // The program reads only that file: its settings, or nothing known when it cannot be used.
      process.flags = Self.flags(from: file, exclusive, original: process.flags)
      if let problem = file.error {
        process.unknownFlags = [:]
        for flag in exclusive.settings.keys {
          process.unknownFlags["--" + flag] =
            "\(executable) reads its settings only from --\(exclusive.flag) \(file.path), which could not be used (\(problem))"
        }
      }
    }
    return .process(process)
  }

  /// Why a process's environment could not be read.
  struct EnvironmentUnreadable: Error {
    var reason: String
  }

  /// Command-line flags with the listed environment variables of `environ` in front of them, so a
  /// flag given on the command line still wins; the reason when `environ` cannot be read.
  static func addingEnvironmentFlags(
    _ environment: EnvironmentFlags, from path: String, in root: HostRoot, to flags: ProcessFlags
  ) -> Result<ProcessFlags, EnvironmentUnreadable> {
    let bytes: [UInt8]
    do {
      bytes = try root.readFile(path, limit: 1 << 20)
    } catch {
      let hint =
        "\(error)".localizedCaseInsensitiveContains("permission")
        ? "; reading another user's process environment needs CAP_SYS_PTRACE" : ""
      return .failure(EnvironmentUnreadable(reason: "\(error)\(hint)"))
    }
    var variables: [String: String] = [:]
    for entry in bytes.split(separator: 0) {
      let text = String(decoding: entry, as: UTF8.self)
      guard text.hasPrefix(environment.prefix), let equals = text.firstIndex(of: "=") else { continue }
      variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
    }
    var added: [ProcessFlags.Occurrence] = []
    for flag in environment.flags where !flags.contains(flag) {
      if let value = variables[environment.variable(for: flag)] {
        added.append(ProcessFlags.Occurrence(name: flag, value: value))
      }
    }
    return .success(added.isEmpty ? flags : ProcessFlags(occurrences: added + flags.occurrences))
  }

  /// The flags a program reading only `file` runs with: the file's settings, plus the flag naming it.
  static func flags(from file: ProcessConfigFile, _ exclusive: ExclusiveConfigFile, original: ProcessFlags)
    -> ProcessFlags
  {
    var occurrences = original.occurrences.filter { $0.name == exclusive.flag }
    for (flag, path) in exclusive.settings.sorted(by: { $0.key < $1.key }) {
      var value = file.content
      for key in path { value = value?[key] }
      let text: String?
      switch value {
      case .string(let s)?: text = s
      case .bool(let b)?: text = b ? "true" : "false"
      case .int(let i)?: text = String(i)
      case .double(let d)?: text = String(d)
      default: text = nil
      }
      if let text { occurrences.append(ProcessFlags.Occurrence(name: flag, value: text)) }
    }
    return ProcessFlags(occurrences: occurrences)
  }
}
