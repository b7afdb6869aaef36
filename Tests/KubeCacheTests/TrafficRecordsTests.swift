import KubeCache
import PolicyAPI
import Testing

/// What the cache keeps of pods' probes, authorizations and routes for rule 8, read from Kubernetes JSON.
@Suite struct TrafficRecordsTests {
    static func json(_ text: String) throws -> JSONValue { try JSONDecoding.decode(Array(text.utf8)) }

    @Test func podProbesResolveNamedPortsPerContainerAndDropQueries() throws {
        let pod = try #require(
            PodRecord(
                object: try Self.json(
                    #"""
                    {"metadata":{"name":"web-1","namespace":"shop"},"spec":{"containers":[
                      {"name":"main","ports":[{"name":"http","containerPort":8080},{"name":"dns","containerPort":53,"protocol":"UDP"}],
                       "livenessProbe":{"httpGet":{"port":"HTTP","path":"/live?verbose=1"}},
                       "readinessProbe":{"httpGet":{"port":9901}},
                       "startupProbe":{"httpGet":{"port":"dns","path":"/x"}}},
                      {"name":"other","readinessProbe":{"httpGet":{"port":"http","path":"/no-such-port"}}}]}}
                    """#)))
        #expect(pod.probes == [HTTPProbe(port: 8080, path: "/live"), HTTPProbe(port: 9901, path: "/")])
        #expect(!pod.hasOwnDefaultPolicy)
    }

    @Test func authorizationTargetsAreReadByGroupAndKindCaseInsensitively() throws {
        func target(_ spec: String, kind: String = "AuthorizationPolicy") throws -> AuthorizationRecord.Target? {
            AuthorizationRecord(object: try Self.json(#"{"kind":"\#(kind)","metadata":{"name":"a","namespace":"shop"},"spec":\#(spec)}"#))?.target
        }
        #expect(try target(#"{"targetRef":{"group":"Policy.Linkerd.io","kind":"server","name":"web"}}"#) == .server("web"))
        #expect(try target(#"{"targetRef":{"kind":"Namespace","name":"shop"}}"#) == .namespace("shop"))
        #expect(try target(#"{"targetRef":{"kind":"Server","name":"web"}}"#) == .other)
        #expect(
            try target(#"{"targetRef":{"group":"gateway.networking.k8s.io","kind":"HTTPRoute","name":"r"}}"#)
                == .httpRoute(group: "gateway.networking.k8s.io", name: "r"))
        #expect(try target(#"{"server":{"name":"web"}}"#, kind: "ServerAuthorization") == .server("web"))
        #expect(try target(#"{"server":{"selector":{"matchLabels":{"a":"b"}}}}"#, kind: "ServerAuthorization")
            == .serverSelector(LabelSelector(matchLabels: ["a": "b"])))
        #expect(try target("{}", kind: "MeshTLSAuthentication") == nil)
    }

    @Test func routePathPrefixMatchesWholeSegments() {
        #expect(RoutePathMatch.prefix("/healthz").matches("/healthz/ready"))
        #expect(RoutePathMatch.prefix("/healthz/").matches("/healthz"))
        #expect(!RoutePathMatch.prefix("/health").matches("/healthz"))
        #expect(RoutePathMatch.prefix("/").matches("/anything"))
        #expect(RoutePathMatch.exact("/ready").matches("/ready"))
        #expect(!RoutePathMatch.exact("/ready").matches("/ready/"))
        // Not evaluated: taken to match, so no probe is reported failing on a guess.
        #expect(RoutePathMatch.regularExpression("/nothing-like-it").matches("/ready"))
    }

    @Test func routeWithARuleWithoutMatchesMatchesEveryPath() throws {
        let route = try #require(
            RouteRecord(
                object: try Self.json(
                    #"""
                    {"apiVersion":"policy.linkerd.io/v1beta3","metadata":{"name":"r","namespace":"shop"},"spec":{
                      "parentRefs":[{"group":"policy.linkerd.io","kind":"Server","name":"web"},{"kind":"Service","name":"web"},
                                    {"group":"policy.linkerd.io","kind":"Server","name":"far","namespace":"other"}],
                      "rules":[{"matches":[{"path":{"type":"Exact","value":"/a"}}]},{}]}}
                    """#)))
        #expect(route.group == "policy.linkerd.io")
        #expect(route.serverParents == ["web"])
        #expect(route.rules == [nil])
        #expect(route.matches(path: "/ready"))
    }

    @Test func serverParentsAreCappedAfterOtherParentsAreSkipped() throws {
        let services = (0..<40).map { #"{"kind":"Service","name":"s\#($0)"}"# }
        let servers = (0..<20).map { #"{"group":"policy.linkerd.io","kind":"Server","name":"web\#($0)"}"# }
        let refs = (services + servers).joined(separator: ",")
        let route = try #require(
            RouteRecord(object: try Self.json(#"{"metadata":{"name":"r","namespace":"shop"},"spec":{"parentRefs":[\#(refs)]}}"#)))
        #expect(route.serverParents == (0..<TrafficRecordLimits.maximumParents).map { "web\($0)" })
    }

    @Test func routeWithTooManyMatchesIsTakenToMatchEveryPath() throws {
        let matches = (0..<40).map { #"{"path":{"type":"Exact","value":"/p\#($0)"}}"# }.joined(separator: ",")
        let route = try #require(
            RouteRecord(
                object: try Self.json(#"{"metadata":{"name":"r"},"spec":{"rules":[{"matches":[\#(matches)]}]}}"#),
                group: "gateway.networking.k8s.io"))
        #expect(route.group == "gateway.networking.k8s.io")
        #expect(route.rules == [nil])
    }

    @Test func storedProbesKeepEveryPathAndPortInOrder() {
        let probes = [
            HTTPProbe(port: 8080, path: "/a:1:b"), HTTPProbe(port: 9990, path: "/"), HTTPProbe(port: 1, path: "/ünï\ncode"),
            HTTPProbe(port: 65535, path: ""),
        ]
        var snapshot = ClusterSnapshot(isSynced: true)
        snapshot.apply(PodRecord(namespace: "shop", name: "web-1", probes: probes))
        snapshot.apply(PodRecord(namespace: "shop", name: "web-2", probes: probes))
        snapshot.apply(PodRecord(namespace: "shop", name: "bare"))
        #expect(snapshot.namespaces["shop"]?.pods["web-1"]?.probes == probes)
        #expect(snapshot.namespaces["shop"]?.pods["bare"]?.probes == [])
        // Replicas share one interned probe string.
        #expect(snapshot.liveStringCount == 1)
    }

    @Test func compactionKeepsProbePaths() {
        var snapshot = ClusterSnapshot(isSynced: true)
        for run in 0..<50 {
            snapshot.apply(PodRecord(namespace: "shop", name: "job-\(run)", labels: ["run": "r\(run)"], phase: "Running"))
            snapshot.deletePod(namespace: "shop", name: "job-\(run)")
        }
        snapshot.apply(
            PodRecord(
                namespace: "shop", name: "web-1", phase: "Running", ports: [DeclaredPort(name: "http", number: 8080)],
                probes: [HTTPProbe(port: 8080, path: "/healthz/ready")]))
        snapshot.compactStrings()
        #expect(snapshot.namespaces["shop"]?.pods["web-1"]?.probes == [HTTPProbe(port: 8080, path: "/healthz/ready")])
        #expect(snapshot.liveStringCount == 2)
    }
}
