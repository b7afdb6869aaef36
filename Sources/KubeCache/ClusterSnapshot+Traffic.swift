/// Reads for rule 8 (traffic a change will deny) that need no records built.
extension ClusterSnapshot {
    /// How many Running pods of `namespace` the selector selects that declare `port` (a named port resolved per
    /// pod): what rule 8 calls a Server serving pods. Walks the stored pods without building records.
    package func countRunningPods(in namespace: String, selectedBy selector: LabelSelector, declaring port: ServerPort) -> Int {
        var count = 0
        switch port {
        case .number(let number):
            self.forEachPod(in: namespace, selectedBy: selector) { pod in
                if pod.phase == .running && pod.ports.contains(where: { Int($0.number) == number }) { count += 1 }
            }
        case .name(let name):
            // A name no string of the snapshot spells is declared by no pod.
            guard let id = self.strings.id(of: name) else { return 0 }
            self.forEachPod(in: namespace, selectedBy: selector) { pod in
                if pod.phase == .running && pod.ports.contains(where: { $0.name == id }) { count += 1 }
            }
        }
        return count
    }
}
