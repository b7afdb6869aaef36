import PolicyAPI
import PolicyCore
import Testing

/// Gateway API routes; names follow linkerd2 `policy-test/tests/admit_http_route_gateway.rs`, `admit_grpc_route.rs`,
/// `admit_tls_route.rs` and `admit_tcp_route.rs`.
@Suite struct GatewayRouteValidatorTests {
    typealias B = RouteBuilder

    static func route(_ kind: String, _ spec: String, annotations: [String: String] = [:]) -> JSONValue {
        B.object(apiVersion: "gateway.networking.k8s.io/v1", kind: kind, spec: spec, annotations: annotations)
    }

    static func violations(_ kind: String, _ spec: String, annotations: [String: String] = [:]) -> [String] {
        B.gatewayReport(Self.route(kind, spec, annotations: annotations), kind: kind).violations.map(\.description)
    }

    static let serverParent = #""parentRefs":[{"group":"policy.linkerd.io","kind":"Server","name":"web"}]"#
    static let egressParent = #""parentRefs":[{"group":"policy.linkerd.io","kind":"EgressNetwork","name":"egress","port":555}]"#

    @Test func acceptsValid() {
        #expect(Self.violations("HTTPRoute", #"{\#(Self.serverParent),"rules":[{"matches":[{"path":{"type":"Exact","value":"/foo"}}]}]}"#) == [])
    }

    @Test(arguments: ["RequestMirror", "URLRewrite", "ExtensionRef"])
    func acceptsNotImplementedFilters(_ type: String) {
        let filter: String
        switch type {
        case "RequestMirror": filter = #"{"type":"RequestMirror","requestMirror":{"backendRef":{"name":"foo","port":80}}}"#
        case "URLRewrite": filter = #"{"type":"URLRewrite","urlRewrite":{"path":{"type":"ReplaceFullPath","replaceFullPath":"baz"}}}"#
        default: filter = #"{"type":"ExtensionRef","extensionRef":{"group":"","kind":"Service","name":"foo"}}"#
        }
        #expect(Self.violations("HTTPRoute", #"{\#(Self.serverParent),"rules":[{"filters":[\#(filter)]}]}"#) == [])
    }

    @Test func acceptsUnparseableSpecWithWarning() {
        let report = B.gatewayReport(Self.route("HTTPRoute", #"{"rules":{"matches":"everything"}}"#), kind: "HTTPRoute")
        #expect(report.violations == [])
        #expect(
            report.warnings == [
                "HTTPRoute spec is not in a shape Linkerd reads (spec.rules: must be a list, found object); admitted without Linkerd's checks"
            ]
        )
    }

    @Test func acceptsUnknownFilterTypeWithWarning() {
        let report = B.gatewayReport(
            Self.route("HTTPRoute", #"{"rules":[{"filters":[{"type":"CORS","cors":{}}],"matches":[{"path":{"value":"rel"}}]}]}"#),
            kind: "HTTPRoute"
        )
        #expect(report.violations == [])
        #expect(report.warnings.count == 1)
        #expect(report.warnings.first?.contains(#"(spec.rules[0].filters[0].type: unsupported value "CORS");"#) == true)
    }

    @Test func rejectsRelativeRedirectPath() {
        let rule = #"{"filters":[{"type":"RequestRedirect","requestRedirect":{"path":{"type":"ReplaceFullPath","replaceFullPath":"foo/bar"},"statusCode":302}}]}"#
        #expect(
            Self.violations("HTTPRoute", #"{\#(Self.serverParent),"rules":[\#(rule)]}"#) == [
                #"spec.rules[0].filters[0].requestRedirect.path.replaceFullPath: redirect path "foo/bar" is not absolute; must start with "/""#
            ]
        )
    }

    @Test func rejectsRelativePathMatchAndBadHeaderModifier() {
        let rule = #"{"matches":[{"path":{"value":"foo"}}],"filters":[{"type":"ResponseHeaderModifier","responseHeaderModifier":{"remove":["bad header"]}}]}"#
        #expect(
            Self.violations("HTTPRoute", #"{\#(Self.serverParent),"rules":[\#(rule)]}"#) == [
                #"spec.rules[0].matches[0].path.value: PathPrefix path "foo" is not absolute; must start with "/""#,
                #"spec.rules[0].filters[0].responseHeaderModifier.remove[0]: invalid header name "bad header"; must be an HTTP header name: letters, digits and !#$%&'*+-.^_`|~ only"#,
            ]
        )
    }

    @Test func rejectsBackendServiceImplicitWithoutPort() {
        let rule = #"{"backendRefs":[{"name":"foo"},{"group":"core","kind":"Service","name":"bar","port":0},{"group":"alien.example.com","kind":"ExoService","name":"baz"}]}"#
        #expect(
            Self.violations("HTTPRoute", #"{\#(Self.serverParent),"rules":[\#(rule)]}"#) == [
                "spec.rules[0].backendRefs[0].port: is required for a Service backend; set the Service port (1-65535)",
                "spec.rules[0].backendRefs[1].port: 0 is not a Service port; must be 1-65535",
            ]
        )
    }

    @Test func acceptsValidEgressNetworkGRPC() {
        let spec = #"{\#(Self.egressParent),"rules":[{"matches":[{"method":{"type":"Exact","service":"boo","method":"foo"}}]}]}"#
        #expect(Self.violations("GRPCRoute", spec) == [])
    }

    @Test func rejectsEgressNetworkParentWithNoPortGRPC() {
        let spec = #"{"parentRefs":[{"group":"policy.linkerd.io","kind":"EgressNetwork","name":"egress"}]}"#
        #expect(
            Self.violations("GRPCRoute", spec) == [
                "spec.parentRefs[0].port: is required for an EgressNetwork parent; set the port of the egress traffic this route applies to"
            ]
        )
    }

    @Test func rejectsRegexMethodMatchAndBadHeaderGRPC() {
        let spec = #"{"rules":[{"matches":[{"method":{"type":"RegularExpression","service":"b.*"},"headers":[{"type":"RegularExpression","name":"x","value":"(a"}]}]}]}"#
        #expect(
            Self.violations("GRPCRoute", spec) == [
                "spec.rules[0].matches[0].method.type: RegularExpression method matches are not supported by Linkerd; must be Exact",
                #"spec.rules[0].matches[0].headers[0].value: invalid regular expression "(a" (it does not compile); must be a regular expression in RE2/Rust regex syntax"#,
            ]
        )
    }

    @Test func rejectsInvalidGRPCRetryAnnotation() {
        let spec = #"{"parentRefs":[{"kind":"Service","name":"svc","port":8080}]}"#
        #expect(
            Self.violations("GRPCRoute", spec, annotations: ["retry.linkerd.io/grpc": "unavailable,5xx", "retry.linkerd.io/http": "bogus"]) == [
                #"metadata.annotations[retry.linkerd.io/grpc]: invalid retry condition "5xx"; must be a comma-separated list of cancelled, deadline-exceeded, internal, resource-exhausted, unavailable"#
            ]
        )
    }

    @Test(arguments: ["TLSRoute", "TCPRoute"])
    func acceptsValidEgressNetworkStream(_ kind: String) {
        #expect(Self.violations(kind, #"{\#(Self.egressParent),"rules":[{"backendRefs":[{"name":"a","port":1}]}]}"#) == [])
    }

    @Test(arguments: ["TLSRoute", "TCPRoute"])
    func rejectsIfMoreThanOneRule(_ kind: String) {
        #expect(
            Self.violations(kind, #"{\#(Self.egressParent),"rules":[{"backendRefs":[]},{"backendRefs":[]}]}"#) == [
                "spec.rules: has 2 rules; a \(kind) must have exactly one rule in Linkerd"
            ]
        )
    }

    @Test func rejectsEgressNetworkParentWithNoPortTCP() {
        let spec = #"{"parentRefs":[{"group":"POLICY.linkerd.io","kind":"egressnetwork","name":"e"}],"rules":[{}]}"#
        #expect(
            Self.violations("TCPRoute", spec) == [
                "spec.parentRefs[0].port: is required for an EgressNetwork parent; set the port of the egress traffic this route applies to"
            ]
        )
    }
}
