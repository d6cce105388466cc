/// The demo cluster's Kubernetes objects: a small kubeadm cluster with a mix of well and badly
/// configured workloads and RBAC.
enum DemoManifests {
  static let clusterID = "5d3c1e0a-7f4b-4c2e-9a61-3e8f2b7d9c10"
  static let clusterName = "kspmbeat-demo"

  static let namespaces = """
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Namespace
      metadata: {name: kube-system, uid: 5d3c1e0a-7f4b-4c2e-9a61-3e8f2b7d9c10}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: default, uid: 0b9e4f3c-1d2a-4e8b-8c7f-6a5d4c3b2a10}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: shop, uid: 7e6d5c4b-3a29-4817-9f6e-5d4c3b2a1f01}
    - apiVersion: v1
      kind: Node
      metadata: {name: demo-control-plane, uid: 2f8a7c6e-5b4d-4a3c-9e2f-1d0c9b8a7f6e, labels: {node-role.kubernetes.io/control-plane: ""}}
      status: {nodeInfo: {kubeletVersion: v1.29.4}}
    """

  static let serviceAccounts = """
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: default, namespace: shop, uid: a1b2c3d4-0001-4000-8000-000000000001}
    ---
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: checkout, namespace: shop, uid: a1b2c3d4-0002-4000-8000-000000000002}
    automountServiceAccountToken: false
    ---
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: default, namespace: default, uid: a1b2c3d4-0003-4000-8000-000000000003}
    automountServiceAccountToken: false
    """

  static let rbac = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: cluster-admin, uid: b1b2c3d4-0001-4000-8000-000000000001}
    rules:
    - apiGroups: ["*"]
      resources: ["*"]
      verbs: ["*"]
    - nonResourceURLs: ["*"]
      verbs: ["*"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: pod-reader, uid: b1b2c3d4-0002-4000-8000-000000000002}
    rules:
    - apiGroups: [""]
      resources: ["pods", "pods/log"]
      verbs: ["get", "list", "watch"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: shop-deployer, namespace: shop, uid: b1b2c3d4-0003-4000-8000-000000000003}
    rules:
    - apiGroups: ["apps"]
      resources: ["deployments"]
      verbs: ["*"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: config-reader, namespace: shop, uid: b1b2c3d4-0004-4000-8000-000000000004}
    rules:
    - apiGroups: [""]
      resources: ["configmaps"]
      verbs: ["get", "list"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: shop-deployer, namespace: shop, uid: b1b2c3d4-0005-4000-8000-000000000005}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: shop-deployer}
    subjects:
    - {kind: ServiceAccount, name: default, namespace: shop}
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: default-deny, namespace: shop, uid: b1b2c3d4-0006-4000-8000-000000000006}
    spec:
      podSelector: {}
      policyTypes: [Ingress]
    """

  static let pods = """
    # A workload that follows the restricted Pod Security Standard.
    apiVersion: v1
    kind: Pod
    metadata: {name: checkout-7d9f8, namespace: shop, uid: c1b2c3d4-0001-4000-8000-000000000001}
    spec:
      serviceAccountName: checkout
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: registry.example.com/shop/checkout:1.4.2
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
    ---
    # An old-style workload: runs as root on the default service account with a mounted token.
    apiVersion: v1
    kind: Pod
    metadata: {name: legacy-cart-5c6b7, namespace: shop, uid: c1b2c3d4-0002-4000-8000-000000000002}
    spec:
      containers:
      - name: cart
        image: registry.example.com/shop/cart:0.9
        securityContext:
          capabilities: {add: [NET_RAW, NET_ADMIN]}
      initContainers:
      - name: migrate
        image: registry.example.com/shop/cart-migrate:0.9
    ---
    # A debugging pod someone forgot: privileged, in the host's namespaces.
    apiVersion: v1
    kind: Pod
    metadata: {name: node-debugger, namespace: default, uid: c1b2c3d4-0003-4000-8000-000000000003}
    spec:
      hostPID: true
      hostIPC: true
      hostNetwork: true
      containers:
      - name: shell
        image: busybox:1.36
        command: [sleep, infinity]
        securityContext:
          privileged: true
          runAsUser: 0
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: kube-apiserver-demo-control-plane
      namespace: kube-system
      uid: c1b2c3d4-0004-4000-8000-000000000004
      labels: {component: kube-apiserver, tier: control-plane}
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      containers:
      - name: kube-apiserver
        image: registry.k8s.io/kube-apiserver:v1.29.4
        command: [kube-apiserver, --authorization-mode=Node,RBAC]
    """
}
