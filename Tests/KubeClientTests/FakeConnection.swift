import COpenSSL
import Foundation

/// One parsed request to the fake API server.
struct FakeRequest {
    var target: String
    var path: String
    var query: [String: String]
    var headers: [String: String]
}

/// The server side of one TLS connection of the fake API server: blocking reads and writes through OpenSSL.
///
/// `@unchecked Sendable` is not needed: it lives on its connection's thread only.
final class FakeConnection {
    private let ssl: OpaquePointer
    private var buffer: [UInt8] = []

    init(ssl: OpaquePointer) {
        self.ssl = ssl
    }

    /// The next request head (GETs have no body), or nil when the client closed.
    func readRequest() -> FakeRequest? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let end = self.headEnd() {
                let text = String(decoding: self.buffer[..<end], as: UTF8.self)
                self.buffer.removeFirst(end + 4)
                var lines = text.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ")
                guard requestLine.count == 3 else { return nil }
                let target = String(requestLine[1])
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let parts = target.split(separator: "?", maxSplits: 1)
                var query: [String: String] = [:]
                if parts.count == 2 {
                    for item in parts[1].split(separator: "&") {
                        let pair = item.split(separator: "=", maxSplits: 1)
                        let value = pair.count == 2 ? String(pair[1]).removingPercentEncoding ?? "" : ""
                        query[String(pair[0])] = value
                    }
                }
                return FakeRequest(target: target, path: String(parts.first ?? ""), query: query, headers: headers)
            }
            let count = chunk.withUnsafeMutableBytes { SSL_read(self.ssl, $0.baseAddress, Int32($0.count)) }
            if count <= 0 { return nil }
            self.buffer += chunk[0..<Int(count)]
        }
    }

    private func headEnd() -> Int? {
        guard self.buffer.count >= 4 else { return nil }
        for index in 0...(self.buffer.count - 4)
        where self.buffer[index] == 13 && self.buffer[index + 1] == 10 && self.buffer[index + 2] == 13
            && self.buffer[index + 3] == 10
        {
            return index
        }
        return nil
    }

    /// Sends a complete response with Content-Length.
    func send(status: Int, body: [UInt8]) -> Bool {
        let head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        return self.write(Array(head.utf8) + body)
    }

    /// Sends a Kubernetes `Status` error.
    func sendStatus(_ code: Int, reason: String, message: String) -> Bool {
        let body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"\(message)\",\"reason\":\"\(reason)\",\"code\":\(code)}"
        return self.send(status: code, body: Array(body.utf8))
    }

    /// Starts a chunked 200 response.
    func sendChunkedHead() -> Bool {
        self.write(Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
    }

    /// Sends one chunk; an empty one ends the body.
    func sendChunk(_ bytes: [UInt8]) -> Bool {
        self.write(Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10])
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { SSL_write(self.ssl, $0.baseAddress.map { $0 + offset }, Int32(bytes.count - offset)) }
            if written <= 0 { return false }
            offset += Int(written)
        }
        return true
    }
}

/// The fake server's OpenSSL context. `@unchecked Sendable`: configured once in `init`, then only read.
///
/// Like a real API server it asks every client for a certificate signed by `clientCAPath` without requiring one,
/// so token clients connect as before and certificate clients are verified in the handshake.
final class ServerTLSContext: @unchecked Sendable {
    let context: OpaquePointer

    init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) throws {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw FakeServerError(reason: "SSL_CTX_new") }
        self.context = context
        _ = cossl_ctx_set_options(context, cossl_op_ignore_unexpected_eof())
        guard SSL_CTX_use_certificate_chain_file(context, certificatePath) == 1,
            SSL_CTX_use_PrivateKey_file(context, keyPath, SSL_FILETYPE_PEM) == 1
        else { throw FakeServerError(reason: "cannot load the test certificate") }
        if let clientCAPath {
            guard SSL_CTX_load_verify_locations(context, clientCAPath, nil) == 1,
                let names = SSL_load_client_CA_file(clientCAPath)
            else { throw FakeServerError(reason: "cannot load the client CA") }
            SSL_CTX_set_client_CA_list(context, names)
            SSL_CTX_set_verify(context, cossl_verify_peer(), nil)
        }
    }

    /// The common name of the verified certificate the client of `ssl` presented, if any.
    static func clientCommonName(_ ssl: OpaquePointer) -> String? {
        guard SSL_get_verify_result(ssl) == X509_V_OK, let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, &buffer, Int32(buffer.count)) > 0
        else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { SSL_CTX_free(self.context) }
}
