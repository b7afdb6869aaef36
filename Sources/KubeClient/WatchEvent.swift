import PolicyAPI

/// One event of a Kubernetes watch stream: `{"type": "...", "object": {...}}`.
package struct WatchEvent: Sendable, Hashable {
    /// The event types the API server sends.
    package enum EventType: String, Sendable, Hashable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Carries only `metadata.resourceVersion`: where to resume from.
        case bookmark = "BOOKMARK"
        /// Carries a `Status`; code 410 means the requested resourceVersion is too old.
        case error = "ERROR"
    }

    package var type: EventType
    package var object: JSONValue

    package init(type: EventType, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// `object.metadata.resourceVersion`, where a watch resumes after this event.
    package var resourceVersion: String? {
        self.object["metadata"]?["resourceVersion"]?.stringValue
    }

    /// For ERROR events: the Status `code` (410 Gone, 500...), nil when absent.
    package var statusCode: Int? {
        self.object["code"]?.integerValue.map { Int($0) }
    }

    /// For ERROR events: the Status `reason` and `message` on one line.
    package var statusText: String {
        let reason = self.object["reason"]?.stringValue ?? "Unknown"
        let message = self.object["message"]?.stringValue ?? ""
        return message.isEmpty ? reason : "\(reason): \(message)"
    }
}
