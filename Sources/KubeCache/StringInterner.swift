/// Interned strings (label keys and values, port names): each distinct string is stored once and named by a
/// 32-bit id, so 100,000 cached pods cost tens of megabytes, not hundreds.
///
/// Append-only and shared by every copy of a snapshot, so ids stay valid across copies. Thread-safe behind a
/// reader-writer lock: the reflectors add strings while reviews, on every event loop at once, look them up.
package final class StringInterner: Sendable {
    private struct State {
        var ids: [String: UInt32] = [:]
        var strings: [String] = []
    }

    private let state = ReadWriteLock(State())

    package init() {}

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

    /// How many distinct strings are stored.
    package var count: Int { self.state.withReadLock { $0.strings.count } }
}
