import HTTP1Codec

/// The HTTP codec's share of one review, for callgrind: the bytes of kube-apiserver's POST /validate are parsed
/// by one reused parser (as on a keep-alive connection), the request is read as `WebhookRoutes` and the
/// connection read it (path, method, keep-alive), and a typical answer is serialized into one reused buffer.
/// No timing: measure it with callgrind at two iteration counts (the machine's wall clock is shared and noisy).
struct HTTPBenchmark {
    var bodies: String
    var iterations: Int

    /// Bytes of an AdmissionReview answer of the usual size (an allowed Server: 312 bytes).
    static let answerBytes = 312

    func run() throws {
        let body = try readFile("\(self.bodies)/server-create.json")
        let request = Self.requestBytes(body: body)
        let answer = HTTPResponse(
            status: 200,
            headers: ["Content-Type": "application/json"],
            body: [UInt8](repeating: UInt8(ascii: "x"), count: Self.answerBytes)
        )
        var parser = HTTPRequestParser()
        var output: [UInt8] = []
        // A plain loop, no clock: the cost per request is the difference of two runs' instruction counts.
        var served = 0
        for _ in 0..<self.iterations {
            served += Self.serve(request, with: &parser, answering: answer, into: &output)
        }
        guard served == self.iterations else {
            throw BenchmarkError("the HTTP section served \(served) of \(self.iterations) requests")
        }
        print("HTTP codec: \(served) requests of \(request.count) bytes parsed, \(output.count)-byte answers written")
    }

    /// Parses one request from its bytes, routes on it and serializes the answer; returns 1 when the request
    /// came out as expected.
    static func serve(_ bytes: [UInt8], with parser: inout HTTPRequestParser, answering answer: HTTPResponse, into output: inout [UInt8]) -> Int {
        bytes.withUnsafeBytes { parser.append($0) }
        while let event = try? parser.next() {
            guard case .request(let request) = event else { continue }
            guard request.path == "/validate", request.method == "POST", request.body.count > 0 else { return 0 }
            output.removeAll(keepingCapacity: true)
            HTTPResponseSerializer.write(answer, isKeepAlive: request.isKeepAlive, into: &output)
            return 1
        }
        return 0
    }

    /// The request kube-apiserver sends for a review of `body`.
    static func requestBytes(body: [UInt8]) -> [UInt8] {
        let head =
            "POST /validate?timeout=10s HTTP/1.1\r\n"
            + "Host: linkerd-policy-validator.linkerd.svc:443\r\n"
            + "Content-Type: application/json\r\n"
            + "Accept: application/json, */*\r\n"
            + "User-Agent: kube-apiserver-admission\r\n"
            + "Content-Length: \(body.count)\r\n"
            + "\r\n"
        return Array(head.utf8) + body
    }
}

/// A benchmark that could not measure what it meant to.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
