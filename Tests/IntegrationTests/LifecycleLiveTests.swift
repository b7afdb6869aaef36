import TestSupport
import Foundation
import NetIO
import Testing
import WebhookRuntime

/// Certificate rotation and graceful shutdown against a live server.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LifecycleLiveTests {
    @Test func certificateSwapDuringTrafficKeepsOpenConnections() async throws {
        let directory = NSTemporaryDirectory() + "mount-\(UUID().uuidString)"
        let first = try TestCertificates()
        let second = try TestCertificates(.rsa)
        try SecretMount.publish(first, in: directory, version: "v1")
        let live = try LiveServer(certs: first, certificatePath: directory + "/tls.crt", keyPath: directory + "/tls.key")
        let old = try live.client(caPath: first.caPath)
        try old.send(Requests.post(Requests.review))
        #expect(try old.readResponse().status == 200)

        try SecretMount.publish(second, in: directory, version: "v2")
        try await waitUntil { try live.probe.certificateReloads >= 1 }
        #expect(try live.probe.certificateReloads == 1)
        _ = try live.client(caPath: second.caPath)
        try old.send(Requests.post(Requests.review))
        #expect(try old.readResponse().status == 200)

        try SecretMount.publishBroken(in: directory, version: "v3")
        try await waitUntil { try live.probe.certificateReloadsRejected >= 1 }
        let afterBroken = try live.client(caPath: second.caPath)
        try afterBroken.send(Requests.post(Requests.review))
        #expect(try afterBroken.readResponse().status == 200)
        try await live.stop()
    }

    @Test func shutdownAnswersInFlightRequestWithCloseAndClosesIdleConnections() async throws {
        let live = try LiveServer()
        let idle = try live.client()
        try idle.send(Requests.post(Requests.review))
        #expect(try idle.readResponse().status == 200)

        let busy = try live.client()
        let request = Requests.post(Requests.review)
        let partialReads = try live.probe.partialRequestReads
        try busy.send(Array(request[0..<(request.count - 100)]))
        try await waitUntil { try live.probe.partialRequestReads > partialReads }

        live.server.shutdown(grace: .seconds(5))
        // Every loop has begun shutting down (its listener is closed), so the rest of the busy request is read by a
        // loop that already knows it is draining.
        try await waitUntil { try live.probe.listenersClosed == live.server.configuration.eventLoopCount }
        #expect(idle.isClosedByPeer())
        let readiness = try? live.adminClient()
        try readiness?.send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect((try readiness?.readResponse().status) == 503)

        try busy.send(Array(request[(request.count - 100)...]))
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["Connection"] == "close")
        #expect(response.text.contains(Requests.reviewUID))
        try await withTimeout(.seconds(10)) { await live.server.waitUntilStopped() }
        #expect(throws: (any Error).self) { _ = try live.client(timeout: .seconds(1)) }
    }

    /// While a request is still in flight (so the loops keep running), the listening sockets are already closed: a
    /// client dialling the terminating replica is refused at once and can try another endpoint.
    @Test func shutdownRefusesNewConnectionsWhileAnInFlightRequestDrains() async throws {
        let live = try LiveServer()
        let busy = try live.client()
        let request = Requests.post(Requests.review)
        try busy.send(Array(request[0..<(request.count - 100)]))
        try await waitUntil { try live.probe.partialRequestReads >= 1 }

        let shutdownAt = ContinuousClock.now
        live.server.shutdown(grace: .seconds(5))
        try await waitUntil { try live.probe.listenersClosed == live.server.configuration.eventLoopCount }
        // A figure for HARDENING.md (the 100 ms target is a benchmark's, not this test's): printed, not asserted.
        print("shutdown-refusal: listeners closed \((ContinuousClock.now - shutdownAt).formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 2)))) after shutdown began")
        #expect {
            _ = try BlockingClient(connectingTo: live.addresses.webhook, timeout: .seconds(1))
        } throws: { error in
            (error as? SystemCallError)?.errno == ECONNREFUSED
        }

        try busy.send(Array(request[(request.count - 100)...]))
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["Connection"] == "close")
        try await withTimeout(.seconds(10)) { await live.server.waitUntilStopped() }
    }

    @Test func shutdownGraceClosesStuckConnections() async throws {
        let live = try LiveServer()
        let stuck = try live.client()
        try stuck.send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        try await waitUntil { try live.probe.partialRequestReads >= 1 }
        let start = ContinuousClock.now
        // The limit only turns a server that never closes the connection into a failure instead of a hang.
        try await live.stop(grace: .milliseconds(500), limit: .seconds(20))
        #expect(ContinuousClock.now - start >= .milliseconds(500))
        #expect(stuck.isClosedByPeer())
    }
}

/// A Secret volume as kubelet writes it: files are symlinks through `..data`, swapped atomically.
enum SecretMount {
    /// Publishes the server pair of `certs` as a new version.
    static func publish(_ certs: TestCertificates, in directory: String, version: String) throws {
        try self.publish(in: directory, version: version) { path in
            try FileManager.default.copyItem(atPath: certs.certificatePath, toPath: path + "/tls.crt")
            try FileManager.default.copyItem(atPath: certs.keyPath, toPath: path + "/tls.key")
        }
    }

    /// Publishes a version whose key is garbage.
    static func publishBroken(in directory: String, version: String) throws {
        try self.publish(in: directory, version: version) { path in
            try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: path + "/tls.crt"))
            try Data("not a key".utf8).write(to: URL(fileURLWithPath: path + "/tls.key"))
        }
    }

    /// Writes a version directory, then swaps `..data` to it with rename(2).
    private static func publish(in directory: String, version: String, write: (String) throws -> Void) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/" + version, withIntermediateDirectories: true)
        try write(directory + "/" + version)
        try? manager.removeItem(atPath: directory + "/..data_tmp")
        try manager.createSymbolicLink(atPath: directory + "/..data_tmp", withDestinationPath: version)
        guard rename(directory + "/..data_tmp", directory + "/..data") == 0 else { throw CocoaError(.fileWriteUnknown) }
        for name in ["tls.crt", "tls.key"] where (try? manager.destinationOfSymbolicLink(atPath: directory + "/" + name)) == nil {
            try manager.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: "..data/" + name)
        }
    }
}
