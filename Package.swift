// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "kspmbeat",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "kspmbeat", targets: ["kspmbeat"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto", .upToNextMajor(from: "3.12.3")),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
  ],
  targets: [
    // Value types shared by every module: resources, evaluations, findings, rules, ids, JSON.
    .target(name: "KSPMCore"),
    // YAML (and JSON) text into KSPMCore's JSON value type.
    .target(name: "YAMLValue", dependencies: ["KSPMCore", .product(name: "Yams", package: "Yams")]),
    // One HTTP client factory: TLS trust and verification, client certificates, proxies.
    .target(
      name: "HTTPTransport",
      dependencies: [
        "KSPMCore",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ]),
    // Kubernetes API client: kubeconfig, in-cluster, paginated LIST, discovery.
    .target(
      name: "Kubernetes",
      dependencies: [
        "KSPMCore", "YAMLValue", "HTTPTransport",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    // AWS: SigV4, credentials and their chain, STS, IMDS, EKS cluster-name discovery, and the signed, retried
    // transport service clients use.
    .target(
      name: "AWS",
      dependencies: [
        "KSPMCore", "YAMLValue", "HTTPTransport",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // openat2(RESOLVE_IN_ROOT): every path under the host root resolved inside it.
    .target(name: "CHostFS"),
    // Node files and processes read under a host root.
    .target(name: "Host", dependencies: ["KSPMCore", "YAMLValue", "CHostFS"]),
    // Reusable checks and the benchmark rule tables.
    .target(name: "Benchmarks", dependencies: ["KSPMCore"]),
    // The ECS finding document and its ids.
    .target(name: "Findings", dependencies: ["KSPMCore"]),
    // The system zlib (zlib1g-dev), for gzip.
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // Bounded queue and the outputs (Elasticsearch bulk, file, console), gzip.
    .target(
      name: "Output",
      dependencies: [
        "KSPMCore", "CZlib", "HTTPTransport",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    // The engine: cycle assembly (plan → collectors, context, pipeline), scheduler, delivery, leader
    // election, the event stream, as swift-service-lifecycle services. Knows no configuration file.
    .target(
      name: "Engine",
      dependencies: [
        "KSPMCore", "Kubernetes", "Host", "AWS", "Benchmarks", "Findings", "Output",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]),
    // libbeat's HTTP monitoring endpoint (`http.*`): beat info, stats, health probes, as a service
    // that follows the engine's event stream.
    .target(
      name: "Monitoring",
      dependencies: [
        "KSPMCore", "Engine", "Output",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]),
    // Elastic Agent control protocol V2: StartUpInfo on stdin, the gRPC CheckinV2 and Actions streams
    // over mutual TLS, unit states. Generated protobuf and gRPC code is committed under Generated/.
    .target(
      name: "AgentControl",
      dependencies: [
        "KSPMCore",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
      ],
      exclude: ["Proto"]),
    // Wiring and configuration: kspmbeat.yml and -E, config sources, plans, `scan` and `run`, the demo.
    .target(
      name: "Beat",
      dependencies: [
        "KSPMCore", "YAMLValue", "Kubernetes", "Host", "AWS", "Benchmarks", "Findings", "Output", "Engine", "Monitoring",
        "AgentControl",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]),
    // The Fleet integration package: rule templates from the registry, the field catalog, the zip.
    .target(name: "FleetPackage", dependencies: ["KSPMCore", "YAMLValue", "Benchmarks", "CZlib"]),
    // What people read at a terminal: the posture table, progress line, rule listing, console diagnostics.
    .target(name: "Report", dependencies: ["KSPMCore", "Benchmarks", "Engine", "Output"]),
    .executableTarget(
      name: "kspmbeat",
      dependencies: [
        "Beat", "Report", "Engine", "KSPMCore", "Host", "FleetPackage",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    // Benchmark harness (not a product: `swift run -c release kspmbeat-bench`).
    .executableTarget(name: "kspmbeat-bench", dependencies: ["Beat", "Engine", "Report", "TestSupport"]),
    // Faithful test doubles (Kubernetes API server, Elasticsearch bulk server; later the Agent).
    .target(
      name: "TestSupport",
      dependencies: [
        "KSPMCore", "AWS", "AgentControl",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
        .product(name: "NIOTLS", package: "swift-nio"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
      ]),
    .testTarget(name: "KSPMCoreTests", dependencies: ["KSPMCore", "YAMLValue"]),
    .testTarget(
      name: "HTTPTransportTests",
      dependencies: [
        "HTTPTransport", "TestSupport", "KSPMCore",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]),
    .testTarget(name: "KubernetesTests", dependencies: ["Kubernetes", "TestSupport"]),
    .testTarget(
      name: "AgentControlTests",
      dependencies: [
        "AgentControl", "TestSupport", "KSPMCore",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]),
    .testTarget(name: "HostTests", dependencies: ["Host"]),
    .testTarget(
      name: "AWSTests",
      dependencies: [
        "AWS", "TestSupport", "KSPMCore", "HTTPTransport",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "Host"]),
    .testTarget(name: "FindingsTests", dependencies: ["Findings", "Benchmarks", "YAMLValue", "FleetPackage"]),
    .testTarget(
      name: "FleetPackageTests",
      dependencies: ["FleetPackage", "Beat", "TestSupport", "KSPMCore", "YAMLValue", "Benchmarks", "Kubernetes"]),
    .testTarget(
      name: "OutputTests",
      dependencies: [
        "Output", "TestSupport", "KSPMCore",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
      ]),
    .testTarget(
      name: "BeatTests",
      dependencies: [
        "Beat", "Engine", "Report", "TestSupport", "KSPMCore", "Benchmarks", "Kubernetes", "Output", "Monitoring", "AWS",
        "AgentControl",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]),
    .testTarget(
      name: "FuzzTests",
      dependencies: ["KSPMCore", "YAMLValue", "Kubernetes", "Host", "Benchmarks", "Findings", "Output", "Beat"]),
    .testTarget(
      name: "EngineTests",
      dependencies: [
        "Engine", "TestSupport", "KSPMCore", "Benchmarks", "Findings", "Output",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
