import KubeClient
import PolicyAPI
import Yams

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads Kubernetes manifests (multi-document YAML or JSON) into JSON values, as `kubectl apply` would send them.
package enum ManifestReader {
    /// One document of a manifest stream.
    package struct Document: Sendable {
        /// 1-based position of the document in its file.
        package var index: Int
        package var value: JSONValue
    }

    /// Why a manifest cannot be read.
    package struct ReadError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Parses text holding YAML documents (JSON is YAML too); empty documents are skipped.
    package static func documents(in text: String) throws(ReadError) -> [Document] {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        if trimmed.first == "{" || trimmed.first == "[" {
            if let value = try? JSONDecoding.decode(Array(text.utf8)) {
                return [Document(index: 1, value: value)]
            }
        }
        let roots: [Node]
        do {
            roots = try YAMLDocuments.roots(in: text)
        } catch {
            throw ReadError(description: error.description)
        }
        var documents: [Document] = []
        for (offset, root) in roots.enumerated() {
            let value = try Self.json(from: root)
            if value.isNull { continue }
            documents.append(Document(index: offset + 1, value: value))
        }
        return documents
    }

    /// Converts a YAML node with the core schema's resolution (ints, floats, booleans, null, strings).
    package static func json(from node: Node) throws(ReadError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return Self.json(fromScalar: scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence { elements.append(try Self.json(from: element)) }
            return .array(elements)
        case .mapping(let mapping):
            var members: [JSONObject.Member] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ReadError(description: "a mapping key is not a scalar")
                }
                members.append(JSONObject.Member(key: keyScalar.string, value: try Self.json(from: value)))
            }
            return .object(JSONObject(keepingLastOf: members))
        case .alias:
            throw ReadError(description: "YAML aliases are not supported in manifests")
        }
    }

    private static func json(fromScalar scalar: Node.Scalar) -> JSONValue {
        if scalar.style != .plain { return .string(scalar.string) }
        if scalar.tag.description == "tag:yaml.org,2002:str" { return .string(scalar.string) }
        let string = scalar.string
        switch string {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let integer = Int64(string) { return .integer(integer) }
        if string.hasPrefix("0x"), let integer = Int64(string.dropFirst(2), radix: 16) { return .integer(integer) }
        if string.hasPrefix("0o"), let integer = Int64(string.dropFirst(2), radix: 8) { return .integer(integer) }
        if string.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }),
            string.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
            let double = Double(string)
        {
            return .double(double)
        }
        return .string(string)
    }
}
