import Foundation
import KSPMCore
import Kubernetes
import TestSupport
import Testing

@Suite("kubeconfig and in-cluster configuration")
struct ConfigurationTests {
  static let caPEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

  @Test("data forms: certificate-authority-data, token, namespace of the current context")
  func dataForms() throws {
    let text = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster:
          server: https://10.0.0.1:6443
          certificate-authority-data: \(Data(Self.caPEM.utf8).base64EncodedString())
      users:
      - name: scanner
        user:
          token: abc.def.ghi
          as: auditor
          as-groups: [security, viewers]
      contexts:
      - name: prod-scanner
        context:
          cluster: prod
          user: scanner
          namespace: security
      current-context: prod-scanner
      """
    let config = try Kubeconfig.parse(text, file: "/etc/kspm/kubeconfig").configuration()
    #expect(config.server == "https://10.0.0.1:6443")
    #expect(config.certificateAuthorityPEM == Array(Self.caPEM.utf8))
    #expect(config.bearerToken == .token("abc.def.ghi"))
    #expect(config.namespace == "security")
    #expect(config.impersonateUser == "auditor")
    #expect(config.impersonateGroups == ["security", "viewers"])
    #expect(!config.insecureSkipTLSVerify)
    #expect(config.source == "kubeconfig /etc/kspm/kubeconfig (context prod-scanner)")
    #expect(!"\(config)".contains("abc.def.ghi"))
  }

  @Test("path forms are resolved against the kubeconfig's directory, and the client certificate works")
  func pathForms() async throws {
    try await KubernetesAPIServer.withServer { server in
      let directory = try makeTemporaryDirectory()
      try FileManager.default.createDirectory(atPath: directory + "/pki", withIntermediateDirectories: true)
      let credential = try server.issueClientCertificate(commonName: "path-user")
      try write(server.caCertificatePEM!, to: directory + "/pki/ca.crt")
      try write(credential.certificatePEM, to: directory + "/pki/client.crt")
      try write(credential.privateKeyPEM, to: directory + "/pki/client.key")
      try write(
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: \(server.url)
            certificate-authority: pki/ca.crt
        users:
        - name: u
          user:
            client-certificate: pki/client.crt
            client-key: \(directory)/pki/client.key
        contexts:
        - name: x
          context: {cluster: c, user: u}
        current-context: x
        """, to: directory + "/kubeconfig")
      let config = try Kubeconfig.load(path: directory + "/kubeconfig").configuration()
      #expect(config.certificateAuthorityPEM == Array(server.caCertificatePEM!.utf8))
      #expect(config.clientCertificate?.certificatePEM == Array(credential.certificatePEM.utf8))
      #expect(config.namespace == "default")
      let id = try await KubernetesClient.withClient(configuration: config) { try await $0.clusterID() }
      #expect(id == server.kubeSystemUID)
      #expect(server.requests.last?.user == "path-user")
    }
  }

  static let twoContexts = """
    clusters:
    - name: a
      cluster: {server: "https://a.example:6443", insecure-skip-tls-verify: true}
    - name: b
      cluster: {server: "https://b.example:6443"}
    users:
    - name: ua
      user: {token: token-a}
    - name: ub
      user: {token: token-b}
    contexts:
    - name: ctx-a
      context: {cluster: a, user: ua}
    - name: ctx-b
      context: {cluster: b, user: ub, namespace: bee}
    current-context: ctx-a
    """

  @Test("the current context by default, another context by name, and an unknown context names the choices")
  func contexts() throws {
    let kubeconfig = try Kubeconfig.parse(Self.twoContexts, file: "/k/config")
    #expect(kubeconfig.contextNames == ["ctx-a", "ctx-b"])
    let a = try kubeconfig.configuration()
    #expect(a.server == "https://a.example:6443")
    #expect(a.insecureSkipTLSVerify)
    let b = try kubeconfig.configuration(context: "ctx-b")
    #expect(b.server == "https://b.example:6443")
    #expect(b.bearerToken == .token("token-b"))
    #expect(b.namespace == "bee")
    let error = #expect(throws: KubernetesConfigurationError.self) { try kubeconfig.configuration(context: "ctx-z") }
    #expect(error?.message == "kubeconfig /k/config: context \"ctx-z\" not found (available contexts: ctx-a, ctx-b)")
  }

  @Test("KUBECONFIG with several files: the first file to define a name or current-context wins")
  func mergedFiles() throws {
    let directory = try makeTemporaryDirectory()
    try write(
      """
      clusters:
      - name: shared
        cluster: {server: "https://first.example", certificate-authority: first-ca.crt}
      contexts:
      - name: main
        context: {cluster: shared, user: from-second}
      current-context: main
      """, to: directory + "/one.yaml")
    try write(Self.caPEM, to: directory + "/first-ca.crt")
    try FileManager.default.createDirectory(atPath: directory + "/two", withIntermediateDirectories: true)
    try write(
      """
      clusters:
      - name: shared
        cluster: {server: "https://second.example"}
      - name: only-second
        cluster: {server: "https://only-second.example"}
      users:
      - name: from-second
        user: {tokenFile: token}
      contexts:
      - name: main
        context: {cluster: only-second, user: from-second}
      - name: other
        context: {cluster: only-second, user: from-second}
      current-context: other
      """, to: directory + "/two/config")
    try write("t0k3n", to: directory + "/two/token")
    let environment = [
      "KUBECONFIG": "\(directory)/one.yaml:\(directory)/missing.yaml:\(directory)/two/config", "HOME": directory,
    ]
    let kubeconfig = try Kubeconfig.load(environment: environment)
    #expect(kubeconfig.files == ["\(directory)/one.yaml", "\(directory)/two/config"])
    #expect(kubeconfig.currentContext == "main")
    let main = try kubeconfig.configuration()
    #expect(main.server == "https://first.example")
    // Each relative path is resolved against the file that defines it.
    #expect(main.certificateAuthorityPEM == Array(Self.caPEM.utf8))
    #expect(main.bearerToken == .file(path: "\(directory)/two/token"))
    let other = try kubeconfig.configuration(context: "other")
    #expect(other.server == "https://only-second.example")

    let automatic = try KubernetesClientConfiguration.automatic(environment: environment)
    #expect(automatic.server == "https://first.example")
  }

  @Test("without KUBECONFIG, ~/.kube/config is read; a missing file is an error naming the path")
  func defaultAndMissingFiles() throws {
    let home = try makeTemporaryDirectory()
    let missing = #expect(throws: KubernetesConfigurationError.self) {
      try Kubeconfig.load(environment: ["HOME": home])
    }
    #expect(missing?.message == "cannot read kubeconfig file \(home)/.kube/config: no such file")

    try FileManager.default.createDirectory(atPath: home + "/.kube", withIntermediateDirectories: true)
    try write(Self.twoContexts, to: home + "/.kube/config")
    #expect(try Kubeconfig.load(environment: ["HOME": home]).configuration().server == "https://a.example:6443")

    let explicit = #expect(throws: KubernetesConfigurationError.self) {
      try Kubeconfig.load(path: home + "/nope.yaml", environment: ["HOME": home])
    }
    #expect(explicit?.message.contains("\(home)/nope.yaml") == true)

    let noneExist = #expect(throws: KubernetesConfigurationError.self) {
      try Kubeconfig.load(environment: ["KUBECONFIG": "\(home)/a:\(home)/b"])
    }
    #expect(noneExist?.message.contains("\(home)/a, \(home)/b") == true)
  }

  @Test("an exec plugin or auth-provider user is a clear error naming the file, without its arguments")
  func unsupportedPlugins() throws {
    let exec = """
      clusters: [{name: eks, cluster: {server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com"}}]
      users:
      - name: eks-user
        user:
          exec:
            apiVersion: client.authentication.k8s.io/v1beta1
            command: /usr/local/bin/aws
            args: [eks, get-token, --cluster-name, prod, --secret-arg, s3cr3t]
      contexts: [{name: eks, context: {cluster: eks, user: eks-user}}]
      current-context: eks
      """
    let error = #expect(throws: KubernetesConfigurationError.self) {
      try Kubeconfig.parse(exec, file: "/home/me/.kube/eks").configuration()
    }
    let message = error?.message ?? ""
    #expect(message.contains("/home/me/.kube/eks"))
    #expect(message.contains("user \"eks-user\""))
    #expect(message.contains("exec credential plugin (command \"aws\")"))
    #expect(message.contains("not support"))
    #expect(message.contains("token"))
    #expect(message.contains("client certificate"))
    #expect(!message.contains("s3cr3t"))

    let provider = """
      clusters: [{name: g, cluster: {server: "https://g.example"}}]
      users: [{name: g, user: {auth-provider: {name: gcp, config: {access-token: secret-token}}}}]
      contexts: [{name: g, context: {cluster: g, user: g}}]
      current-context: g
      """
    let providerError = #expect(throws: KubernetesConfigurationError.self) {
      try Kubeconfig.parse(provider, file: "/k").configuration()
    }
    #expect(providerError?.message.contains("auth-provider \"gcp\"") == true)
    #expect(providerError?.message.contains("secret-token") == false)
  }

  @Test("invalid or missing keys name the file and key, never the secret value")
  func invalidKeys() throws {
    func message(_ text: String) -> String {
      do {
        _ = try Kubeconfig.parse(text, file: "/cfg").configuration()
        return "no error"
      } catch {
        return error.message
      }
    }
    let badKey = message(
      """
      clusters: [{name: c, cluster: {server: "https://c"}}]
      users: [{name: u, user: {client-certificate-data: "LS0t", client-key-data: "not*base64*SECRETKEY"}}]
      contexts: [{name: x, context: {cluster: c, user: u}}]
      current-context: x
      """)
    #expect(badKey == "kubeconfig /cfg: user \"u\": client-key-data is not valid base64")
    #expect(!badKey.contains("SECRETKEY"))

    #expect(
      message(
        """
        clusters: [{name: c, cluster: {certificate-authority-data: "LS0t"}}]
        contexts: [{name: x, context: {cluster: c}}]
        current-context: x
        """) == "kubeconfig /cfg: cluster \"c\" has no server")
    #expect(
      message(
        """
        clusters: [{name: c, cluster: {server: "https://c", certificate-authority: /no/such/ca.crt}}]
        contexts: [{name: x, context: {cluster: c}}]
        current-context: x
        """)
        == "kubeconfig /cfg: cluster \"c\": certificate-authority file /no/such/ca.crt cannot be read: no such file")
    #expect(
      message(
        """
        clusters: [{name: c, cluster: {server: "https://c"}}]
        users: [{name: u, user: {tokenFile: /no/such/token}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """) == "kubeconfig /cfg: user \"u\": tokenFile /no/such/token cannot be read")
    #expect(
      message(
        """
        clusters: [{name: c, cluster: {server: "https://c"}}]
        users: [{name: u, user: {client-certificate-data: "LS0t"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """) == "kubeconfig /cfg: user \"u\" has a client certificate but no client-key or client-key-data")
    #expect(
      message(
        """
        clusters: [{name: c, cluster: {server: "https://c"}}]
        contexts: [{name: x, context: {cluster: c, user: nobody}}]
        current-context: x
        """) == "kubeconfig /cfg: user \"nobody\" of context \"x\" not found")
    #expect(message("clusters: [{name: c, cluster: {server: \"https://c\"}}]").contains("no current-context"))
    #expect(
      message(
        """
        clusters: [{name: c, cluster: {server: "https://10.0.0.1", tls-server-name: api.internal}}]
        contexts: [{name: x, context: {cluster: c}}]
        current-context: x
        """
      ).hasPrefix("kubeconfig /cfg: cluster \"c\": tls-server-name (api.internal) is not supported"))
    #expect(
      message(
        """
        clusters: [{name: c, cluster: {server: "https://c", insecure-skip-tls-verify: true, certificate-authority-data: "LS0t"}}]
        contexts: [{name: x, context: {cluster: c}}]
        current-context: x
        """
      ).contains("cannot both be set"))
  }

  @Test("in-cluster: service host and port, CA, token file and namespace from an injected directory")
  func inCluster() throws {
    let directory = try makeTemporaryDirectory()
    try write(Self.caPEM, to: directory + "/ca.crt")
    try write("sa-token", to: directory + "/token")
    try write("elastic-agent\n", to: directory + "/namespace")
    let environment = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
    #expect(KubernetesClientConfiguration.isInCluster(environment: environment))
    let config = try KubernetesClientConfiguration.inCluster(
      environment: environment, serviceAccountDirectory: directory)
    #expect(config.server == "https://10.96.0.1:443")
    #expect(config.certificateAuthorityPEM == Array(Self.caPEM.utf8))
    #expect(config.bearerToken == .file(path: directory + "/token"))
    #expect(config.namespace == "elastic-agent")
    #expect(!"\(config)".contains("sa-token"))

    let automatic = try KubernetesClientConfiguration.automatic(
      environment: environment, serviceAccountDirectory: directory)
    #expect(automatic.source == "in-cluster service account")

    let v6 = try KubernetesClientConfiguration.inCluster(
      environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"],
      serviceAccountDirectory: directory)
    #expect(v6.server == "https://[fd00::1]:6443")

    try FileManager.default.removeItem(atPath: directory + "/namespace")
    let fallback = try KubernetesClientConfiguration.inCluster(
      environment: environment, serviceAccountDirectory: directory + "/")
    #expect(fallback.namespace == "default")

    let outside = #expect(throws: KubernetesConfigurationError.self) {
      try KubernetesClientConfiguration.inCluster(environment: [:], serviceAccountDirectory: directory)
    }
    #expect(outside?.message.contains("KUBERNETES_SERVICE_HOST") == true)

    try FileManager.default.removeItem(atPath: directory + "/token")
    let noToken = #expect(throws: KubernetesConfigurationError.self) {
      try KubernetesClientConfiguration.inCluster(environment: environment, serviceAccountDirectory: directory)
    }
    #expect(noToken?.message == "in-cluster: cannot read the service-account token file \(directory)/token")
  }

  @Test("a CA that is not PEM, and a key that is not a key, fail when the client is built")
  func invalidPEM() throws {
    var config = KubernetesClientConfiguration(server: "https://127.0.0.1:1")
    config.certificateAuthorityPEM = Array("not a certificate".utf8)
    #expect(throws: KubernetesConfigurationError.self) { _ = try KubernetesClient(configuration: config) }
    config.certificateAuthorityPEM = nil
    config.server = "ftp://x"
    #expect(throws: KubernetesConfigurationError.self) { _ = try KubernetesClient(configuration: config) }
  }
}
