import PolicyAPI

/// `[{"group":...,"resource":...,"kind":...,"versions":[...]}]`: how `kinds` and `audit --print-resources` list
/// collections for tools (the chart tests read both).
enum KindListJSON {
    struct Entry {
        var group: String
        var resource: String
        var kind: String
        var versions: [String]
    }

    static func text(_ entries: [Entry]) -> String {
        var writer = JSONWriter()
        writer.raw("[")
        for (index, entry) in entries.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"group\":")
            writer.string(entry.group)
            writer.raw(",\"resource\":")
            writer.string(entry.resource)
            writer.raw(",\"kind\":")
            writer.string(entry.kind)
            writer.raw(",\"versions\":")
            writer.stringArray(entry.versions)
            writer.raw("}")
        }
        writer.raw("]")
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
