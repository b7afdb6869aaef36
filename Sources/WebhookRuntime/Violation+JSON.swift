import PolicyAPI
import PolicyCore

extension Violation {
    /// `"field":...,"rule":...,"message":...`, the fields `check` and `audit` give every violation in their JSON.
    func writeJSONFields(into writer: inout JSONWriter) {
        writer.raw("\"field\":")
        writer.string(self.path.description)
        writer.raw(",\"rule\":")
        writer.string(self.rule.rawValue)
        writer.raw(",\"message\":")
        writer.string(self.message)
    }
}
