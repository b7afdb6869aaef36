/// The status line and headers of an HTTP/1.1 response.
package struct HTTPResponseHead: Sendable, Hashable {
    package var status: Int
    package var reason: String
    /// Header fields in order, names lowercased.
    package var headers: [HeaderField]

    /// One header field, its name lowercased.
    package struct HeaderField: Sendable, Hashable {
        package var name: String
        package var value: String
    }

    package init(status: Int, reason: String = "", headers: [HeaderField] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }

    /// The first value of header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return self.headers.first { $0.name == lowered }?.value
    }

    /// True when the body uses chunked transfer coding.
    package var isChunked: Bool {
        self.header("transfer-encoding")?.lowercased().split(separator: ",").last.map {
            trimmed($0) == "chunked"
        } ?? false
    }

    /// True when the server will close the connection after this response.
    package var closesConnection: Bool {
        self.header("connection")?.lowercased().contains("close") ?? false
    }

    /// True when the status forbids a body (1xx, 204, 304).
    package var hasNoBody: Bool { (100..<200).contains(self.status) || self.status == 204 || self.status == 304 }
}
