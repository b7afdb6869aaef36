#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one place bytes become a JSON tree, so the decoder can be replaced without touching a rule.
package enum JSONDecoding {
    /// Parses `bytes` as one JSON document with the project's strict parser (`JSONParser`).
    ///
    /// - Throws: `JSONSyntaxError` when the bytes are not JSON, saying what and where (never echoing the input).
    package static func decode(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try Self.decode(bytes, plan: .all) ?? .null
    }

    /// Parses `bytes` as one JSON document, building only what `plan` keeps (the rest is checked, not built);
    /// nil when the plan skips the root.
    package static func decode(_ bytes: some Collection<UInt8>, plan: JSONReadPlan) throws(JSONSyntaxError) -> JSONValue? {
        let result: Result<JSONValue?, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) -> JSONValue? in try JSONParser.parse(buffer, plan: plan) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer, plan: plan) }
    }

    /// Parses through FoundationEssentials' `JSONDecoder` and Codable: the reference the strict parser is
    /// checked against (differential tests) and the baseline in BENCHMARKS.md.
    package static func decodeWithFoundation(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw JSONSyntaxError(reason: "the body is not valid JSON")
        }
    }
}

/// The bytes given to `JSONDecoding.decode` are not a JSON document.
package struct JSONSyntaxError: Error, Hashable, CustomStringConvertible {
    /// What is wrong, in words a client can act on.
    package var reason: String

    package init(reason: String) { self.reason = reason }

    package var description: String { self.reason }
}
