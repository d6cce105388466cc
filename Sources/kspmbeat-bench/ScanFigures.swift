import KSPMCore

/// What one manifest scan measured; the child prints it as one JSON line for the parent.
struct ScanFigures {
  var pods = 0
  var resources = 0
  var findings = 0
  var seconds = 0.0
  var ndjsonMegabytes = 0.0
  var peakRSSMegabytes = 0.0
  var rssBeforeMegabytes = 0.0
  /// Read and parse, evaluate, encode, output (queue wait), in seconds.
  var collect = 0.0
  var evaluate = 0.0
  var encode = 0.0
  var queue = 0.0

  init() {}

  init?(json text: String) {
    guard let value = try? JSONParser.parse(text), value.objectValue != nil else { return nil }
    func number(_ key: String) -> Double { value[key]?.doubleValue ?? 0 }
    pods = Int(number("pods"))
    resources = Int(number("resources"))
    findings = Int(number("findings"))
    seconds = number("seconds")
    ndjsonMegabytes = number("ndjson_mb")
    peakRSSMegabytes = number("peak_rss_mb")
    rssBeforeMegabytes = number("rss_before_mb")
    collect = number("collect_s")
    evaluate = number("evaluate_s")
    encode = number("encode_s")
    queue = number("queue_s")
  }

  var json: String {
    JSONWriter.string([
      "pods": .int(Int64(pods)), "resources": .int(Int64(resources)), "findings": .int(Int64(findings)),
      "seconds": .double(seconds), "ndjson_mb": .double(ndjsonMegabytes), "peak_rss_mb": .double(peakRSSMegabytes),
      "rss_before_mb": .double(rssBeforeMegabytes), "collect_s": .double(collect), "evaluate_s": .double(evaluate),
      "encode_s": .double(encode), "queue_s": .double(queue),
    ])
  }
}
