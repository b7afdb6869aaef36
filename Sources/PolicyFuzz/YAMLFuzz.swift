import PolicyAPI
import WebhookRuntime

/// `ManifestReader.documents`, which reads the files given to `check -f` (YAML streams or JSON).
///
/// Invariants: no trap, whatever the text (deep nesting, anchors, tags, broken UTF-8); documents come out with
/// strictly increasing 1-based indexes and none of them is null.
enum YAMLFuzz {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let documents = try? ManifestReader.documents(in: text) else { return }
        var previous = 0
        for document in documents {
            require(document.index > previous, "document indexes are not increasing")
            require(!document.value.isNull, "a null document was returned")
            previous = document.index
        }
    }
}
