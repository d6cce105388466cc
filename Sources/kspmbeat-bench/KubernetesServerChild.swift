import Foundation
import KSPMCore
import TestSupport

/// `kspmbeat-bench --k8s-server PODS KUBECONFIG`: the Kubernetes API test server (TLS, its own CA)
/// in a process of its own, seeded with the synthetic cluster of PODS pods (and its Roles,
/// ClusterRoles and ServiceAccounts). Writes a kubeconfig for it, prints its port, serves until
/// standard input closes, then prints what it served, the CPU time that took and its own peak RSS.
enum KubernetesServerChild {
  static func run(pods: Int, kubeconfig: String) async throws {
    let server = try await KubernetesAPIServer.start()
    var objects = 0
    try SyntheticCluster.forEachObject(pods: pods) { object in
      try server.seed(object)
      objects += 1
    }
    try server.writeKubeconfig(to: kubeconfig)
    let seedingCPU = ProcessUsage.cpuSeconds
    FileHandle.standardOutput.write(Data("\(server.port) seeded \(objects) objects\n".utf8))
    await BenchServer.waitForStandardInputToClose()
    let pages = server.requests.filter { $0.query["limit"] != nil }.count
    await server.shutdown()
    FileHandle.standardOutput.write(
      Data(
        ("\(objects) objects, \(pages) pages served in \(fixed(ProcessUsage.cpuSeconds - seedingCPU, 1)) s of CPU, "
          + "peak RSS \(fixed(ProcessUsage.peakMegabytes, 0)) MB\n").utf8))
  }
}
