import Beat
import Foundation
import KSPMCore
import Monitoring
import Output
import Testing

/// The ConfigMap's `kspmbeat.yml` against what the DaemonSet gives it: variables, the Secret, the
/// CA, the monitoring endpoint the probes read.
@Suite struct DeployConfigTests {
  /// The environment the container gets: a value for each variable it sets.
  func environment(_ manifests: DeployManifests) throws -> [String: String] {
    let values = ["ELASTICSEARCH_HOST": "https://es.example:9200", "ELASTICSEARCH_API_KEY": "id:key"]
    var environment: [String: String] = [:]
    for name in try manifests.environmentNames() { environment[name] = values[name] ?? "kspmbeat-x7k2p" }
    return environment
  }

  @Test func everyVariableTheConfigurationUsesIsSetByTheDaemonSet() throws {
    let manifests = try DeployManifests()
    let references = environmentReferences(in: try manifests.configText())
    #expect(references.contains { $0.name == "ELASTICSEARCH_API_KEY" && !$0.hasDefault })
    let set = try manifests.environmentNames()
    for reference in references where !reference.hasDefault {
      #expect(set.contains(reference.name), "${\(reference.name)} is not in the container's env")
    }
    // And it loads with them, without a warning.
    let loaded = try KSPMBeatConfig.parse(
      text: try manifests.configText(), sourceName: "configmap.yaml", environment: try environment(manifests))
    #expect(loaded.warnings.isEmpty)
  }

  @Test func theSecretTheDaemonSetReadsExistsAndHasEveryKeyItNames() throws {
    let manifests = try DeployManifests()
    let secret = try manifests.object("Secret")
    #expect(secret[path: "metadata", "name"] == "kspmbeat-elasticsearch")
    #expect(secret[path: "metadata", "namespace"] == "kube-system")
    let keys = Set(secret["stringData"]?.objectValue?.keys ?? [])
    #expect(keys == ["api_key", "ca.crt"])
    var referenced = 0
    for variable in try manifests.container()["env"]?.arrayValue ?? [] {
      guard let reference = variable[path: "valueFrom", "secretKeyRef"] else { continue }
      referenced += 1
      #expect(reference["name"] == "kspmbeat-elasticsearch")
      #expect(keys.contains(reference["key"]?.stringValue ?? ""))
      #expect(reference["optional"] == nil, "the Secret is part of the deployment: not optional")
    }
    #expect(referenced == 1)
  }

  @Test func theCACertificateIsMountedReadOnlyAndTheOutputTrustsIt() throws {
    let manifests = try DeployManifests()
    let volume = try manifests.volume("elasticsearch-ca")
    #expect(volume[path: "secret", "secretName"] == "kspmbeat-elasticsearch")
    #expect(volume[path: "secret", "items"] == [["key": "ca.crt", "path": "ca.crt"]])
    let mount = try #require(try manifests.mounts().first { $0["name"] == "elasticsearch-ca" })
    #expect(mount["readOnly"] == true)
    let folder = try #require(mount["mountPath"]?.stringValue)

    let config = try KSPMBeatConfig.parse(
      text: try manifests.configText(), sourceName: "configmap.yaml", environment: try environment(manifests)
    ).config
    let tls = try #require(config.output.elasticsearch?.tls)
    #expect(tls.certificateAuthorities.map { String(describing: $0) } == [folder + "/ca.crt"])
  }

  @Test func theProbesReadTheMonitoringEndpointTheConfigurationOpens() throws {
    let manifests = try DeployManifests()
    #expect(try manifests.pod()["hostNetwork"] == true)
    let config = try KSPMBeatConfig.parse(
      text: try manifests.configText(), sourceName: "configmap.yaml", environment: try environment(manifests)
    ).config
    #expect(config.http.enabled)
    // The node's loopback (hostNetwork): the kubelet reaches it, the network does not. Not 5066,
    // which another beat on the node's network may hold.
    #expect(config.http.endpoint == .tcp(host: "127.0.0.1", port: 5067))

    let container = try manifests.container()
    let port = try #require(container["ports"]?.arrayValue?.first { $0["name"] == "monitoring" })
    #expect(port["containerPort"] == 5067)
    for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
      let get = try #require(container[path: probe, "httpGet"], "\(probe)")
      #expect(get["path"] == .string(path))
      #expect(get["host"] == "127.0.0.1", "with hostNetwork the probe goes to the node's IP unless host is set")
      #expect(get["port"] == "monitoring")
    }
  }
}
