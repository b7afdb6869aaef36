/// A pod or ExternalWorkload a Server selects, as the overlap rule reads it: its name, its declared ports and
/// (internally) its labels in whichever form the cache keeps them.
package struct SelectedWorkload: Sendable {
    fileprivate enum Labels: Sendable {
        case stored(StoredPod)
        case record([String: String])
    }

    package let name: String
    package let declaredPorts: [DeclaredPort]
    fileprivate let labels: Labels
}

/// A label selector prepared once for testing many selected workloads.
package struct SelectorMatcher {
    private let selector: LabelSelector
    private let compiled: CompiledSelector

    package init(_ selector: LabelSelector, snapshot: ClusterSnapshot) {
        self.selector = selector
        self.compiled = CompiledSelector(selector, strings: snapshot.strings)
    }

    /// Whether the selector selects the workload.
    package func matches(_ workload: SelectedWorkload) -> Bool {
        switch workload.labels {
        case .stored(let pod): return self.compiled.matches(pod)
        case .record(let labels): return self.selector.matches(labels)
        }
    }
}

extension ClusterSnapshot {
    /// What a Server's selector selects today in a namespace: non-terminated pods, or ExternalWorkloads.
    package func selectedWorkloads(_ selector: ServerSelector, in namespace: String) -> [SelectedWorkload] {
        switch selector {
        case .pods(let labelSelector):
            var selected: [SelectedWorkload] = []
            self.forEachPod(in: namespace, selectedBy: labelSelector) { pod in
                selected.append(SelectedWorkload(name: pod.name, declaredPorts: pod.declaredPorts(strings: self.strings), labels: .stored(pod)))
            }
            return selected
        case .externalWorkloads(let labelSelector):
            return self.externalWorkloads(in: namespace, selectedBy: labelSelector).map {
                SelectedWorkload(name: $0.name, declaredPorts: $0.ports, labels: .record($0.labels))
            }
        }
    }
}
