import KSPMCore

/// Where finding documents go: a file, the console, Elasticsearch.
public protocol FindingOutput: Sendable {
  /// Delivers a batch. Throws only when the output cannot take documents any more.
  func write(_ documents: [FindingDocument]) async throws
  /// Flushes and releases what the output holds.
  func close() async throws
  /// Delivery counters, for outputs that keep them (`nil` otherwise).
  var deliveryStatistics: DeliveryStatistics? { get }
  /// The output's health, for outputs that track it.
  var health: OutputHealth { get }
}

/// Why an output failed, naming where.
public struct OutputError: Error, Sendable, CustomStringConvertible {
  public var message: String
  /// The reader went away (a closed pipe): nothing more can be written there.
  public var isBrokenPipe: Bool
  public init(_ message: String, isBrokenPipe: Bool = false) {
    self.message = message
    self.isBrokenPipe = isBrokenPipe
  }
  public var description: String { message }
}

extension FindingOutput {
  /// Delivery counters, for outputs that keep them.
  public var deliveryStatistics: DeliveryStatistics? { nil }
  /// The output's health, for outputs that track it.
  public var health: OutputHealth { .healthy }
}

/// A write that stopped part way (cancelled): `remaining` are the documents the output did not
/// resolve and gave back; the others are stored, already there, or dropped.
public struct UnfinishedWrite: Error, Sendable, CustomStringConvertible {
  public var remaining: [FindingDocument]
  public var underlying: any Error

  public init(remaining: [FindingDocument], underlying: any Error) {
    self.remaining = remaining
    self.underlying = underlying
  }

  public var description: String { "\(underlying)" }
}
