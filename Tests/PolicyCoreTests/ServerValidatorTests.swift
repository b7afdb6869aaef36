import PolicyCore
import Testing

/// Server rules 1-3; names follow linkerd2 `policy-test/tests/admit_server.rs`.
@Suite struct ServerValidatorTests {
    let v1beta3 = ValidatorHarness(ServerValidator(), version: "v1beta3", kind: "Server")
    let v1beta1 = ValidatorHarness(ServerValidator(), version: "v1beta1", kind: "Server")

    @Test func acceptsValid() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":8080,"proxyProtocol":"HTTP/1","accessPolicy":"deny"}"#) == [])
    }

    @Test func acceptsSelectAllWithEmptyMatchLabels() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{}},"port":"admin-http"}"#) == [])
    }

    @Test func acceptsExternalWorkloadSelector() throws {
        #expect(try self.v1beta3.violations(spec: #"{"externalWorkloadSelector":{"matchExpressions":[{"key":"app","operator":"Exists"}]},"port":4143}"#) == [])
    }

    @Test func rejectsEmptySelector() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{},"port":80}"#) == [
            "spec.podSelector: exactly one of matchLabels or matchExpressions must be set, found neither"
        ])
    }

    @Test func rejectsInvalidProxyProtocol() throws {
        let alpha = ValidatorHarness(ServerValidator(), version: "v1alpha1", kind: "Server")
        #expect(try alpha.violations(spec: #"{"podSelector":{},"port":{"number":80},"proxyProtocol":"garbanzo"}"#) == [
            "spec.port: must be an integer or a string, found object",
            "spec.podSelector: exactly one of matchLabels or matchExpressions must be set, found neither",
            "spec.proxyProtocol: unsupported value \"garbanzo\"; must be one of unknown, HTTP/1, HTTP/2, gRPC, opaque, TLS (case-sensitive)",
        ])
    }

    @Test func rejectsInvalidAccessPolicy() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":80,"accessPolicy":"all_authenticated"}"#) == [
            "spec.accessPolicy: unsupported value \"all_authenticated\"; must be one of all-unauthenticated, all-authenticated, cluster-authenticated, cluster-unauthenticated, deny, audit (case-sensitive)"
        ])
    }

    @Test func rejectsInvalidPortName() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":"HTTP_Port"}"#) == [
            "spec.port: invalid port name \"HTTP_Port\"; must be a number 1-65535 or a container port name (1-15 lowercase letters, digits and '-', at least one letter, no leading, trailing or doubled '-')"
        ])
    }

    @Test(arguments: [0, 65536, -1])
    func rejectsPortOutOfRange(_ port: Int) throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{"app":"web"}},"port":\#(port)}"#) == [
            "spec.port: port \(port) is out of range; must be 1-65535 or a container port name"
        ])
    }

    @Test func rejectsBothSelectors() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{"a":"b"}},"externalWorkloadSelector":{"matchLabels":{"a":"b"}},"port":80}"#) == [
            "spec: exactly one of podSelector or externalWorkloadSelector must be set, found both"
        ])
    }

    @Test func rejectsMissingPodSelectorInV1beta1() throws {
        #expect(try self.v1beta1.violations(spec: #"{"port":80}"#) == ["spec.podSelector: is required"])
    }

    @Test func rejectsRequirementDefects() throws {
        let spec = #"{"podSelector":{"matchExpressions":[{"key":"app name","operator":"In"},{"key":"tier","operator":"Exists","values":[]},{"key":"x","operator":"in","values":["a b"]}]},"port":80}"#
        #expect(try self.v1beta3.violations(spec: spec) == [
            "spec.podSelector.matchExpressions[0].key: invalid label key \"app name\"; \(LabelSyntax.keyRule)",
            "spec.podSelector.matchExpressions[0].values: operator In needs a non-empty values list; list the label values to match",
            "spec.podSelector.matchExpressions[1].values: must not be set for operator Exists; Exists and DoesNotExist take no values",
            "spec.podSelector.matchExpressions[2].values[0]: invalid label value \"a b\"; \(LabelSyntax.valueRule)",
            "spec.podSelector.matchExpressions[2].operator: unsupported operator \"in\"; must be one of In, NotIn, Exists, DoesNotExist",
        ])
    }

    @Test func rejectsNonStringLabelValue() throws {
        #expect(try self.v1beta3.violations(spec: #"{"podSelector":{"matchLabels":{"port":8080}},"port":80}"#) == [
            "spec.podSelector.matchLabels[port]: matchLabels value must be a string, found integer; quote numbers and booleans"
        ])
    }

    @Test func rejectsSpecThatIsNotAnObject() throws {
        #expect(try self.v1beta3.violations(spec: "[]") == ["spec: must be an object, found array"])
    }

    /// An object whose apiVersion names a version the CRD does not serve is judged in the request's version, not
    /// admitted unchecked.
    @Test func judgesAnUnservedObjectVersionInTheRequestsVersion() throws {
        let report = try self.v1beta3.report(
            object: #"{"apiVersion":"policy.linkerd.io/v9","kind":"Server","metadata":{"name":"a"},"spec":{"podSelector":{"matchLabels":{"app":"a"}}}}"#
        )
        #expect(report.violations.map(\.description) == ["spec.port: is required"])
    }
}
