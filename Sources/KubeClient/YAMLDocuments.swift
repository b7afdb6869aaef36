import Yams

/// Reads YAML with aliases refused: every YAML input of the program (manifests, inventories, kubeconfigs) goes
/// through here, so no input can expand.
///
/// An alias makes a tree out of a DAG: nine levels of nine aliases in 446 bytes become 387 million nodes when
/// walked. Yams composes an alias by handing back the anchored node itself, which costs nothing while the tree is
/// shared; the expansion happens in whoever walks it. The check walks each composed document once, in document
/// order, and stops at the first node it meets a second time through its anchor: that is an alias, since an anchor
/// is defined where it is first met and every alias comes after its anchor. The walk is therefore linear in the
/// input, and nothing walks a document that holds an alias.
package enum YAMLDocuments {
    /// Why YAML text was refused.
    package struct Refusal: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    /// The root node of every document in `text`, in order; throws at the first alias, or with the parser's whole
    /// message (every line of it) for text that is not YAML.
    package static func roots(in text: String) throws(Refusal) -> [Node] {
        let parser: Parser
        var roots: [Node] = []
        do {
            // The basic resolver: the default one compiles regular expressions at first use (which loads ICU).
            parser = try Parser(yaml: text, resolver: .basic)
            while let root = try parser.nextRoot() {
                try Self.refuseAliases(in: root, text: text)
                roots.append(root)
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(description: "not valid YAML: " + Self.wholeMessage(of: error))
        }
        // The anchors Yams' nodes point to weakly live as long as the parser: kept until every root is checked.
        withExtendedLifetime(parser) {}
        return roots
    }

    /// Throws, naming the alias and its line, when a node of `root` is reached a second time through its anchor.
    static func refuseAliases(in root: Node, text: String) throws(Refusal) {
        var defined: Set<ObjectIdentifier> = []
        var pending: [Node] = [root]
        while let node = pending.popLast() {
            if let anchor = node.anchor {
                guard defined.insert(ObjectIdentifier(anchor)).inserted else {
                    let line = Self.aliasLine(anchor.rawValue, after: node.mark?.line ?? 1, in: text)
                    throw Refusal(
                        description: "line \(line): alias *\(anchor.rawValue) refused; YAML aliases and anchors are not "
                            + "supported (they can expand a small file into an unbounded one): write the value out")
                }
            }
            switch node {
            case .scalar, .alias: break
            case .sequence(let sequence): pending.append(contentsOf: sequence.reversed())
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    pending.append(value)
                    pending.append(key)
                }
            }
        }
    }

    /// The line of the first `*name` after the anchor's own line (the composed node keeps only the anchor's mark).
    static func aliasLine(_ name: String, after anchorLine: Int, in text: String) -> Int {
        let token = Array(("*" + name).utf8)
        let bytes = Array(text.utf8)
        var line = 1
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
            } else if line >= anchorLine, bytes[index] == UInt8(ascii: "*"), bytes[index...].starts(with: token) {
                let end = index + token.count
                if end == bytes.count || Self.endsName(bytes[end]) { return line }
            }
            index += 1
        }
        return anchorLine
    }

    /// Whitespace and flow indicators end an anchor name.
    private static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
            UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    /// Every line of a parser error (the position, the offending line and its caret), joined with `; `-free
    /// newlines indented under the first, so a caller's one-line prefix still reads.
    static func wholeMessage(of error: any Error) -> String {
        let lines = "\(error)".split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { return "unreadable" }
        return ([String(first)] + lines.dropFirst().map { "    " + $0 }).joined(separator: "\n")
    }
}
