import KSPMCore

/// The kubelet as rules target it, the same in every benchmark with worker-node rules.
public enum KubeletTargets {
  /// The kubelet process: its settings come from its flags and from the file its `--config` names.
  public static let process = ProcessSpec(name: "kubelet", configFlags: ["config"])
  /// The kubelet's `--config` file, found through the running kubelet's flag wherever it is
  /// (kubeadm: `/var/lib/kubelet/config.yaml`; EKS AMIs: `/etc/kubernetes/kubelet/kubelet-config.json`).
  public static let configFile = FileSelector.namedBy(NamedFile(process: process, flag: "config"))
}
