import KubeCache
import PolicyAPI
import PolicyCore
import Testing

/// `--enforcement warn` (and `/validate/warn`): every would-be denial is admitted with one `would deny:` warning per
/// violation; nothing else about the verdict changes.
struct EnforcementTests {
    static let server = GroupVersionKind(group: "policy.linkerd.io", version: "v1beta3", kind: "Server")
    static let port = Violation(.portName, at: FieldPath("spec").field("port"), "invalid port name \"a_b\"; must be a port name")
    static let proxy = Violation(.semantic, at: FieldPath("spec").field("proxyProtocol"), "unsupported value \"grpc\"")

    /// A Server of `shop` with this spec.
    static func request(
        spec: String, operation: AdmissionOperation = .create, oldSpec: String? = nil
    ) throws -> AdmissionRequest {
        func object(_ spec: String) throws -> JSONValue {
            try JSONDecoding.decode(Array(
                #"{"apiVersion":"policy.linkerd.io/v1beta3","kind":"Server","metadata":{"name":"web","namespace":"shop"},"spec":\#(spec)}"#.utf8
            ))
        }
        return AdmissionRequest(
            uid: "u-1", kind: Self.server, name: "web", namespace: "shop", operation: operation,
            object: try object(spec), oldObject: try oldSpec.map(object)
        )
    }

    static let warn = AdmissionController(configuration: AdmissionConfiguration(enforcement: .warn))

    @Test func warnTurnsADenialIntoWouldDenyWithTheSameReasons() {
        let denied = Verdict.denied(violations: [Self.port, Self.proxy], warnings: ["w"])
        #expect(denied.enforced(.warn) == .wouldDeny(violations: [Self.port, Self.proxy], warnings: ["w"]))
        #expect(denied.enforced(.deny) == denied)
    }

    @Test func warnLeavesAdmissionsAndUndecidedVerdictsAlone() {
        #expect(Verdict.allowed(warnings: ["w"]).enforced(.warn) == .allowed(warnings: ["w"]))
        #expect(Verdict.unavailable("syncing").enforced(.warn) == .unavailable("syncing"))
    }

    @Test func wouldDenyIsAllowedWithOnePrefixedWarningPerViolationFirst() {
        let response = Verdict.wouldDeny(violations: [Self.port, Self.proxy], warnings: ["other"]).response(uid: "u")
        #expect(response.isAllowed)
        #expect(response.message == nil)
        #expect(response.warnings == [
            "would deny: spec.port: invalid port name \"a_b\"; must be a port name",
            "would deny: spec.proxyProtocol: unsupported value \"grpc\"",
            "other",
        ])
    }

    @Test func wouldDenyWarningsAreCappedLikeAnyOther() {
        let many = (0..<40).map { Violation(.schema, at: FieldPath("spec").field("f\($0)"), "bad") }
        let response = Verdict.wouldDeny(violations: many, warnings: []).response(uid: "u")
        #expect(response.warnings.count == Verdict.maximumWarnings)
        #expect(response.warnings.allSatisfy { $0.hasPrefix(Verdict.wouldDenyPrefix) })
    }

    @Test func decisionsAreCountedApart() {
        #expect(Verdict.wouldDeny(violations: [Self.port], warnings: []).decision == .wouldDeny)
        #expect(Verdict.denied(violations: [Self.port], warnings: []).decision == .deny)
        #expect(Verdict.allowed(warnings: []).decision == .allow)
        #expect(Verdict.allowed(warnings: ["w"]).decision == .warn)
    }

    @Test func controllerInWarnModeAdmitsEveryViolationAsAWarning() throws {
        let request = try Self.request(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":"a_b","proxyProtocol":"grpc"}"#)
        let denied = AdmissionController().review(request, snapshot: .empty)
        let warned = Self.warn.review(request, snapshot: .empty)
        #expect(!denied.isAllowed)
        #expect(warned.isAllowed)
        let reasons = try #require(denied.message).components(separatedBy: " | ")
        #expect(reasons.count == 2)
        #expect(warned.warnings == reasons.map { Verdict.wouldDenyPrefix + $0 })
    }

    @Test func theWarnPathOverridesAConfiguredDeny() throws {
        let request = try Self.request(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":0}"#)
        #expect(!AdmissionController().review(request, snapshot: .empty).isAllowed)
        #expect(AdmissionController().review(request, snapshot: .empty, enforcement: .warn).isAllowed)
    }

    @Test func warnModeAdmitsAServerBeforeTheCacheHasSynced() throws {
        let request = try Self.request(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":8080}"#)
        let unsynced = ClusterSnapshot(isSynced: false)
        #expect(!AdmissionController().review(request, snapshot: unsynced).isAllowed)
        #expect(Self.warn.review(request, snapshot: unsynced).isAllowed)
    }

    @Test func ratchetingIsUnchangedUnderWarn() throws {
        // The old object already had the bad port; the update adds a bad proxyProtocol.
        let request = try Self.request(
            spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":"a_b","proxyProtocol":"grpc"}"#, operation: .update,
            oldSpec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":"a_b"}"#
        )
        let denied = AdmissionController().review(request, snapshot: .empty)
        let warned = Self.warn.review(request, snapshot: .empty)
        #expect(!denied.isAllowed)
        #expect(try #require(denied.message).hasPrefix("spec.proxyProtocol"))
        #expect(warned.isAllowed)
        #expect(warned.warnings.filter { $0.hasPrefix(Verdict.wouldDenyPrefix) }.count == 1)
        #expect(warned.warnings.contains { $0.hasPrefix("would deny: spec.proxyProtocol") })
        #expect(warned.warnings.contains { $0.hasPrefix("spec.port: pre-existing") })
    }
}
