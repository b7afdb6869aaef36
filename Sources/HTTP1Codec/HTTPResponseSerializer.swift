/// Writes responses in HTTP/1.1 wire format.
package enum HTTPResponseSerializer {
    /// The interim answer to `Expect: 100-continue`.
    package static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends the response to `buffer`, with `Content-Length` and, when the connection will close,
    /// `Connection: close`. Writes bytes straight into the buffer: formatting the status and length lines by
    /// string interpolation built and freed two strings per response.
    /// `omittingBody` answers a HEAD request: the same head (the length the body would have), no body bytes.
    package static func write(
        _ response: HTTPResponse, isKeepAlive: Bool, omittingBody: Bool = false, into buffer: inout [UInt8]
    ) {
        buffer.reserveCapacity(buffer.count + 128 + response.body.count)
        self.append("HTTP/1.1 ", to: &buffer)
        self.appendDecimal(response.status, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: reasonPhrase(response.status).utf8)
        self.append("\r\n", to: &buffer)
        response.headers.write(into: &buffer)
        self.append("Content-Length: ", to: &buffer)
        self.appendDecimal(response.body.count, to: &buffer)
        self.append("\r\n", to: &buffer)
        if !isKeepAlive {
            self.append("Connection: close\r\n", to: &buffer)
        }
        self.append("\r\n", to: &buffer)
        if !omittingBody { buffer.append(contentsOf: response.body) }
    }

    /// Appends the bytes of a literal.
    private static func append(_ literal: StaticString, to buffer: inout [UInt8]) {
        literal.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// Appends a number in decimal (a status code or a length; a negative one, never sent, as Swift prints it).
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        guard value >= 0 else {
            buffer.append(contentsOf: String(value).utf8)
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }

    /// The reason phrase for the status codes this server sends.
    package static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }
}
