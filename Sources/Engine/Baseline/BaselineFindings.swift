import Foundation
import KSPMCore

/// A previous scan's findings (kspmbeat's own NDJSON, as `scan --format ndjson` or `--output`
/// writes it), for `scan --baseline`: its failed findings by ``FindingKey``. Passed ones are only
/// counted.
public struct BaselineFindings: Sendable {
  /// A failed finding of the baseline.
  public struct Failure: Sendable {
    public var key: FindingKey
    public var ruleNumber: String
    public var ruleTitle: String
    /// `Pod shop/web`, `file /etc/kubernetes/admin.conf`, `process kubelet`.
    public var subject: String
  }

  public var path: String
  /// The benchmark its findings are of (`cis_k8s`).
  public var benchmark: String?
  public var failures: [FindingKey: Failure] = [:]
  public var passed = 0

  /// Why a baseline file cannot be used: what and where (`previous.ndjson line 3: …`).
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Reads `path`. Every non-blank line must be a finding document; an empty file is a baseline
  /// with no findings.
  public static func read(_ path: String) throws(Problem) -> BaselineFindings {
    var baseline = BaselineFindings(path: path)
    var lines: NDJSONLines
    do {
      lines = try NDJSONLines(path: path)
    } catch {
      let why =
        FileManager.default.fileExists(atPath: path)
        ? "cannot be read (\((error as NSError).localizedDescription))" : "does not exist"
      throw Problem(description: "baseline \(path) \(why)")
    }
    defer { lines.close() }
    var number = 0
    while true {
      let next: (line: ArraySlice<UInt8>, truncated: Bool)?
      do {
        next = try lines.next()
      } catch {
        throw Problem(description: "baseline \(path): cannot be read after line \(number): \(error)")
      }
      guard let (line, truncated) = next else { break }
      number += 1
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
      func fail(_ why: String) -> Problem { Problem(description: "baseline \(path) line \(number): \(why)") }
      if truncated { throw fail("longer than \(lines.maxLine >> 20) MiB: not a finding document") }
      let document: JSONValue
      do {
        document = try JSONParser.parse(line)
      } catch {
        throw fail(
          "not valid JSON (\(error.message) at byte \(error.offset)); the baseline is the NDJSON that "
            + "`kspmbeat scan --format ndjson` or `--output FILE` writes, one finding per line")
      }
      try baseline.add(document, problem: fail)
    }
    return baseline
  }

  mutating func add(_ document: JSONValue, problem: (String) -> Problem) throws(Problem) {
    guard case .object = document else { throw problem("not a JSON object") }
    if document["totals"] != nil || document["runs"] != nil || document["exit"] != nil {
      throw problem(
        "a summary, not a finding (give the NDJSON of `--format ndjson` or `--output FILE`, not `--format json` or sarif)"
      )
    }
    guard let ruleID = document[path: "rule", "id"]?.stringValue,
      let resourceID = document[path: "resource", "id"]?.stringValue,
      let evaluation = document[path: "result", "evaluation"]?.stringValue
    else {
      throw problem("not a kspmbeat finding document (it needs rule.id, resource.id and result.evaluation)")
    }
    let benchmark = document[path: "rule", "benchmark", "id"]?.stringValue
    if let benchmark {
      if let known = self.benchmark, known != benchmark {
        throw problem("a finding of \(benchmark) among findings of \(known): one baseline holds one benchmark")
      }
      self.benchmark = benchmark
    }
    switch evaluation {
    case "passed":
      passed += 1
    case "failed":
      let type = document[path: "resource", "type"]?.stringValue
      let node = document[path: "host", "name"]?.stringValue ?? ""
      var process: String?
      if type == "process" {
        let argument = document[path: "process", "args"]?.arrayValue?.first?.stringValue
        process =
          argument.map { String($0.split(separator: "/").last ?? Substring($0)) }
          ?? document[path: "resource", "name"]?.stringValue ?? ""
      }
      let key = FindingKey.of(ruleID: ruleID, resourceID: resourceID, process: process, node: node)
      failures[key] = Failure(
        key: key, ruleNumber: document[path: "rule", "benchmark", "rule_number"]?.stringValue ?? "",
        ruleTitle: document[path: "rule", "name"]?.stringValue ?? "", subject: Self.subject(document, process: process))
    default:
      throw problem("result.evaluation is \(ConfigText.quote(evaluation)), not passed or failed")
    }
  }

  /// The resource as the summaries name it, from what a document says.
  static func subject(_ document: JSONValue, process: String?) -> String {
    if let process { return "process \(process)" }
    let name = document[path: "resource", "name"]?.stringValue ?? "?"
    switch document[path: "resource", "type"]?.stringValue {
    case "k8s_object":
      let kind = document[path: "resource", "sub_type"]?.stringValue ?? "object"
      if let namespace = document[path: "orchestrator", "resource", "namespace"]?.stringValue {
        return "\(kind) \(namespace)/\(name)"
      }
      return "\(kind) \(name)"
    case "file":
      // The document names the path with the host root (`/hostfs/etc/…`); `file.path` too.
      let path = document[path: "file", "path"]?.stringValue ?? name
      return "\(document[path: "resource", "sub_type"]?.stringValue ?? "file") \(path)"
    default:
      return "\(document[path: "resource", "sub_type"]?.stringValue ?? "resource") \(name)"
    }
  }
}

/// Quoting for messages about values read from files: short, JSON-escaped.
enum ConfigText {
  static func quote(_ text: String) -> String {
    let quoted = JSONWriter.string(.string(text))
    return quoted.count > 80 ? String(quoted.prefix(77)) + "..." : quoted
  }
}
