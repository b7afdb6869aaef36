/// A label selector translated to interned ids, evaluated against stored pods without touching a string.
struct CompiledSelector {
    /// One requirement on interned ids.
    enum Requirement {
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
        // matchLabels entries directly, one value each: an `In` requirement would allocate a list per label.
        for (key, value) in selector.matchLabels {
            guard let keyID = id(key), let valueID = id(value) else {
                self.requirements.append(.never)
                self.isComplete = false
                continue
            }
            self.requirements.append(.valueIs(key: keyID, value: valueID))
            self.requiredPairs.append(StoredPod.labelPair(key: keyID, value: valueID))
        }
        for requirement in selector.matchExpressions {
            let key = id(requirement.key)
            let values = requirement.values.compactMap { id($0) }
            if key == nil || values.count < requirement.values.count { self.isComplete = false }
            switch (requirement.operator, key) {
            case (.in, let key?):
                switch values.count {
                case 0:
                    self.requirements.append(.never)
                case 1:
                    self.requirements.append(.valueIs(key: key, value: values[0]))
                    self.requiredPairs.append(StoredPod.labelPair(key: key, value: values[0]))
                default:
                    self.requirements.append(.valueIn(key: key, values: values))
                }
            case (.notIn, let key?): self.requirements.append(.valueNotIn(key: key, values: values))
            case (.exists, let key?): self.requirements.append(.exists(key: key))
            case (.doesNotExist, let key?): self.requirements.append(.doesNotExist(key: key))
            case (.in, nil), (.exists, nil): self.requirements.append(.never)
            case (.notIn, nil), (.doesNotExist, nil): self.requirements.append(.always)
            }
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
