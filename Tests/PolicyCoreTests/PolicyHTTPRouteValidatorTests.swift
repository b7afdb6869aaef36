import PolicyAPI
import PolicyCore
import Testing

/// policy.linkerd.io HTTPRoute; names follow linkerd2 `policy-test/tests/admit_http_route.rs`.
@Suite struct PolicyHTTPRouteValidatorTests {
    typealias B = RouteBuilder

    @Test func acceptsValid() {
        let route = B.policyRoute(B.serverRouteSpec(rule: #"{"matches":[{"path":{"type":"Exact","value":"/foo"}}]}"#))
        #expect(B.policyRouteViolations(route) == [])
    }

    @Test(arguments: ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"])
    func acceptsValidEveryVersion(_ version: String) {
        let route = B.policyRoute(
            B.serverRouteSpec(rule: #"{"matches":[{"path":{"type":"PathPrefix","value":"/"},"method":"GET"}]}"#),
            version: version
        )
        #expect(B.policyRouteViolations(route, version: version) == [])
    }

    @Test func acceptsValidEgressNetwork() {
        let route = B.policyRoute(
            #"{"parentRefs":[{"group":"policy.linkerd.io","kind":"EgressNetwork","name":"egress","port":555}]}"#
        )
        #expect(B.policyRouteViolations(route) == [])
    }

    @Test func rejectsEgressNetworkParentWithNoPort() {
        let route = B.policyRoute(#"{"parentRefs":[{"group":"policy.linkerd.io","kind":"EgressNetwork","name":"egress"}]}"#)
        #expect(
            B.policyRouteViolations(route) == [
                "spec.parentRefs[0].port: is required for an EgressNetwork parent; set the port of the egress traffic this route applies to"
            ]
        )
    }

    @Test func rejectsRelativePathMatch() {
        let route = B.policyRoute(B.serverRouteSpec(rule: #"{"matches":[{"path":{"type":"Exact","value":"foo/bar"}}]}"#))
        #expect(
            B.policyRouteViolations(route) == [
                #"spec.rules[0].matches[0].path.value: Exact path "foo/bar" is not absolute; must start with "/""#
            ]
        )
    }

    @Test func rejectsInvalidRegexPathAndHeader() {
        let rule = #"{"matches":[{"path":{"type":"RegularExpression","value":"(a"},"headers":[{"type":"RegularExpression","name":"x-v","value":"v[0-9+"}]}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].matches[0].path.value: invalid regular expression "(a" (it does not compile); must be a regular expression in RE2/Rust regex syntax"#,
                #"spec.rules[0].matches[0].headers[0].value: invalid regular expression "v[0-9+" (it does not compile); must be a regular expression in RE2/Rust regex syntax"#,
            ]
        )
    }

    @Test func rejectsInvalidQueryParamRegex() {
        let rule = #"{"matches":[{"queryParams":[{"type":"RegularExpression","name":"q","value":"foo(?=bar)"}]}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].matches[0].queryParams[0].value: invalid regular expression "foo(?=bar)" (look-ahead is not supported); must be a regular expression in RE2/Rust regex syntax"#
            ]
        )
    }

    @Test func rejectsHeaderModifierValueWithNewline() {
        let rule = #"{"filters":[{"type":"RequestHeaderModifier","requestHeaderModifier":{"set":[{"name":"x-a","value":"a\r\nb: c"}]}}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].filters[0].requestHeaderModifier.set[0].value: invalid header value "a?b: c"; must be an HTTP header value: no control characters (CR, LF, NUL...) other than tab"#
            ]
        )
    }

    @Test func rejectsInvalidHeaderNameOnceBySchema() {
        let rule = #"{"matches":[{"headers":[{"name":"x version","value":"1"}]}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].matches[0].headers[0].name: invalid value "x version"; must be an HTTP header name: letters, digits and !#$%&'*+-.^_`|~ only"#
            ]
        )
    }

    @Test func rejectsRelativeRedirectPath() {
        let rule = #"{"filters":[{"type":"RequestRedirect","requestRedirect":{"path":{"type":"ReplacePrefixMatch","replacePrefixMatch":"foo"},"statusCode":302}}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].filters[0].requestRedirect.path.replacePrefixMatch: redirect path "foo" is not absolute; must start with "/""#
            ]
        )
    }

    @Test func rejectsRedirectPathWithoutReplacement() {
        let rule = #"{"filters":[{"type":"RequestRedirect","requestRedirect":{"path":{"type":"ReplaceFullPath"},"statusCode":303}}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                "spec.rules[0].filters[0].requestRedirect.statusCode: unsupported value 303; must be one of 301, 302",
                "spec.rules[0].filters[0].requestRedirect.path: has neither replaceFullPath nor replacePrefixMatch; a redirect path must set one of them",
            ]
        )
    }

    @Test func rejectsUnsupportedFilterType() {
        let rule = #"{"filters":[{"type":"URLRewrite","urlRewrite":{}}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].filters[0].type: unsupported value "URLRewrite"; must be one of RequestHeaderModifier, RequestRedirect"#
            ]
        )
    }

    @Test func rejectsFilterWithoutItsMember() {
        let rule = #"{"filters":[{"type":"RequestRedirect"}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                "spec.rules[0].filters[0].requestRedirect: is required when type is RequestRedirect; set it or change the type"
            ]
        )
    }

    @Test func acceptsValidTimeouts() {
        let rule = #"{"timeouts":{"request":"10s","backendRequest":"2500ms"}}"#
        #expect(B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [])
    }

    @Test func rejectsNegativeAndMalformedTimeouts() {
        let rule = #"{"timeouts":{"request":"-1s","backendRequest":"soon"}}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                #"spec.rules[0].timeouts.request: request timeout "-1s" is negative; must be zero or more"#,
                #"spec.rules[0].timeouts.backendRequest: invalid duration "soon"; must be a duration such as 10s, 500ms, 1.5h or 1h30m (units ns, us, ms, s, m, h)"#,
            ]
        )
    }

    @Test func rejectsBackendRequestAboveRequest() {
        let rule = #"{"timeouts":{"request":"1s","backendRequest":"1.5s"}}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(B.serverRouteSpec(rule: rule))) == [
                "spec.rules[0].timeouts.backendRequest: backendRequest timeout 1.5s is greater than the request timeout 1s; must not exceed it"
            ]
        )
    }

    @Test func ignoresAnnotationsWithServerParent() {
        let route = B.policyRoute(B.serverRouteSpec(rule: "{}"), annotations: ["retry.linkerd.io/limit": "many"])
        #expect(B.policyRouteViolations(route) == [])
    }

    @Test func rejectsInvalidAnnotationsWithServiceParent() {
        let route = B.policyRoute(
            #"{"parentRefs":[{"group":"core","kind":"Service","name":"books","port":7002}]}"#,
            annotations: [
                "retry.linkerd.io/limit": "many", "timeout.linkerd.io/request": "5", "retry.linkerd.io/http": "5xx,6xx",
            ]
        )
        #expect(
            Set(B.policyRouteViolations(route)) == [
                #"metadata.annotations[retry.linkerd.io/limit]: invalid retry limit "many"; must be a whole number from 0 to 65535"#,
                #"metadata.annotations[timeout.linkerd.io/request]: invalid duration "5"; must be a whole number with a unit ms, s, m, h or d (such as 500ms or 10s), or 0"#,
                #"metadata.annotations[retry.linkerd.io/http]: invalid retry condition "6xx"; must be a comma-separated list of 5xx, gateway-error, a status code 100-599 or a range such as 500-504"#,
            ]
        )
    }

    @Test func rejectsSchemaViolationsPerVersion() {
        let spec = #"{"parentRefs":[{"kind":"Server","port":0}],"rules":[{"timeouts":{"request":"x"}}]}"#
        #expect(
            B.policyRouteViolations(B.policyRoute(spec, version: "v1beta2"), version: "v1beta2") == [
                "spec.parentRefs[0].name: is required",
                "spec.parentRefs[0].port: 0 is out of range; must be between 1 and 65535",
            ]
        )
        #expect(B.policyRouteViolations(B.policyRoute(spec, version: "v1alpha1"), version: "v1alpha1") == [
            "spec.parentRefs[0].name: is required"
        ])
    }
}
