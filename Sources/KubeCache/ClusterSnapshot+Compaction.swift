/// A new generation of interned strings when most of the old one names labels no pod carries any more.
extension ClusterSnapshot {
    /// Strings a compaction leaves spare before the next one, at least: a small cache is not compacted at every
    /// new label value.
    static let minimumSpareStrings = 64

    /// Compacts the strings when they outgrow what the live pods need by more than a tenth (and
    /// `minimumSpareStrings`); returns whether it did. Called by the cache's writer after each change, so the
    /// strings stay within that margin of the live objects whatever the churn of label values.
    ///
    /// The threshold grows with the live strings, so a cache that is only growing compacts at most once per tenth
    /// of growth: the cost per event stays constant.
    @discardableResult
    package mutating func compactStringsIfNeeded() -> Bool {
        guard self.strings.count > self.stringCompactionThreshold else { return false }
        self.compactStrings()
        return true
    }

    /// Re-interns the strings of the stored pods into a fresh interner (a new generation), renumbering their
    /// labels, port names and label index, and recompiles every cached Server against it.
    ///
    /// Copies of this snapshot taken before keep the old interner, which never changes meaning, so whatever they
    /// hold stays valid; the old generation is freed with the last of them.
    package mutating func compactStrings() {
        let old = self.strings.allStrings
        var renumbered = [UInt32](repeating: .max, count: old.count)
        var kept: [String] = []
        kept.reserveCapacity(min(old.count, self.stringCompactionThreshold))
        let oldStrings = self.strings
        func renumber(_ id: UInt32) -> UInt32 {
            let index = Int(id)
            guard index < renumbered.count else {
                // Interned after `old` was read (a relist gathering in the same generation): kept as well.
                kept.append(oldStrings.string(id))
                return UInt32(kept.count - 1)
            }
            if renumbered[index] == .max {
                renumbered[index] = UInt32(kept.count)
                kept.append(old[index])
            }
            return renumbered[index]
        }
        func renumberPair(_ pair: UInt64) -> UInt64 {
            StoredPod.labelPair(key: renumber(UInt32(truncatingIfNeeded: pair >> 32)), value: renumber(UInt32(truncatingIfNeeded: pair)))
        }
        for namespace in Array(self.namespaces.keys) {
            self.modify(namespace) { objects in
                // Pods that shared their label or port storage share the renumbered one.
                var renumberedLabels: [[UInt64]: [UInt64]] = [:]
                var renumberedPorts: [[StoredPod.Port]: [StoredPod.Port]] = [:]
                for slot in objects.podSlots.indices {
                    guard var pod = objects.podSlots[slot] else { continue }
                    objects.podSlots[slot] = nil
                    if let labels = renumberedLabels[pod.labels] {
                        pod.labels = labels
                    } else {
                        let old = pod.labels
                        for index in pod.labels.indices { pod.labels[index] = renumberPair(pod.labels[index]) }
                        pod.labels.sort()
                        renumberedLabels[old] = pod.labels
                    }
                    if let ports = renumberedPorts[pod.ports] {
                        pod.ports = ports
                    } else {
                        let old = pod.ports
                        for index in pod.ports.indices where pod.ports[index].name != StoredPod.Port.noName {
                            pod.ports[index].name = renumber(pod.ports[index].name)
                        }
                        renumberedPorts[old] = pod.ports
                    }
                    if pod.probes != StoredPod.Port.noName { pod.probes = renumber(pod.probes) }
                    objects.podSlots[slot] = pod
                }
                var index: [UInt64: [Int32]] = [:]
                index.reserveCapacity(objects.slotsByLabel.count)
                for (pair, slots) in objects.slotsByLabel { index[renumberPair(pair)] = slots }
                objects.slotsByLabel = index
            }
        }
        let fresh = StringInterner(strings: kept)
        self.strings = fresh
        for namespace in Array(self.namespaces.keys) {
            self.modify(namespace) { objects in
                objects.strings = fresh
                objects.servers = objects.servers.mapValues {
                    CachedServer($0.record, strings: fresh, provisionalDeadline: $0.provisionalDeadline)
                }
            }
        }
        self.stringCompactionThreshold = kept.count + max(kept.count / 10, Self.minimumSpareStrings)
    }

    /// The distinct strings the stored pods use (label keys and values, port names, probe paths): what a compaction
    /// keeps.
    package var liveStringCount: Int {
        var ids = Set<UInt32>()
        for objects in self.namespaces.values {
            for case let pod? in objects.podSlots {
                for pair in pod.labels {
                    ids.insert(UInt32(truncatingIfNeeded: pair >> 32))
                    ids.insert(UInt32(truncatingIfNeeded: pair))
                }
                for port in pod.ports where port.name != StoredPod.Port.noName { ids.insert(port.name) }
                if pod.probes != StoredPod.Port.noName { ids.insert(pod.probes) }
            }
        }
        return ids.count
    }
}
