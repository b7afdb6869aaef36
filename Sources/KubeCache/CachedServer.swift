/// A cached Server with its selector compiled when it was stored, when every string in it was interned then: ids
/// never change, so such a compilation stays right for the record's lifetime, and the overlap rule need not
/// compile every other Server of the namespace on each review.
///
/// Record and matcher are kept in one entry, so a review finds both with one lookup. A class: iterating a
/// namespace's Servers then copies one reference per Server, not the record's strings and the matcher's arrays
/// (a retain and release apiece).
package final class CachedServer: Sendable {
    package let record: ServerRecord
    /// The kind of object the record's selector selects (read on every review, kept apart so no selector is copied
    /// to learn it); nil without a selector.
    package let selectorKind: ServerSelector.Kind?
    /// The stored compilation of the record's selector; nil when the record has no selector, or when a string of
    /// it was not interned when it was stored (a pod carrying it may come later: compile again when needed).
    package let matcher: SelectorMatcher?
    /// The monotonic time (seconds) at which a provisional record (admitted, not yet confirmed by a watch event)
    /// stops being visible; nil for a record the API server reported.
    let provisionalDeadline: Double?

    init(_ record: ServerRecord, strings: StringInterner, provisionalDeadline: Double? = nil) {
        self.record = record
        self.provisionalDeadline = provisionalDeadline
        self.selectorKind = record.selector?.kind
        self.matcher = record.selector.flatMap { selector in
            let compiled = CompiledSelector(selector.labelSelector, strings: strings)
            return compiled.isComplete ? SelectorMatcher(selector.labelSelector, compiled: compiled) : nil
        }
    }

    /// Whether a snapshot handed out at `cutoff` shows this record: a provisional one only before its deadline.
    func isVisible(at cutoff: Double) -> Bool {
        guard let deadline = self.provisionalDeadline else { return true }
        return deadline > cutoff
    }
}
