/// A response to serialize: status, extra headers and a body (framing headers are added by the serializer).
package struct HTTPResponse: Sendable, Hashable {
    package var status: Int
    /// Headers other than `Content-Length` and `Connection`, which `HTTPResponseSerializer` writes itself.
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain` response whose body is the text and a newline.
    package static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Array((text + "\n").utf8)
        )
    }
}
