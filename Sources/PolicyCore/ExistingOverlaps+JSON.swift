import PolicyAPI

/// The one JSON form of an overlap report, shared by `audit --output json` and the admin port's `/overlaps`
/// (with `Accept: application/json`), so both carry the same fields.
extension ExistingOverlaps {
    /// `{"overlaps":[...],"count":N}` followed by a newline.
    package static func json(_ overlaps: [Overlap]) -> String {
        var writer = JSONWriter()
        writer.raw("{\"overlaps\":")
        Self.writeJSON(overlaps, into: &writer)
        writer.raw(",\"count\":")
        writer.integer(overlaps.count)
        writer.raw("}\n")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The overlaps as a JSON array: namespace, both Servers, the one Linkerd applies, the shared `pod/port`
    /// pairs named (at most `namedSharedPorts`) and their total count.
    package static func writeJSON(_ overlaps: [Overlap], into writer: inout JSONWriter) {
        writer.raw("[")
        for (index, overlap) in overlaps.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"namespace\":")
            writer.string(overlap.namespace)
            writer.raw(",\"servers\":")
            writer.stringArray([overlap.server, overlap.otherServer])
            writer.raw(",\"appliedServer\":")
            writer.string(overlap.appliedServer)
            writer.raw(",\"sharedPorts\":")
            writer.stringArray(overlap.sharedPorts)
            writer.raw(",\"sharedPortCount\":")
            writer.integer(overlap.sharedPortCount)
            writer.raw("}")
        }
        writer.raw("]")
    }
}
