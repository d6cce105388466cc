// Kubernetes module.
