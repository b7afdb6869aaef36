/// A pod or ExternalWorkload a Server selects, as the overlap rule reads it: its name, its labels and its ports,
/// in whichever form the cache keeps them (interned for pods).
///
/// A class: the rule passes each selection around many times per review, and copying the stored pod's strings
/// and arrays each time (a retain and release apiece) cost more than the matching itself.
package final class SelectedWorkload: Sendable {
    fileprivate enum Storage: Sendable {
        case stored(StoredPod, StringInterner)
        case record(labels: [String: String], ports: [DeclaredPort])
    }

    package let name: String
    fileprivate let storage: Storage

    fileprivate init(name: String, storage: Storage) {
        self.name = name
        self.storage = storage
    }

    /// The port numbers `port` selects on this workload (a name resolves to every port declaring it).
    package func numbers(of port: PortMatcher) -> [Int] {
        switch (port.port, self.storage) {
        case (.number(let number), _):
            return [number]
        case (.name, .stored(let pod, _)):
            guard let id = port.nameID else { return [] }
            return pod.ports.filter { $0.name == id }.map { Int($0.number) }
        case (.name, .record(_, let ports)):
            return port.port.resolve(on: ports)
        }
    }

    /// Whether the workload declares `port` (a number among its ports, or a port name).
    package func declares(_ port: PortMatcher) -> Bool {
        switch (port.port, self.storage) {
        case (.number(let number), .stored(let pod, _)):
            return pod.ports.contains { Int($0.number) == number }
        case (.name, .stored(let pod, _)):
            guard let id = port.nameID else { return false }
            return pod.ports.contains { $0.name == id }
        case (_, .record(_, let ports)):
            return port.port.isDeclared(on: ports)
        }
    }
}

/// A Server port prepared once for testing many selected workloads: a port name's interned id is looked up once,
/// not once per pod.
package struct PortMatcher {
    package let port: ServerPort
    /// The interned id of the port's name; nil for a number, or a name no cached pod declares.
    fileprivate let nameID: UInt32?

    package init(_ port: ServerPort, snapshot: ClusterSnapshot) {
        self.init(port, strings: snapshot.strings)
    }

    package init(_ port: ServerPort, strings: StringInterner) {
        self.port = port
        if case .name(let name) = port { self.nameID = strings.id(of: name) } else { self.nameID = nil }
    }
}

/// A label selector prepared once for testing many selected workloads.
package struct SelectorMatcher: Sendable {
    private let selector: LabelSelector
    private let compiled: CompiledSelector

    package init(_ selector: LabelSelector, strings: StringInterner) {
        self.selector = selector
        self.compiled = CompiledSelector(selector, strings: strings)
    }

    /// A matcher of `selector` with its compilation done already.
    init(_ selector: LabelSelector, compiled: CompiledSelector) {
        self.selector = selector
        self.compiled = compiled
    }

    /// Whether the selector selects the workload.
    package func matches(_ workload: SelectedWorkload) -> Bool {
        switch workload.storage {
        case .stored(let pod, _): return self.compiled.matches(pod)
        case .record(let labels, _): return self.selector.matches(labels)
        }
    }
}

extension ClusterSnapshot {
    /// What a Server's selector selects today in a namespace: non-terminated pods, or ExternalWorkloads.
    package func selectedWorkloads(_ selector: ServerSelector, in namespace: String) -> [SelectedWorkload] {
        guard let objects = self.namespaces[namespace] else { return [] }
        switch selector {
        case .pods(let labelSelector):
            return objects.selectedPods(CompiledSelector(labelSelector, strings: self.strings))
        case .externalWorkloads(let labelSelector):
            return objects.selectedExternalWorkloads(labelSelector)
        }
    }
}

extension ClusterSnapshot.NamespaceObjects {
    /// The non-terminated pods `compiled` selects (for a selector compiled once for the review, e.g. straight
    /// from the reviewed Server's JSON).
    package func selectedPods(_ compiled: CompiledSelector) -> [SelectedWorkload] {
        var selected: [SelectedWorkload] = []
        self.forEachPod(selectedBy: compiled) { pod in
            selected.append(SelectedWorkload(name: pod.name, storage: .stored(pod, self.strings)))
        }
        return selected
    }

    /// The ExternalWorkloads `selector` selects.
    package func selectedExternalWorkloads(_ selector: LabelSelector) -> [SelectedWorkload] {
        self.externalWorkloads(selectedBy: selector).map {
            SelectedWorkload(name: $0.name, storage: .record(labels: $0.labels, ports: $0.ports))
        }
    }
}
