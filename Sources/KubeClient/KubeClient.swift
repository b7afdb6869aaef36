// KubeClient: placeholder until its first type lands.
