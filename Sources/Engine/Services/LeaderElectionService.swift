import Foundation
import KSPMCore
import Kubernetes
import Logging
import ServiceLifecycle

/// What the leader election service needs: how to reach the API server and which Lease to campaign for.
public struct ElectionSettings: Sendable, Equatable {
  /// The kubeconfig (`nil`: in-cluster, then `$KUBECONFIG`, then `~/.kube/config`).
  public var kubeconfig: String?
  public var leaderElection: LeaderElectionConfig
  /// The process environment (in-cluster access, `POD_NAME` for the identity).
  public var environment: [String: String]

  public init(kubeconfig: String?, leaderElection: LeaderElectionConfig, environment: [String: String]) {
    self.kubeconfig = kubeconfig
    self.leaderElection = leaderElection
    self.environment = environment
  }
}

/// Campaigns for the Lease so that one process collects the cluster, and keeps ``Leadership`` and
/// the event stream up to date. Becoming leader asks the scheduler for a cluster cycle at once.
///
/// New settings (another Lease, another kubeconfig) stop the elector — releasing the Lease — and
/// start a new one. Without API access the process is its own leader (it then reads only what it
/// can reach: the node). On shutdown the Lease is released.
public struct LeaderElectionService: Service, CustomStringConvertible {
  public let settings: Mailbox<ElectionSettings>
  public let leadership: Leadership
  public let events: EventBus
  /// Where "became leader" goes: the scheduler's signals.
  public let scheduler: Mailbox<SchedulerSignal>?
  public let logger: Logger

  public init(
    settings: Mailbox<ElectionSettings>, leadership: Leadership, events: EventBus,
    scheduler: Mailbox<SchedulerSignal>?, logger: Logger
  ) {
    self.settings = settings
    self.leadership = leadership
    self.events = events
    self.scheduler = scheduler
    self.logger = logger
  }

  public var description: String { "LeaderElectionService" }

  public func run() async throws {
    await followSettings(settings) { settings in await campaign(settings) }
    leadership.set(false)
  }

  /// One elector's life: until cancelled (new settings, shutdown).
  func campaign(_ settings: ElectionSettings) async {
    let client: KubernetesClient
    let elector: LeaderElector
    do {
      let configuration = try KubernetesClientConfiguration.automatic(
        kubeconfigPath: settings.kubeconfig, environment: settings.environment)
      client = try KubernetesClient(configuration: configuration, logger: logger)
      let config = settings.leaderElection.resolved(
        defaultNamespace: configuration.namespace, podName: settings.environment["POD_NAME"])
      do {
        elector = try LeaderElector(client: client, config: config, logger: logger)
      } catch {
        try? await client.shutdown()
        throw error
      }
    } catch {
      leadership.set(true)
      events.publish(.leadership(.standalone(reason: "\(error)")))
      await waitForCancellation()
      leadership.set(false)
      return
    }
    leadership.set(false)
    leadership.follow { elector.isLeader }
    events.publish(
      .leadership(
        .campaigning(
          lease: "\(elector.config.leaseNamespace)/\(elector.config.leaseName)",
          identity: elector.config.holderIdentity)))
    let changes = elector.events()
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await elector.run() }
      group.addTask {
        for await change in changes {
          switch change {
          case .started:
            events.publish(.leadership(.acquired))
            scheduler?.put(.cycle(.leadership))
          case .stopped: events.publish(.leadership(.lost))
          case .newLeader(let identity):
            if identity != elector.config.holderIdentity { events.publish(.leadership(.observed(identity: identity))) }
          }
        }
      }
      await group.waitForAll()
    }
    leadership.set(false)
    try? await client.shutdown()
  }
}
