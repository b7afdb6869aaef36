import PolicyAPI

/// Turns the body bytes of a watch response, split anywhere, into `WatchEvent`s. Pure.
///
/// The API server writes one JSON object per event, each followed by a newline; the decoder does not rely on the
/// newline but finds each top-level object by tracking nesting depth outside strings, so it also accepts
/// concatenated objects. Each event is bounded by `maximumEventSize`; a larger one fails the stream (the reflector
/// then restarts its watch) rather than growing the buffer without limit. Events of an unknown type are skipped.
package struct WatchEventDecoder: Sendable {
    /// The largest single event accepted (etcd caps objects at about 1.5 MiB).
    package let maximumEventSize: Int
    /// What to build of each event (the rest is checked for syntax only).
    package let plan: JSONReadPlan
    /// Bytes of the event being assembled (from its opening brace).
    private var pending: [UInt8] = []
    private var depth = 0
    private var isInString = false
    private var isEscaped = false

    package init(maximumEventSize: Int = 16 << 20, plan: JSONReadPlan = .all) {
        self.maximumEventSize = maximumEventSize
        self.plan = plan
    }

    /// True when bytes of an unfinished event are buffered (a stream that ends now was cut mid-event).
    package var hasPartialEvent: Bool { !self.pending.isEmpty }

    /// Feeds body bytes; returns the events they complete, in order.
    package mutating func feed(_ bytes: some Collection<UInt8>) throws(KubeClientError) -> [WatchEvent] {
        var events: [WatchEvent] = []
        for byte in bytes {
            if self.depth == 0 {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    continue
                case UInt8(ascii: "{"):
                    self.depth = 1
                    self.pending.append(byte)
                    continue
                default:
                    throw .malformedResponse("the watch stream holds a byte outside any JSON object")
                }
            }
            self.pending.append(byte)
            if self.pending.count > self.maximumEventSize {
                throw .oversized("a watch event exceeds \(self.maximumEventSize) bytes")
            }
            if self.isInString {
                if self.isEscaped {
                    self.isEscaped = false
                } else if byte == UInt8(ascii: "\\") {
                    self.isEscaped = true
                } else if byte == UInt8(ascii: "\"") {
                    self.isInString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): self.isInString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): self.depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                self.depth -= 1
                if self.depth == 0 {
                    if let event = try Self.decodeEvent(self.pending, plan: self.plan) { events.append(event) }
                    self.pending.removeAll(keepingCapacity: self.pending.capacity <= 1 << 20)
                }
            default: break
            }
        }
        return events
    }

    /// Decodes one complete event object; nil for an unknown event type.
    private static func decodeEvent(_ bytes: [UInt8], plan: JSONReadPlan) throws(KubeClientError) -> WatchEvent? {
        let value: JSONValue
        do {
            value = try JSONDecoding.decode(bytes, plan: plan) ?? .null
        } catch {
            throw .malformedResponse("a watch event is not JSON: \(error.reason)")
        }
        guard let typeText = value["type"]?.stringValue, let object = value["object"], case .object = object else {
            throw .malformedResponse("a watch event lacks its type or object")
        }
        guard let type = WatchEvent.EventType(rawValue: typeText) else { return nil }
        return WatchEvent(type: type, object: object)
    }
}
