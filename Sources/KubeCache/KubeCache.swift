// KubeCache: placeholder until its first type lands.
