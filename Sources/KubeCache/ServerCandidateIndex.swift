/// The Servers of one namespace indexed by port and by `matchLabels` pair, so the overlap rule looks only at the
/// Servers that could overlap a reviewed one instead of every Server of the namespace.
///
/// Two Servers can overlap only when their ports could coincide and their selectors could select a common object.
/// A reviewed Server with a numbered port P can coincide only with Servers of port P or of a named port; a
/// `matchLabels` pair k=v of its selector rules out every Server requiring k with another value. When every Server
/// of the namespace constrains k in its `matchLabels`, the Servers requiring k=v are therefore all the candidates:
/// the rule stays linear in the Servers of a namespace (each review looks at its few candidates) however many
/// there are. The candidates are a superset of the Servers with a finding; the rule still compares each one.
struct ServerCandidateIndex: Sendable {
    /// Server names by port value.
    private var namesByPort: [ServerPort: Set<String>] = [:]
    /// Servers with a named port (they may coincide with any numbered port).
    private var namedPortNames: Set<String> = []
    /// Server names by `matchLabels` pair, `key` and `value` joined by a NUL (no label key or value holds one).
    private var namesByLabel: [String: Set<String>] = [:]
    /// How many Servers constrain each key in their `matchLabels`.
    private var countByKey: [String: Int] = [:]
    /// How many Servers are indexed.
    private(set) var count = 0

    /// Adds a stored Server.
    mutating func insert(_ server: ServerRecord) {
        self.count += 1
        if let port = server.port {
            self.namesByPort[port, default: []].insert(server.name)
            if case .name = port { self.namedPortNames.insert(server.name) }
        }
        for (key, value) in server.selector?.labelSelector.matchLabels ?? [:] {
            self.namesByLabel[Self.pair(key, value), default: []].insert(server.name)
            self.countByKey[key, default: 0] += 1
        }
    }

    /// Removes a stored Server (the record it was inserted with).
    mutating func remove(_ server: ServerRecord) {
        self.count -= 1
        if let port = server.port {
            Self.remove(server.name, from: &self.namesByPort, at: port)
            if case .name = port { self.namedPortNames.remove(server.name) }
        }
        for (key, value) in server.selector?.labelSelector.matchLabels ?? [:] {
            Self.remove(server.name, from: &self.namesByLabel, at: Self.pair(key, value))
            let remaining = (self.countByKey[key] ?? 1) - 1
            self.countByKey[key] = remaining > 0 ? remaining : nil
        }
    }

    /// The names of the Servers that could overlap a Server with this port and these `matchLabels`, or nil when
    /// the index cannot narrow them down (every Server is a candidate).
    func candidates(port: ServerPort, matchLabels: [String: String]) -> Set<String>? {
        var best: Set<String>?
        if case .number = port {
            let byPort = (self.namesByPort[port] ?? []).union(self.namedPortNames)
            best = byPort
        }
        for (key, value) in matchLabels where self.countByKey[key] == self.count {
            let byLabel = self.namesByLabel[Self.pair(key, value)] ?? []
            if byLabel.count < best?.count ?? Int.max { best = byLabel }
        }
        return best
    }

    private static func pair(_ key: String, _ value: String) -> String {
        key + "\u{0}" + value
    }

    private static func remove<Key: Hashable>(_ name: String, from index: inout [Key: Set<String>], at key: Key) {
        index[key]?.remove(name)
        if index[key]?.isEmpty == true { index[key] = nil }
    }
}
