#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one place request bytes become a JSON tree, so the decoder can be replaced without touching a rule.
package enum JSONDecoding {
    /// Parses `bytes` as one JSON document.
    ///
    /// - Throws: `JSONSyntaxError` when the bytes are not JSON, with the decoder's reason.
    package static func decode(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let data = Data(bytes)
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw JSONSyntaxError(reason: Self.describe(error))
        }
    }

    /// A short, single-line reason for a decoding failure, without echoing the input.
    private static func describe(_ error: any Error) -> String {
        if let decodingError = error as? DecodingError {
            switch decodingError {
            case .dataCorrupted(let context):
                return context.debugDescription.isEmpty ? "the body is not valid JSON" : "the body is not valid JSON"
            case .typeMismatch, .valueNotFound, .keyNotFound:
                return "the body is not valid JSON"
            @unknown default:
                return "the body is not valid JSON"
            }
        }
        return "the body is not valid JSON"
    }
}

/// The bytes given to `JSONDecoding.decode` are not a JSON document.
package struct JSONSyntaxError: Error, Hashable, CustomStringConvertible {
    /// What is wrong, in words a client can act on.
    package var reason: String

    package init(reason: String) { self.reason = reason }

    package var description: String { self.reason }
}
