/// One parsed HTTP request with its whole body.
package struct HTTPRequest: Sendable, Hashable {
    /// The method token as sent (`POST`); methods are case-sensitive.
    package var method: String
    /// The request target as sent (`/validate?timeout=10s`).
    package var target: String
    /// The minor version of HTTP/1.x (0 or 1).
    package var minorVersion: Int
    package var headers: HTTPHeaders
    /// The body after chunked decoding.
    package var body: [UInt8]

    package init(method: String, target: String, minorVersion: Int = 1, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// The target without its query string. (Searched as UTF-8 bytes: a search by `Character` segments
    /// graphemes, which cost more than the rest of routing; `?` is ASCII, so its byte index is a valid bound.)
    package var path: Substring {
        guard let question = self.target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return self.target[...] }
        return self.target[..<question]
    }

    /// Whether the client allows the connection to stay open after the response (HTTP/1.1 default yes,
    /// HTTP/1.0 only with `Connection: keep-alive`).
    package var isKeepAlive: Bool {
        if self.minorVersion >= 1 {
            return !self.headers.contains(token: "close", inHeader: "Connection")
        }
        return self.headers.contains(token: "keep-alive", inHeader: "Connection")
    }
}
