import KubeCache
import PolicyAPI

/// Rule 4: a Server must not select a (pod, port) another Server of its namespace already selects.
///
/// Decided against the cached snapshot, on real selections (named ports resolved per pod), not by comparing
/// selectors: Linkerd's own check (removed after 2.14) compared selectors and listed Servers on every request.
/// Potential overlaps and replacements (same Helm release, same ApplySet, opt-out annotation) are warnings.
package struct ServerOverlapValidator: ObjectValidator {
    /// Above this many Servers in a namespace, only the index's candidates are compared.
    let indexedLookupThreshold: Int

    /// `indexedLookupThreshold` is for tests, which compare the indexed lookup with the whole walk.
    package init(indexedLookupThreshold: Int = 32) {
        self.indexedLookupThreshold = indexedLookupThreshold
    }

    /// Every served Server version: overlaps are decided on selections, which read the same in each.
    package func coverage(of kind: GroupVersionKind) -> ValidatorCoverage? {
        ServerVersion(rawValue: kind.version) == nil ? nil : .clusterState
    }

    package func validate(_ object: JSONValue, context: ValidationContext, into report: inout ValidationReport) {
        // A namespace with no pod, Server or ExternalWorkload gives nothing to select and nothing to overlap.
        guard let requestObjects = context.snapshot.namespaces[context.namespace], !requestObjects.isEmpty,
            var server = ReviewedServer(object: object, context: context)
        else { return }
        // The Server's namespace is the request's unless the request names none: looked up once either way.
        if server.namespace == context.namespace {
            self.check(&server, in: requestObjects, snapshot: context.snapshot, into: &report)
        } else if let objects = context.snapshot.namespaces[server.namespace] {
            self.check(&server, in: objects, snapshot: context.snapshot, into: &report)
        }
    }

    /// Checks the reviewed Server against the objects of its namespace.
    private func check(
        _ server: inout ReviewedServer, in objects: ClusterSnapshot.NamespaceObjects, snapshot: ClusterSnapshot,
        into report: inout ValidationReport
    ) {
        let strings = snapshot.strings
        let portMatcher = PortMatcher(server.port, strings: strings)
        let selections: [Selection]
        switch server.selectorKind {
        case .pods:
            // Compiled straight from the JSON: the `LabelSelector` is read only if a comparison needs it.
            guard let compiled = CompiledSelector(json: server.selectorJSON, strings: strings) else { return }
            selections = Self.selections(of: objects.selectedPods(compiled), port: portMatcher)
            Self.warnIfUndeclared(portMatcher, selections: selections, into: &report)
        case .externalWorkloads:
            guard let selector = server.labelSelector() else { return }
            selections = Self.selections(of: objects.selectedExternalWorkloads(selector), port: portMatcher)
        }

        // Only the Servers with a finding are kept (copied), then reported in name order.
        var findings: [(other: ServerRecord, finding: Finding)] = []
        let visit = { (other: CachedServer) in
            guard other.selectorKind == server.selectorKind, other.record.name != server.name,
                let finding = Self.compare(
                    port: server.port, selections: selections, selector: { server.labelSelector() },
                    with: other.record, matcher: other.matcher, strings: strings)
            else { return }
            findings.append((other.record, finding))
        }
        // Small namespaces are walked whole (reading the selector costs more than the walk); large ones ask the
        // index for the Servers that could overlap, so a namespace of n Servers costs n reviews of a few each.
        if objects.serverCount > self.indexedLookupThreshold, let selector = server.labelSelector() {
            objects.forEachServer(
                couldOverlap: server.port, matchLabels: selector.matchLabels,
                hidingProvisionalDueBy: snapshot.provisionalCutoff, visit)
        } else {
            objects.forEachServer(hidingProvisionalDueBy: snapshot.provisionalCutoff, visit)
        }
        guard !findings.isEmpty, let record = server.record() else { return }
        findings.sort { $0.other.name < $1.other.name }
        for (other, finding) in findings {
            Self.report(finding, server: record, other: other, into: &report)
        }
    }

    // MARK: - Selections

    /// One selected object and the port numbers the Server selects on it.
    struct Selection {
        var workload: SelectedWorkload
        var ports: [Int]
        var name: String { self.workload.name }
    }

    /// What a Server selects today: each selected pod (or ExternalWorkload) with its resolved port numbers,
    /// sorted by name so examples in messages are stable.
    static func selections(of selector: ServerSelector, port: PortMatcher, namespace: String, snapshot: ClusterSnapshot) -> [Selection] {
        Self.selections(of: snapshot.selectedWorkloads(selector, in: namespace), port: port)
    }

    /// The selections of these selected workloads, sorted by name.
    static func selections(of workloads: [SelectedWorkload], port: PortMatcher) -> [Selection] {
        workloads.map { Selection(workload: $0, ports: $0.numbers(of: port)) }.sorted { $0.name < $1.name }
    }

    /// A Server that selects pods, none of which declares its port, is refused connections by the proxy.
    static func warnIfUndeclared(_ port: PortMatcher, selections: [Selection], into report: inout ValidationReport) {
        guard let example = selections.first else { return }
        guard !selections.contains(where: { $0.workload.declares(port) }) else { return }
        let count = selections.count == 1 ? "the selected pod" : "any of the \(selections.count) selected pods"
        report.warn("spec.port: port \(port.port) is not declared by \(count) (e.g. \(Self.short(example.name)))")
    }

    // MARK: - Comparison

    /// How two Servers overlap.
    enum Finding {
        /// Both select this pod and port today.
        case selected(object: String, port: Int)
        /// Same port value and an identical selector, or a select-all selector: they overlap on every future pod.
        case identical
        /// They could select a common pod on a common port, though none is selected by both today.
        case potential
    }

    /// The overlap of `server` (with its current selections) and `other`, if any; `matcher` is `other`'s selector
    /// already compiled, when the cache has it.
    static func compare(
        _ server: ServerRecord, selections: [Selection], with other: ServerRecord, matcher: SelectorMatcher? = nil,
        snapshot: ClusterSnapshot
    ) -> Finding? {
        guard let selector = server.selector?.labelSelector, let port = server.port else { return nil }
        return Self.compare(
            port: port, selections: selections, selector: { selector }, with: other, matcher: matcher,
            strings: snapshot.strings)
    }

    /// The overlap of a Server with port `port` and current selections `selections` and `other`, if any.
    ///
    /// `selector` gives the first Server's label selector (nil: unusable, no overlap); it is asked for only when
    /// today's selections show no overlap and the ports could coincide, since reading it costs more than the rest
    /// and most pairs of Servers differ in port. `matcher` is `other`'s selector already compiled, when the cache
    /// has it.
    static func compare(
        port: ServerPort, selections: [Selection], selector: () -> LabelSelector?, with other: ServerRecord,
        matcher: SelectorMatcher?, strings: StringInterner
    ) -> Finding? {
        guard let otherPort = other.port, other.selector != nil else { return nil }
        // `other`'s selector and port matchers are prepared only when needed: most Servers select nothing the
        // reviewed one selects, and their stored matcher is usually there.
        if !selections.isEmpty,
            let otherMatcher = matcher ?? other.selector.map({ SelectorMatcher($0.labelSelector, strings: strings) })
        {
            var otherPortMatcher: PortMatcher?
            // By index: the selections are read in place, not copied (a retain and release apiece) for each Server.
            for index in selections.indices where otherMatcher.matches(selections[index].workload) {
                let portMatcher = otherPortMatcher ?? PortMatcher(otherPort, strings: strings)
                otherPortMatcher = portMatcher
                let otherPorts = selections[index].workload.numbers(of: portMatcher)
                if let example = selections[index].ports.filter(otherPorts.contains).min() {
                    return .selected(object: selections[index].name, port: example)
                }
            }
        }
        // Equal ports coincide too: past this guard both findings below are impossible.
        guard Self.couldCoincide(port, otherPort), let selector = selector(),
            let otherSelector = other.selector?.labelSelector
        else { return nil }
        if port == otherPort && (selector.isIdentical(to: otherSelector) || selector.selectsAll || otherSelector.selectsAll) {
            return .identical
        }
        if selector.isJointlySatisfiable(with: otherSelector) {
            return .potential
        }
        return nil
    }

    /// Whether two port values could name the same port: equal values, or a number and a name. Two different
    /// numbers never coincide; two different names are taken not to (the conformance rules leave it open, and
    /// a warning on every pair of named Servers would be noise).
    static func couldCoincide(_ port: ServerPort, _ other: ServerPort) -> Bool {
        switch (port, other) {
        case (.number(let a), .number(let b)): return a == b
        case (.name(let a), .name(let b)): return a == b
        default: return true
        }
    }

    // MARK: - Reporting

    /// Records a finding as a denial, or as a warning for potential overlaps and exempt replacements.
    static func report(_ finding: Finding, server: ServerRecord, other: ServerRecord, into report: inout ValidationReport) {
        let otherName = Quote.value(other.name)
        if case .potential = finding {
            let winner = Self.appliedServer(server, other)
            report.warn("may overlap Server \(otherName) on port \(other.port?.description ?? "?"); Linkerd applies \(winner.name) to pods both select")
            return
        }
        if let exemption = Self.exemption(server, other) {
            report.warn("overlaps Server \(otherName), admitted as a replacement (\(exemption))")
            return
        }
        let message: String
        switch finding {
        case .selected(let object, let port):
            message = "Server \(Quote.value(server.name)) would select pod \(object)/\(port), already selected by Server \(otherName)"
        case .identical, .potential:
            let how = (server.selector?.labelSelector.selectsAll == true || other.selector?.labelSelector.selectsAll == true)
                ? "a select-all selector" : "an identical selector"
            message = "Server \(Quote.value(server.name)) and Server \(otherName) have port \(server.port?.description ?? "?") and \(how), so they select the same pods and port"
        }
        report.add(
            .overlap, at: FieldPath.spec,
            "\(message); each pod port may be selected by one Server only: change the selector or port, or delete the other Server",
            subject: other.name
        )
    }

    /// Why an overlap between the two is a replacement rather than a conflict, if it is.
    static func exemption(_ server: ServerRecord, _ other: ServerRecord) -> String? {
        if let release = server.helmRelease, release == other.helmRelease {
            return "same Helm release \(release.namespace)/\(release.name)"
        }
        if let applySet = server.applySet, applySet == other.applySet {
            return "same ApplySet \(applySet)"
        }
        if server.allowsOverlap { return "\(ServerRecord.allowOverlapAnnotation)=true" }
        return nil
    }

    /// The Server Linkerd's controller applies to a pod both select: the older creationTimestamp, then the
    /// lexically smaller name (linkerd2 policy-controller k8s/index inbound index.rs, reindex_servers).
    package static func appliedServer(_ a: ServerRecord, _ b: ServerRecord) -> ServerRecord {
        switch (a.creationTimestamp, b.creationTimestamp) {
        case (let ta?, let tb?) where ta != tb: return ta < tb ? a : b
        case (nil, .some): return b
        case (.some, nil): return a
        default: return a.name <= b.name ? a : b
        }
    }

    private static func short(_ name: String) -> String {
        name.count > 40 ? String(name.prefix(40)) + "…" : name
    }
}
