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

    init(_ record: ServerRecord, strings: StringInterner) {
        self.record = record
        self.selectorKind = record.selector?.kind
        self.matcher = record.selector.flatMap { selector in
            let compiled = CompiledSelector(selector.labelSelector, strings: strings)
            return compiled.isComplete ? SelectorMatcher(selector.labelSelector, compiled: compiled) : nil
        }
    }
}
