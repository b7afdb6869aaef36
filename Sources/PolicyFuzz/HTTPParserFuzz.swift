import HTTP1Codec

/// The HTTP/1.1 request parser over any bytes in any split.
///
/// Invariants: no trap; feeding the bytes in chunks yields the same requests and the same failure as feeding
/// them at once (the split must never change what is parsed, or a slow client could smuggle a request);
/// buffered bytes never exceed what was fed.
enum HTTPParserFuzz {
    /// Small limits so the fuzzer reaches the 431 and 413 paths with short inputs.
    static let limits = HTTPLimits(maxHeadBytes: 512, maxBodyBytes: 1024)

    static func run(_ bytes: [UInt8]) {
        let input = ChunkedInput(bytes)
        let whole = Self.parse([input.payload[...]])
        let split = Self.parse(input.chunks)
        require(whole.requests == split.requests, "requests differ between one feed and chunked feeds")
        require(whole.error == split.error, "failure differs: \(String(describing: whole.error)) vs \(String(describing: split.error))")
        for request in whole.requests {
            require(request.body.count <= Self.limits.maxBodyBytes, "a body beyond maxBodyBytes was accepted")
        }
    }

    /// What a parser makes of the chunks: the requests it produced, and the error that stopped it.
    private static func parse(_ chunks: [ArraySlice<UInt8>]) -> (requests: [HTTPRequest], error: HTTPParseError?) {
        var parser = HTTPRequestParser(limits: Self.limits)
        var requests: [HTTPRequest] = []
        var fed = 0
        for chunk in chunks {
            parser.append(chunk)
            fed += chunk.count
            do {
                while let event = try parser.next() {
                    if case .request(let request) = event { requests.append(request) }
                }
            } catch {
                return (requests, error)
            }
            require(parser.bufferedByteCount <= fed, "the parser holds more bytes than it was given")
        }
        return (requests, nil)
    }
}
