/// Writes responses in HTTP/1.1 wire format.
package enum HTTPResponseSerializer {
    /// The interim answer to `Expect: 100-continue`.
    package static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends the response to `buffer`, with `Content-Length` and, when the connection will close,
    /// `Connection: close`.
    package static func write(_ response: HTTPResponse, isKeepAlive: Bool, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + 128 + response.body.count)
        buffer.append(contentsOf: "HTTP/1.1 \(response.status) \(reasonPhrase(response.status))\r\n".utf8)
        for field in response.headers {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: ": ".utf8)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: "\r\n".utf8)
        }
        buffer.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        if !isKeepAlive {
            buffer.append(contentsOf: "Connection: close\r\n".utf8)
        }
        buffer.append(contentsOf: "\r\n".utf8)
        buffer.append(contentsOf: response.body)
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
