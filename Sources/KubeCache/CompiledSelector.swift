import PolicyAPI

/// A label selector translated to interned ids, evaluated against stored pods without touching a string.
package struct CompiledSelector: Sendable {
    /// One requirement on interned ids.
    enum Requirement: Sendable {
        /// The key must have this value (matchLabels, or `In` with one value): no array to allocate.
        case valueIs(key: UInt32, value: UInt32)
        /// The key must have one of these values (none known: matches nothing).
        case valueIn(key: UInt32, values: [UInt32])
        /// The key is absent or has none of these values.
        case valueNotIn(key: UInt32, values: [UInt32])
        case exists(key: UInt32)
        case doesNotExist(key: UInt32)
        /// A requirement no stored pod can meet (an `In` or `Exists` on a string never interned).
        case never
        /// A requirement every stored pod meets (a `NotIn` or `DoesNotExist` on a key never interned).
        case always
    }

    var requirements: [Requirement] = []
    /// False when a string of the selector was not interned at compilation: a pod carrying it may come later, and
    /// only a new compilation would see it.
    private(set) var isComplete = true
    /// Label pairs (`key << 32 | value`) a pod must carry: the index starts from the smallest posting list.
    var requiredPairs: [UInt64] = []

    init(_ selector: LabelSelector, strings: StringInterner) {
        self = strings.withLookup { id in Self(selector, id: id) }
    }

    /// Compiles with `id` giving the interned id of a string (nil when never interned).
    private init(_ selector: LabelSelector, id: (String) -> UInt32?) {
        let count = selector.matchLabels.count + selector.matchExpressions.count
        self.requirements.reserveCapacity(count)
        self.requiredPairs.reserveCapacity(count)
        for (key, value) in selector.matchLabels { self.addLabel(key: key, value: value, id: id) }
        for requirement in selector.matchExpressions {
            self.addExpression(key: requirement.key, operator: requirement.operator, values: requirement.values, id: id)
        }
    }

    /// Compiles a selector straight from its JSON (the Server under review): no `LabelSelector` with its
    /// dictionary and sets is built on the way. Nil exactly when `LabelSelector(json:)` is nil (both read the JSON
    /// through `LabelSelectorJSON`).
    package init?(json: JSONValue, strings: StringInterner) {
        guard let (expressions, labels) = LabelSelectorJSON.parts(json) else { return nil }
        let compiled = strings.withLookup { id -> Self? in
            var compiled = Self()
            compiled.requirements.reserveCapacity(expressions.count + labels.count)
            compiled.requiredPairs.reserveCapacity(expressions.count + labels.count)
            for entry in expressions {
                guard let (key, op, values) = LabelSelectorJSON.expression(entry) else { return nil }
                compiled.addExpression(key: key, operator: op, values: values.lazy.compactMap(\.stringValue), id: id)
            }
            for (key, value) in labels {
                if let value = value.stringValue { compiled.addLabel(key: key, value: value, id: id) }
            }
            return compiled
        }
        guard let compiled else { return nil }
        self = compiled
    }

    private init() {}

    /// Adds a `matchLabels` entry directly, one value: an `In` requirement would allocate a list per label.
    private mutating func addLabel(key: String, value: String, id: (String) -> UInt32?) {
        guard let keyID = id(key), let valueID = id(value) else {
            self.requirements.append(.never)
            self.isComplete = false
            return
        }
        self.requirements.append(.valueIs(key: keyID, value: valueID))
        self.requiredPairs.append(StoredPod.labelPair(key: keyID, value: valueID))
    }

    /// Adds a `matchExpressions` entry. `values` may repeat (as JSON may write them): each id is kept once, so a
    /// list that names one value twice compiles as a `Set` of it would.
    private mutating func addExpression(
        key: String, operator op: LabelSelector.Requirement.Operator, values: some Sequence<String>,
        id: (String) -> UInt32?
    ) {
        let key = id(key)
        var valueIDs: [UInt32] = []
        var allInterned = true
        for value in values {
            guard let valueID = id(value) else {
                allInterned = false
                continue
            }
            if !valueIDs.contains(valueID) { valueIDs.append(valueID) }
        }
        if key == nil || !allInterned { self.isComplete = false }
        switch (op, key) {
        case (.in, let key?):
            switch valueIDs.count {
            case 0:
                self.requirements.append(.never)
            case 1:
                self.requirements.append(.valueIs(key: key, value: valueIDs[0]))
                self.requiredPairs.append(StoredPod.labelPair(key: key, value: valueIDs[0]))
            default:
                self.requirements.append(.valueIn(key: key, values: valueIDs))
            }
        case (.notIn, let key?): self.requirements.append(.valueNotIn(key: key, values: valueIDs))
        case (.exists, let key?): self.requirements.append(.exists(key: key))
        case (.doesNotExist, let key?): self.requirements.append(.doesNotExist(key: key))
        case (.in, nil), (.exists, nil): self.requirements.append(.never)
        case (.notIn, nil), (.doesNotExist, nil): self.requirements.append(.always)
        }
    }

    /// True when no pod can match.
    var matchesNothing: Bool {
        self.requirements.contains { if case .never = $0 { return true } else { return false } }
    }

    /// Whether a stored pod's labels satisfy every requirement.
    func matches(_ pod: StoredPod) -> Bool {
        for requirement in self.requirements {
            switch requirement {
            case .valueIs(let key, let value):
                guard pod.labelValue(key) == value else { return false }
            case .valueIn(let key, let values):
                guard let value = pod.labelValue(key), values.contains(value) else { return false }
            case .valueNotIn(let key, let values):
                if let value = pod.labelValue(key), values.contains(value) { return false }
            case .exists(let key):
                if pod.labelValue(key) == nil { return false }
            case .doesNotExist(let key):
                if pod.labelValue(key) != nil { return false }
            case .never:
                return false
            case .always:
                continue
            }
        }
        return true
    }
}
