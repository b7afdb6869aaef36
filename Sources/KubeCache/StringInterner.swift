/// Interned strings (label keys and values, port names): each distinct string is stored once and named by a
/// 32-bit id, so 100,000 cached pods cost tens of megabytes, not hundreds.
///
/// One interner is one *generation*: within it, strings are only ever added and an id never changes meaning, so
/// every snapshot that carries this interner (and the ids its stored pods, cached Servers and compiled selectors
/// hold) stays valid for as long as anyone keeps it. Label values that change over a cluster's life
/// (`pod-template-hash`, `controller-uid`, `job-name`) would make one generation grow for ever, so the cache's
/// writer starts a new one when the strings no live pod uses pass a share of the total
/// (`ClusterSnapshot.compactStringsIfNeeded`): it re-interns the live pods' strings into a fresh interner and
/// recompiles the cached Servers against it, and the old generation is freed with the last snapshot that holds
/// it. Reference counts were the alternative, but a freed id could only be reused once no reader holds a
/// snapshot that still names it, which needs readers to register; generations need nothing from readers, and
/// the copying they cost is paid once per tenth of the live strings replaced, a constant per event.
///
/// Thread-safe behind a reader-writer lock: the reflectors add strings while reviews, on every event loop at once,
/// look them up.
package final class StringInterner: Sendable {
    private struct State {
        var ids: [String: UInt32] = [:]
        var strings: [String] = []
    }

    private let state: ReadWriteLock<State>

    package init() {
        self.state = ReadWriteLock(State())
    }

    /// A generation holding exactly `strings`, each named by its position.
    init(strings: [String]) {
        var ids: [String: UInt32] = [:]
        ids.reserveCapacity(strings.count)
        for (index, string) in strings.enumerated() { ids[string] = UInt32(index) }
        self.state = ReadWriteLock(State(ids: ids, strings: strings))
    }

    /// The id of `string`, adding it when new.
    package func intern(_ string: String) -> UInt32 {
        // Most strings of a pod are already known (labels repeat across pods): a shared lock finds them.
        if let id = self.id(of: string) { return id }
        return self.state.withWriteLock { state in
            if let id = state.ids[string] { return id }
            let id = UInt32(state.strings.count)
            state.strings.append(string)
            state.ids[string] = id
            return id
        }
    }

    /// The id of `string` if it was ever interned (a string never seen cannot be any label).
    package func id(of string: String) -> UInt32? {
        self.state.withReadLock { $0.ids[string] }
    }

    /// Runs `body` with a lookup of ids under one acquisition of the lock (a selector needs several).
    package func withLookup<Result>(_ body: ((String) -> UInt32?) -> Result) -> Result {
        self.state.withReadLock { state in body { state.ids[$0] } }
    }

    /// The string with id `id`.
    package func string(_ id: UInt32) -> String {
        self.state.withReadLock { state in Int(id) < state.strings.count ? state.strings[Int(id)] : "" }
    }

    /// Every string, indexed by id (one acquisition of the lock for a whole compaction).
    var allStrings: [String] { self.state.withReadLock { $0.strings } }

    /// How many distinct strings are stored.
    package var count: Int { self.state.withReadLock { $0.strings.count } }

    /// The UTF-8 bytes of the stored strings (their text only, not the table's overhead).
    package var utf8Count: Int { self.state.withReadLock { $0.strings.reduce(0) { $0 + $1.utf8.count } } }
}
