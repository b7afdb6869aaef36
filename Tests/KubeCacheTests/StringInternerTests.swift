import Dispatch
import KubeCache
import Testing

@Suite struct StringInternerTests {
    @Test func eachDistinctStringGetsOneIdThatNamesItBack() {
        let strings = StringInterner()
        let app = strings.intern("app")
        #expect(strings.intern("web") != app)
        #expect(strings.intern("app") == app)
        #expect(strings.string(app) == "app")
        #expect(strings.id(of: "never-seen") == nil)
        #expect(strings.count == 2)
    }

    /// Event loops look strings up while reflectors add them: every thread must see one id per string, and
    /// lookups made during the additions must never see an id that names another string.
    @Test func concurrentInterningAndLookupsAgree() {
        let strings = StringInterner()
        let words = (0..<2000).map { "label-\($0 % 500)" }
        // A pthread lock (which ThreadSanitizer understands) rather than a Mutex, whose futex it does not see.
        let seen = ReadWriteLock<[[String: UInt32]]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            var ids: [String: UInt32] = [:]
            for (index, word) in words.enumerated() where index % 8 == worker || worker >= 4 {
                if worker >= 4, let found = strings.withLookup({ $0(word) }) {
                    ids[word] = found
                } else {
                    ids[word] = strings.intern(word)
                }
            }
            seen.withWriteLock { $0.append(ids) }
        }
        #expect(strings.count == 500)
        for ids in seen.withReadLock({ $0 }) {
            for (word, id) in ids { #expect(strings.string(id) == word) }
        }
    }
}
