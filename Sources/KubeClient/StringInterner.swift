import KubeCache

/// Shares one copy of each repeated string (label keys and values, namespaces, port names) among pod records.
///
/// Swift strings longer than 15 UTF-8 bytes live in their own heap buffer; 100,000 pods each carrying
/// `app.kubernetes.io/part-of: storefront-backend` would otherwise store that text 100,000 times. Returning the
/// stored instance makes equal strings share one buffer. Pod names and uids are unique, so they are not interned.
struct StringInterner {
    private var strings: Set<String> = []
    /// Beyond this many distinct strings, new ones are returned as is (labels with unique values, e.g. hashes).
    let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The shared instance equal to `string`.
    mutating func intern(_ string: String) -> String {
        if string.utf8.count <= 15 { return string }  // small strings are stored inline: nothing to share
        if let existing = self.strings.firstIndex(of: string) { return self.strings[existing] }
        if self.strings.count < self.capacity { self.strings.insert(string) }
        return string
    }

    /// The pod with its namespace, labels and port names interned.
    mutating func intern(_ pod: PodRecord) -> PodRecord {
        var pod = pod
        pod.namespace = self.intern(pod.namespace)
        var labels: [String: String] = [:]
        labels.reserveCapacity(pod.labels.count)
        for (key, value) in pod.labels {
            labels[self.intern(key)] = self.intern(value)
        }
        pod.labels = labels
        for index in pod.ports.indices {
            pod.ports[index].name = pod.ports[index].name.map { self.intern($0) }
            pod.ports[index].protocol = self.intern(pod.ports[index].protocol)
        }
        return pod
    }
}
