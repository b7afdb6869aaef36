import PolicyAPI

/// A field path as Kubernetes writes it: `spec.rules[0].matches`, `metadata.annotations[config.linkerd.io/x]`.
package struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step from an object root.
    package enum Component: Sendable, Hashable {
        /// An object member written with a dot.
        case field(String)
        /// A list index, written `[n]`.
        case index(Int)
        /// A map key (labels, annotations), written `[key]`.
        case key(String)
    }

    package private(set) var components: [Component]

    package init(_ components: [Component] = []) {
        self.components = components
    }

    /// The object root.
    package static let root = FieldPath()

    /// `spec`, where every rule's paths start: made once, not per review.
    package static let spec = FieldPath("spec")

    /// A path of dotted fields, such as `FieldPath("spec.podSelector")`.
    package init(_ dotted: String) {
        var components: [Component] = []
        var start = dotted.utf8.startIndex
        for index in dotted.utf8.indices where dotted.utf8[index] == UInt8(ascii: ".") {
            if start < index { components.append(.field(String(dotted[start..<index]))) }
            start = dotted.utf8.index(after: index)
        }
        if start < dotted.utf8.endIndex { components.append(.field(String(dotted[start...]))) }
        self.components = components
    }

    /// The member `name` below this path.
    package func field(_ name: String) -> FieldPath {
        self.appending(.field(name))
    }

    /// The list element `index` below this path.
    package func index(_ index: Int) -> FieldPath {
        self.appending(.index(index))
    }

    /// The map entry `key` below this path.
    package func key(_ key: String) -> FieldPath {
        self.appending(.key(key))
    }

    /// One allocation: the components are copied once into room for one more.
    private func appending(_ component: Component) -> FieldPath {
        var components: [Component] = []
        components.reserveCapacity(self.components.count + 1)
        components.append(contentsOf: self.components)
        components.append(component)
        return FieldPath(components)
    }

    package var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(self.components.count * 16)
        self.write(toUTF8: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the path as `description` spells it (a message is built in one string, not from copies).
    package func write(to text: inout String) {
        text += self.description
    }

    /// Appends the UTF-8 of the path as `description` spells it. Messages are assembled as bytes: appending to a
    /// `String` costs far more per piece than appending bytes to an array.
    package func write(toUTF8 bytes: inout [UInt8]) {
        guard !self.components.isEmpty else {
            bytes += "<root>".utf8
            return
        }
        for (position, component) in self.components.enumerated() {
            switch component {
            case .field(let name):
                if position > 0 { bytes.append(UInt8(ascii: ".")) }
                bytes += name.utf8
            case .index(let index):
                bytes.append(UInt8(ascii: "["))
                bytes += String(index).utf8
                bytes.append(UInt8(ascii: "]"))
            case .key(let key):
                bytes.append(UInt8(ascii: "["))
                bytes += key.utf8
                bytes.append(UInt8(ascii: "]"))
            }
        }
    }

    /// The value at this path in `object`, or nil when some step is absent.
    package func value(in object: JSONValue) -> JSONValue? {
        var current = object
        for component in self.components {
            switch component {
            case .field(let name), .key(let name):
                guard let next = current[name] else { return nil }
                current = next
            case .index(let index):
                guard let elements = current.arrayValue, elements.indices.contains(index) else { return nil }
                current = elements[index]
            }
        }
        return current
    }
}
