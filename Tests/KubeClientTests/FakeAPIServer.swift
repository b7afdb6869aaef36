import COpenSSL
import Foundation
import KubeClient
import PolicyAPI
import Synchronization

/// An in-process Kubernetes API server over TLS for the reflector tests: thread per connection, bearer-token and
/// client-certificate checks, paginated LISTs with resourceVersion and continue tokens, chunked WATCH streams with bookmarks, 410 Gone,
/// and injectable faults (5xx, slow answers, streams cut mid-event, missing CRDs, stalled watches, outages).
final class FakeAPIServer: Sendable {
    /// One change, as a watch replays it.
    struct Event {
        var revision: Int
        var kind: ResourceKind
        var type: String
        var object: [UInt8]
    }

    /// Objects generated on the fly for LISTs (the benchmark), instead of stored.
    struct Synthetic: Sendable {
        var count: Int
        var make: @Sendable (Int) -> [UInt8]
    }

    /// What the server holds and which faults are armed.
    struct State {
        var token = "secret-token"
        var revision = 100
        /// Watches from a revision below this get 410 Gone.
        var compactedRevision = 0
        /// Bumped by `expireWatches()`: open watches send an ERROR 410 event and end.
        var goneGeneration = 0
        var objects: [ResourceKind: [String: [UInt8]]] = [:]
        var events: [Event] = []
        var synthetic: [ResourceKind: Synthetic] = [:]
        var missingKinds: Set<ResourceKind> = []
        /// Statuses to answer to the next requests of a kind (500, 503...), one per request.
        var failNext: [ResourceKind: [Int]] = [:]
        var delayNext: Duration?
        var expireNextContinue = false
        /// Applied to the state when the armed continue token expires: what changed while the list was paged.
        var changeWhenContinueExpires: (@Sendable (inout State) -> Void)?
        var dropNextWatchMidEvent: Set<ResourceKind> = []
        var goneAsHTTPStatus = false
        /// The next request that arrives on an already used connection is not answered: the connection closes, as a
        /// server does with a kept-alive connection it timed out while idle.
        var dropNextReusedRequest = false
        var sendsBookmarks = true
        var bookmarkInterval: Duration = .milliseconds(100)
        var requests: [String] = []
        /// How many recorded events a watch can still replay: older ones are forgotten (watches from before them
        /// get 410 Gone), as etcd compacts, so a long churn keeps the server's memory bounded.
        var retainedEvents = Int.max
        var userAgents: Set<String> = []
        /// Collections beyond the three cached kinds (policy kinds for `audit`), by cluster-wide path, then
        /// `namespace/name`; LISTs of them page like the others, and `/namespaces/NS/` paths filter them.
        var collections: [String: [String: [UInt8]]] = [:]
        /// Cluster-wide paths whose requests get 403 Forbidden.
        var forbiddenPaths: Set<String> = []
        /// Common names of the client certificates (signed by the test CA) that authenticate a request without a
        /// token; the PKI's `stranger` is not among them.
        var acceptedClientNames: Set<String> = ["exec-user"]
        /// How each request authenticated, in order: `token`, `certificate <CN>`, or `refused`.
        var authentications: [String] = []
        /// Connections accepted so far.
        var connectionCount = 0
    }

    let port: Int
    let state = Mutex(State())
    private let context: ServerTLSContext
    private let listener: Int32
    private let isStopped = Atomic<Bool>(false)
    /// Set between `goDown()` and `comeUp()`: connections are refused and nothing is answered.
    private let isDown = Atomic<Bool>(false)
    private let connections = Mutex<Set<Int32>>([])

    init() throws {
        signal(SIGPIPE, SIG_IGN)
        let pki = TestPKI.shared
        self.context = try ServerTLSContext(
            certificatePath: pki.serverCertificatePath, keyPath: pki.serverKeyPath, clientCAPath: pki.caCertificatePath)
        // Linux gives back a port chosen by `bind(port: 0)` when its listener stops listening (`goDown()`), so a
        // probe socket picks the port and the listener binds it by number, which keeps it reserved. Both set
        // SO_REUSEADDR, which allows the second bind while neither listens.
        let probe = try Self.boundSocket(port: 0)
        defer { close(probe) }
        let port = Self.localPort(probe)
        let fd = try Self.boundSocket(port: port)
        guard listen(fd, 64) == 0 else {
            close(fd)
            throw FakeServerError(reason: "cannot listen")
        }
        self.listener = fd
        self.port = port
        Thread { [self] in self.acceptLoop() }.start()
    }

    /// A TCP socket with SO_REUSEADDR bound to 127.0.0.1:`port`.
    private static func boundSocket(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw FakeServerError(reason: "cannot bind 127.0.0.1:\(port)")
        }
        return fd
    }

    /// The port a socket is bound to.
    private static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops accepting and cuts every open connection.
    func stop() {
        self.isStopped.store(true, ordering: .releasing)
        shutdown(self.listener, Int32(SHUT_RDWR))
        close(self.listener)
        for fd in self.connections.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    // MARK: - Outage

    /// Makes the server unreachable until `comeUp()`: new connections are refused (ECONNREFUSED, the port stays
    /// reserved) and open ones, watches included, are cut.
    ///
    /// Relies on Linux: `shutdown` of a listening socket stops it listening but keeps it bound, and `listen`
    /// starts it again.
    func goDown() {
        self.isDown.store(true, ordering: .releasing)
        shutdown(self.listener, Int32(SHUT_RD))
        for fd in self.connections.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Listens again on the same port after `goDown()`.
    func comeUp() throws {
        guard listen(self.listener, 64) == 0 else { throw FakeServerError(reason: "cannot listen again") }
        self.isDown.store(false, ordering: .releasing)
    }

    // MARK: - Changing the cluster

    /// Creates or replaces an object (recording an ADDED or MODIFIED event).
    func upsert(_ kind: ResourceKind, _ object: JSONValue, recordEvent: Bool = true) {
        self.state.withLock { state in
            state.revision += 1
            let key = Self.key(object)
            let type = state.objects[kind]?[key] == nil ? "ADDED" : "MODIFIED"
            let bytes = Self.serialize(object, revision: state.revision)
            state.objects[kind, default: [:]][key] = bytes
            if recordEvent { state.events.append(Event(revision: state.revision, kind: kind, type: type, object: bytes)) }
            Self.forgetOldEvents(&state)
        }
    }

    /// Deletes an object (recording a DELETED event unless told not to).
    func delete(_ kind: ResourceKind, namespace: String, name: String, recordEvent: Bool = true) {
        self.state.withLock { state in
            state.revision += 1
            guard let bytes = state.objects[kind]?.removeValue(forKey: "\(namespace)/\(name)") else { return }
            if recordEvent {
                let object = (try? JSONDecoding.decode(bytes)) ?? .object([:])
                state.events.append(
                    Event(revision: state.revision, kind: kind, type: "DELETED", object: Self.serialize(object, revision: state.revision)))
            }
            Self.forgetOldEvents(&state)
        }
    }

    /// Drops the oldest events once there are twice `retainedEvents` of them (in halves, so that trimming costs
    /// a constant per event), and marks their revisions compacted.
    private static func forgetOldEvents(_ state: inout State) {
        guard state.events.count / 2 > state.retainedEvents else { return }
        let dropped = state.events.count - state.retainedEvents
        state.compactedRevision = state.events[dropped - 1].revision
        state.events.removeFirst(dropped)
    }

    /// Forgets history: watches from older revisions, open ones included, get 410 Gone.
    func expireWatches() {
        self.state.withLock { state in
            state.revision += 1
            state.compactedRevision = state.revision
            state.goneGeneration += 1
        }
    }

    /// The request targets seen so far.
    var requests: [String] { self.state.withLock { $0.requests } }

    // MARK: - Connections

    private func acceptLoop() {
        while !self.isStopped.load(ordering: .acquiring) {
            let fd = accept(self.listener, nil, nil)
            if fd < 0 {
                if self.isStopped.load(ordering: .acquiring) { return }
                // A listener that stopped listening fails `accept` at once: wait for `comeUp()` without spinning.
                if self.isDown.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.01) }
                continue
            }
            self.connections.withLock { _ = $0.insert(fd) }
            Thread { [self] in
                self.serve(fd: fd)
                self.connections.withLock { _ = $0.remove(fd) }
                close(fd)
            }.start()
        }
    }

    /// Handles requests on one connection until either side closes.
    private func serve(fd: Int32) {
        guard let ssl = SSL_new(self.context.context) else { return }
        defer { SSL_free(ssl) }
        SSL_set_fd(ssl, fd)
        guard SSL_accept(ssl) == 1 else { return }
        self.state.withLock { $0.connectionCount += 1 }
        let clientName = ServerTLSContext.clientCommonName(ssl)
        let connection = FakeConnection(ssl: ssl)
        var isReused = false
        while let request = connection.readRequest() {
            if isReused, self.state.withLock({ state in
                defer { state.dropNextReusedRequest = false }
                return state.dropNextReusedRequest
            }) {
                return
            }
            if !self.handle(request, clientName: clientName, on: connection) { return }
            isReused = true
        }
    }

    /// Answers one request of a client that presented the certificate of `clientName` (or none); false when the
    /// connection must close.
    private func handle(_ request: FakeRequest, clientName: String?, on connection: FakeConnection) -> Bool {
        // A connection accepted just before `goDown()` may have escaped the cut: an unreachable server answers nothing.
        if self.isDown.load(ordering: .acquiring) { return false }
        let (token, delay) = self.state.withLock { state -> (String, Duration?) in
            state.requests.append(request.target)
            if let agent = request.headers["user-agent"] { state.userAgents.insert(agent) }
            defer { state.delayNext = nil }
            return (state.token, state.delayNext)
        }
        if let delay { Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) * 1e-18) }
        let authentication = self.state.withLock { state -> String in
            let method: String
            if request.headers["authorization"] == "Bearer \(token)" {
                method = "token"
            } else if let clientName, request.headers["authorization"] == nil, state.acceptedClientNames.contains(clientName) {
                method = "certificate \(clientName)"
            } else {
                method = "refused"
            }
            state.authentications.append(method)
            return method
        }
        guard authentication != "refused" else {
            return connection.sendStatus(401, reason: "Unauthorized", message: "Unauthorized")
        }
        let (path, namespace) = Self.clusterPath(request.path)
        if self.state.withLock({ $0.forbiddenPaths.contains(path) }) {
            let resource = path.split(separator: "/").last.map(String.init) ?? path
            return connection.sendStatus(
                403, reason: "Forbidden",
                message: "\(resource) is forbidden: User auditor cannot list resource \(resource)")
        }
        // A collection stored with `store(_:at:)` answers LISTs at its path, even where a cached kind lives.
        if request.query["watch"] != "true", let objects = self.state.withLock({ $0.collections[path] }) {
            return self.list(objects: objects, kindName: "List", namespace: namespace, request: request, on: connection)
        }
        guard let kind = ResourceKind.allCases.first(where: { $0.path == path }) else {
            return connection.sendStatus(404, reason: "NotFound", message: "the server could not find the requested resource")
        }
        let failure = self.state.withLock { state -> Int? in
            if state.missingKinds.contains(kind) { return 404 }
            guard var statuses = state.failNext[kind], !statuses.isEmpty else { return nil }
            let status = statuses.removeFirst()
            state.failNext[kind] = statuses
            return status
        }
        if let failure {
            return connection.sendStatus(
                failure, reason: failure == 404 ? "NotFound" : "InternalError",
                message: failure == 404 ? "the server could not find the requested resource" : "etcdserver: request timed out")
        }
        if request.query["watch"] == "true" {
            return self.watch(kind, request: request, on: connection)
        }
        return self.list(kind, namespace: namespace, request: request, on: connection)
    }

    /// Splits `/…/namespaces/NS/resource` into the cluster-wide path and NS; other paths are returned as they are.
    static func clusterPath(_ path: String) -> (path: String, namespace: String?) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let index = parts.firstIndex(of: "namespaces"), index + 2 < parts.count else { return (path, nil) }
        let namespace = parts[index + 1]
        parts.removeSubrange(index...(index + 1))
        return (parts.joined(separator: "/"), namespace)
    }

    /// A LIST of a stored collection of `audit`'s extra kinds, paged like the cached kinds.
    private func list(
        objects: [String: [UInt8]], kindName: String, namespace: String?, request: FakeRequest, on connection: FakeConnection
    ) -> Bool {
        let keys = objects.keys.sorted().filter { key in namespace.map { key.hasPrefix("\($0)/") } ?? true }
        let limit = request.query["limit"].flatMap(Int.init) ?? Int.max
        let offset = request.query["continue"].flatMap { Int($0.replacingOccurrences(of: "off:", with: "")) } ?? 0
        let end = min(keys.count, offset + min(limit, keys.count))
        let items = keys[min(offset, keys.count)..<max(min(offset, keys.count), end)].compactMap { objects[$0] }
        let body = Self.listBody(kind: kindName, resourceVersion: "1", continue: end < keys.count ? "off:\(end)" : nil, items: items)
        return connection.send(status: 200, body: body)
    }

    /// A LIST answer: `{"kind":..., "metadata":{"resourceVersion":...[, "continue":...]}, "items":[...]}`.
    private static func listBody(kind: String, resourceVersion: String, continue token: String?, items: [[UInt8]]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(items.reduce(256) { $0 + $1.count + 1 })
        body += Array("{\"kind\":\"\(kind)\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"\(resourceVersion)\"".utf8)
        if let token { body += Array(",\"continue\":\"\(token)\"".utf8) }
        body += Array("},\"items\":[".utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += item
        }
        body += Array("]}".utf8)
        return body
    }

    /// Stores `object` in the collection at `path` (a cluster-wide LIST path).
    func store(_ object: JSONValue, at path: String) {
        self.state.withLock { state in
            state.collections[path, default: [:]][Self.key(object)] = Self.serialize(object, revision: state.revision)
        }
    }

    // MARK: - LIST

    private func list(_ kind: ResourceKind, namespace: String? = nil, request: FakeRequest, on connection: FakeConnection) -> Bool {
        let limit = request.query["limit"].flatMap(Int.init) ?? Int.max
        var offset = 0
        var revision = 0
        if let token = request.query["continue"] {
            // Tokens look like "rv:<revision>/off:<offset>==": they need escaping in a query.
            let parts = token.replacingOccurrences(of: "==", with: "").split(separator: "/")
            guard parts.count == 2, let rv = Int(parts[0].dropFirst(3)), let off = Int(parts[1].dropFirst(4)) else {
                return connection.sendStatus(400, reason: "BadRequest", message: "invalid continue token")
            }
            let expired = self.state.withLock { state in
                defer { state.expireNextContinue = false }
                if state.expireNextContinue, let change = state.changeWhenContinueExpires {
                    state.changeWhenContinueExpires = nil
                    change(&state)
                }
                return state.expireNextContinue
            }
            if expired {
                return connection.sendStatus(
                    410, reason: "Expired",
                    message: "The provided continue parameter is too old to display a consistent list result.")
            }
            revision = rv
            offset = off
        }
        let (items, total, currentRevision) = self.state.withLock { state -> ([[UInt8]], Int, Int) in
            if let synthetic = state.synthetic[kind] {
                let end = min(synthetic.count, offset + min(limit, synthetic.count))
                return ((offset..<max(offset, end)).map(synthetic.make), synthetic.count, state.revision)
            }
            let objects = state.objects[kind] ?? [:]
            let keys = objects.keys.sorted().filter { key in namespace.map { key.hasPrefix("\($0)/") } ?? true }
            let end = min(keys.count, offset + min(limit, keys.count))
            return (keys[min(offset, keys.count)..<max(min(offset, keys.count), end)].compactMap { objects[$0] }, keys.count, state.revision)
        }
        if revision == 0 { revision = currentRevision }
        let next = offset + items.count
        let body = Self.listBody(
            kind: "\(kind.kind)List", resourceVersion: "\(revision)",
            continue: next < total ? "rv:\(revision)/off:\(next)==" : nil, items: items)
        return connection.send(status: 200, body: body)
    }

    // MARK: - WATCH

    private func watch(_ kind: ResourceKind, request: FakeRequest, on connection: FakeConnection) -> Bool {
        guard let from = request.query["resourceVersion"].flatMap(Int.init) else {
            return connection.sendStatus(400, reason: "BadRequest", message: "watch needs a resourceVersion")
        }
        let timeout = Duration.seconds(request.query["timeoutSeconds"].flatMap(Int.init) ?? 1800)
        let (compacted, goneAsStatus, generation) = self.state.withLock {
            ($0.compactedRevision, $0.goneAsHTTPStatus, $0.goneGeneration)
        }
        if from < compacted {
            let message = "too old resource version: \(from) (\(compacted))"
            if goneAsStatus { return connection.sendStatus(410, reason: "Gone", message: message) }
            guard connection.sendChunkedHead() else { return false }
            _ = connection.sendChunk(Self.goneEvent(message))
            return connection.sendChunk([])
        }
        guard connection.sendChunkedHead() else { return false }
        var cursor = from
        let deadline = ContinuousClock.now + timeout
        var lastBookmark = ContinuousClock.now
        while ContinuousClock.now < deadline {
            if self.isStopped.load(ordering: .acquiring) || self.isDown.load(ordering: .acquiring) { return false }
            let (events, drop, revision, bookmarks, interval, gone) = self.state.withLock { state in
                let events = state.events.filter { $0.kind == kind && $0.revision > cursor }
                let drop = !events.isEmpty && state.dropNextWatchMidEvent.remove(kind) != nil
                return (events, drop, state.revision, state.sendsBookmarks, state.bookmarkInterval, state.goneGeneration != generation)
            }
            if gone {
                _ = connection.sendChunk(Self.goneEvent("too old resource version: \(cursor) (\(revision))"))
                return connection.sendChunk([])
            }
            for event in events {
                let line = Array("{\"type\":\"\(event.type)\",\"object\":".utf8) + event.object + Array("}\n".utf8)
                if drop {
                    _ = connection.sendChunk(Array(line.prefix(line.count / 2)))
                    return false  // cut mid-event: the client must resume
                }
                guard connection.sendChunk(line) else { return false }
                cursor = event.revision
            }
            if bookmarks && ContinuousClock.now - lastBookmark >= interval {
                lastBookmark = ContinuousClock.now
                cursor = max(cursor, revision)
                let bookmark = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"\(kind.kind)\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"\(cursor)\"}}}\n"
                guard connection.sendChunk(Array(bookmark.utf8)) else { return false }
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return connection.sendChunk([])
    }

    // MARK: - Helpers

    private static func goneEvent(_ message: String) -> [UInt8] {
        Array(
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"\(message)\",\"reason\":\"Expired\",\"code\":410}}\n"
                .utf8)
    }

    private static func key(_ object: JSONValue) -> String {
        let namespace = object["metadata"]?["namespace"]?.stringValue ?? ""
        return "\(namespace)/\(object["metadata"]?["name"]?.stringValue ?? "")"
    }

    /// The object with `metadata.resourceVersion` set, as JSON bytes.
    static func serialize(_ object: JSONValue, revision: Int) -> [UInt8] {
        var members = object.objectValue ?? [:]
        var metadata = members["metadata"]?.objectValue ?? [:]
        metadata["resourceVersion"] = .string(String(revision))
        members["metadata"] = .object(metadata)
        var writer = JSONWriter()
        writer.value(.object(members))
        return writer.bytes
    }
}

/// The fake server could not start.
struct FakeServerError: Error {
    var reason: String
}
