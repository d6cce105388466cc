import AgentControl
import Foundation
import KSPMCore
import TestSupport
import Testing

/// The package's lease variables reach the elector of a managed process: the Lease it takes is the
/// one the policy's stream names, and a new policy moves it to another Lease in the same process.
@Suite struct ManagedLeaseSettingsTests {
  static func holder(of name: String, in kubernetes: KubernetesAPIServer) -> String? {
    kubernetes.objects(of: .leases).first { $0[path: "metadata", "name"]?.stringValue == name }?[
      path: "spec", "holderIdentity"]?.stringValue
  }

  @Test(.timeLimit(.minutes(3)))
  func theLeaseIsTheOneThePolicyNames() async throws {
    try await ManagedProcessTests.withWorld { world in
      let control = world.control
      let output = ManagedUnits.output(host: world.elasticsearch.url, apiKey: "fleet-id:s3cr3t-k3y", idx: 1)
      let stream: JSONValue = [
        "period": "1h", "leader_election": ["lease_name": "kspm-policy-lease", "namespace": "security"],
      ]
      control.setExpected(ManagedUnits.expected([output, ManagedUnits.input(idx: 1, stream: stream)]))
      let beat = try world.launch()
      try await eventually { Self.holder(of: "kspm-policy-lease", in: world.kubernetes) == "managed-1" }
      #expect(Self.holder(of: "kspm-policy-lease", in: world.kubernetes) == "managed-1", "\(beat.logText)")
      let lease = world.kubernetes.objects(of: .leases).first {
        $0[path: "metadata", "name"] == "kspm-policy-lease"
      }
      #expect(lease?[path: "metadata", "namespace"] == "security")
      // The process's own timings still apply where the policy sets none.
      #expect(lease?[path: "spec", "leaseDurationSeconds"] == 3)

      // A new policy names another Lease: the elector moves to it.
      let renamed: JSONValue = ["period": "1h", "leader_election": ["lease_name": "kspm-renamed"]]
      control.updateExpected { $0.units = [output, ManagedUnits.input(idx: 2, stream: renamed)] }
      try await eventually { Self.holder(of: "kspm-renamed", in: world.kubernetes) == "managed-1" }
      #expect(Self.holder(of: "kspm-renamed", in: world.kubernetes) == "managed-1", "\(beat.logText)")
      #expect(await beat.terminate() == 0)
    }
  }
}
