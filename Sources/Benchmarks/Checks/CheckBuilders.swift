import KSPMCore

// Short spellings for rule tables: `.permissions(atMost: 0o644)`, `.flag("--profiling", .bool(false), …)`.

extension FileCheck where Self == FilePermissionCheck {
  /// Mode `limit` or more restrictive.
  public static func permissions(atMost limit: UInt32) -> FilePermissionCheck { .atMost(limit) }
  public static func permissions(exactly mode: UInt32) -> FilePermissionCheck { .exactly(mode) }
}

extension FileCheck where Self == FileOwnershipCheck {
  public static func ownership(_ owner: String, _ group: String) -> FileOwnershipCheck {
    FileOwnershipCheck(owner: owner, group: group)
  }
}

extension ProcessCheck where Self == ProcessFlagCheck {
  public static func flag(
    _ flag: String, key: String? = nil, _ condition: ValueCondition, whenAbsent: WhenAbsent
  ) -> ProcessFlagCheck {
    ProcessFlagCheck(flag, key: key, condition, whenAbsent: whenAbsent)
  }
  public static func flagSet(_ flag: String) -> ProcessFlagCheck { .present(flag) }
  public static func flagNotSet(_ flag: String) -> ProcessFlagCheck { .absent(flag) }
}

extension ProcessCheck where Self == RequiredFlagsCheck {
  public static func flagsSet(_ flags: String...) -> RequiredFlagsCheck { RequiredFlagsCheck(flags) }
}

extension ProcessCheck where Self == KubeletSettingCheck {
  public static func kubelet(_ setting: KubeletSetting, _ condition: ValueCondition) -> KubeletSettingCheck {
    KubeletSettingCheck(setting, condition)
  }
  public static func kubelet(all settings: KubeletSetting..., are condition: ValueCondition) -> KubeletSettingCheck {
    KubeletSettingCheck(all: settings, condition)
  }
}

extension PodCheck where Self == ContainerSecurityCheck {
  public static func everyContainer(_ control: ContainerSecurityCheck.Control) -> ContainerSecurityCheck {
    ContainerSecurityCheck(control)
  }
}

extension PodCheck where Self == HostNamespaceCheck {
  public static func noHostNamespace(_ namespace: HostNamespaceCheck.Namespace) -> HostNamespaceCheck {
    HostNamespaceCheck(namespace)
  }
}

extension KubernetesObjectCheck where Self == RBACWildcardCheck {
  public static var noWildcards: RBACWildcardCheck { RBACWildcardCheck() }
}

extension KubernetesObjectCheck where Self == DefaultServiceAccountCheck {
  public static var defaultServiceAccountUnused: DefaultServiceAccountCheck { DefaultServiceAccountCheck() }
}

extension KubernetesObjectCheck where Self == ServiceAccountTokenAutomountCheck {
  public static var tokenNotAutomounted: ServiceAccountTokenAutomountCheck { ServiceAccountTokenAutomountCheck() }
}

extension KubernetesObjectCheck where Self == NodeExternalAddressCheck {
  public static var noExternalIP: NodeExternalAddressCheck { NodeExternalAddressCheck() }
}

extension CloudResourceCheck where Self == EKSControlPlaneLoggingCheck {
  public static var allControlPlaneLogTypes: EKSControlPlaneLoggingCheck { EKSControlPlaneLoggingCheck() }
}

extension CloudResourceCheck where Self == EKSSecretsEncryptionCheck {
  public static var secretsEncryptedWithKMS: EKSSecretsEncryptionCheck { EKSSecretsEncryptionCheck() }
}

extension CloudResourceCheck where Self == EKSEndpointAccessCheck {
  public static func endpointAccess(_ policy: EKSEndpointAccessCheck.Policy) -> EKSEndpointAccessCheck {
    EKSEndpointAccessCheck(policy)
  }
}

extension CloudResourceCheck where Self == ECRScanOnPushCheck {
  public static var scanOnPush: ECRScanOnPushCheck { ECRScanOnPushCheck() }
}

extension CloudResourceCheck where Self == ELBListenerTLSCheck {
  public static var listenersUseTLS: ELBListenerTLSCheck { ELBListenerTLSCheck() }
}
