import Foundation
import KSPMCore
import Kubernetes
import TestSupport
import Testing

@Suite("LIST with pagination against the test API server over TLS")
struct ListTests {
  @Test("1,203 pods with limit 500: three requests, each item once, kind/apiVersion filled, managedFields dropped")
  func paginatesLargeList() async throws {
    try await KubernetesAPIServer.withServer { server in
      let seeded = try server.seed((0..<1203).map { pod("pod-\($0)", namespace: "ns-\($0 % 7)") })
      let expectedUIDs = Set(seeded.compactMap { $0[path: "metadata", "uid"]?.stringValue })
      #expect(expectedUIDs.count == 1203)
      server.clearRequestLog()

      try await withClient(server) { client in
        var pageSizes: [Int] = []
        var uids: [String] = []
        for try await page in client.list(.pod, pageSize: 500) {
          pageSizes.append(page.items.count)
          for item in page.items {
            #expect(item["kind"] == "Pod")
            #expect(item["apiVersion"] == "v1")
            #expect(item[path: "metadata", "managedFields"] == nil)
            #expect(item[path: "spec", "nodeName"] == "node-1")
            uids.append(item[path: "metadata", "uid"]?.stringValue ?? "")
          }
          #expect(page.restarts == 0)
        }
        #expect(pageSizes == [500, 500, 203])
        #expect(uids.count == 1203)
        #expect(Set(uids) == expectedUIDs)
      }
      let lists = server.requests.to("/api/v1/pods")
      #expect(lists.count == 3)
      #expect(lists.allSatisfy { $0.query["limit"] == "500" && $0.status == 200 })
      #expect(lists[0].query["continue"] == nil)
      #expect(lists[1].query["continue"] != nil && lists[2].query["continue"] != nil)
      #expect(lists[1].query["continue"] != lists[2].query["continue"])
    }
  }

  @Test("the server's list items lack kind/apiVersion, and list metadata has resourceVersion and remainingItemCount")
  func rawListShape() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<5).map { pod("p\($0)", namespace: "default") })
      try await withClient(server) { client in
        let response = try await client.request(path: "/api/v1/pods", query: ["limit": "2"])
        #expect(response.body["kind"] == "PodList")
        #expect(response.body["apiVersion"] == "v1")
        #expect(response.body[path: "metadata", "resourceVersion"]?.stringValue?.isEmpty == false)
        #expect(response.body[path: "metadata", "remainingItemCount"] == 3)
        let items = response.body["items"]?.arrayValue ?? []
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0["kind"] == nil && $0["apiVersion"] == nil })
      }
    }
  }

  @Test("namespaced LIST only returns that namespace")
  func namespacedList() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<30).map { pod("p\($0)", namespace: $0 % 3 == 0 ? "team-a" : "team-b") })
      try await withClient(server) { client in
        var names: [String] = []
        for try await page in client.list(.pod, namespace: "team-a", pageSize: 4) {
          names += page.items.compactMap { $0[path: "metadata", "name"]?.stringValue }
          #expect(page.items.allSatisfy { $0[path: "metadata", "namespace"] == "team-a" })
        }
        #expect(names.count == 10)
        #expect(Set(names).count == 10)
      }
      #expect(server.requests.to("/api/v1/namespaces/team-a/pods").count == 3)
    }
  }

  @Test("410 Expired in the middle of a list restarts it and yields every item exactly once")
  func restartsAfterExpiredContinue() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<1203).map { pod("pod-\(String(format: "%04d", $0))", namespace: "default") })
      server.clearRequestLog()
      try await withClient(server) { client in
        var seen: [String: Int] = [:]
        var pages = 0
        var restartsSeen = 0
        for try await page in client.list(.pod, pageSize: 500) {
          pages += 1
          restartsSeen = page.restarts
          for item in page.items { seen[item[path: "metadata", "name"]?.stringValue ?? "", default: 0] += 1 }
          if pages == 1 {
            // The token handed out with page 1 expires, and the cluster changes meanwhile.
            server.expireContinueTokens()
            try server.seed(pod("pod-added-during-list", namespace: "default"))
          }
        }
        #expect(restartsSeen == 1)
        #expect(seen.count == 1204)
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(seen["pod-added-during-list"] == 1)
      }
      let statuses = server.requests.to("/api/v1/pods").map(\.status)
      // page 1, expired continue, restart page 1 (all seen, skipped), page 2, page 3.
      #expect(statuses == [200, 410, 200, 200, 200])
    }
  }

  @Test("continue tokens that keep expiring end the list after a bounded number of restarts")
  func boundedRestarts() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed((0..<10).map { pod("p\($0)", namespace: "default") })
      server.setContinueTokensAlwaysExpire(true)
      server.clearRequestLog()
      try await withClient(server) { client in
        let error = await #expect(throws: KubernetesClientError.self) {
          for try await _ in client.list(.pod, pageSize: 3, maxRestarts: 2) {}
        }
        #expect(error?.statusCode == 410)
        #expect(error?.statusReason == "Expired")
      }
      // 3 passes (first + 2 restarts), each a first page and a failing continue.
      #expect(server.requests.to("/api/v1/pods").map(\.status) == [200, 410, 200, 410, 200, 410])
    }
  }

  @Test("GET of one object fills kind, and a missing object is a NotFound status naming it")
  func getObject() async throws {
    try await KubernetesAPIServer.withServer { server in
      try server.seed(clusterRole("viewer"))
      try await withClient(server) { client in
        let role = try await client.get(.clusterRole, name: "viewer")
        #expect(role["kind"] == "ClusterRole")
        #expect(role["apiVersion"] == "rbac.authorization.k8s.io/v1")
        let error = await #expect(throws: KubernetesClientError.self) {
          _ = try await client.get(.clusterRole, name: "missing")
        }
        guard case .status(let code, let reason, let message, let url)? = error else {
          Issue.record("expected a status error, got \(String(describing: error))")
          return
        }
        #expect(code == 404)
        #expect(reason == "NotFound")
        #expect(message == "clusterroles.rbac.authorization.k8s.io \"missing\" not found")
        #expect(url.contains("/apis/rbac.authorization.k8s.io/v1/clusterroles/missing"))
      }
    }
  }
}
