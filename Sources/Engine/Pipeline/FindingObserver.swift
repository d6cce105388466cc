import KSPMCore

/// Sees every resource's findings as the pipeline makes them (passed, failed with any exception
/// mark, not evaluated), before they are encoded: what `scan`'s report formats and its baseline
/// comparison keep. Called from concurrent collectors.
public protocol FindingObserver: Sendable {
  func observe(_ resource: Resource, findings: [RuleFinding], resourceID: String)
}
