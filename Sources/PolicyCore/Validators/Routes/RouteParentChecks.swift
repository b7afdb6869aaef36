import PolicyAPI

/// Checks a route's `parentRefs` the way Linkerd's outbound index reads them.
///
/// Mirrors linkerd2 admission.rs, `Validate<HttpRouteSpec>` and the Gateway API route impls: an EgressNetwork parent
/// must name a port, and retry and timeout annotations are read only under a Service or EgressNetwork parent.
enum RouteParentChecks {
    /// Reports every EgressNetwork parentRef without a `port`.
    static func checkEgressNetworkPorts(in spec: JSONValue, into report: inout ValidationReport) {
        let path = FieldPath.spec.field("parentRefs")
        for (index, parent) in (spec["parentRefs"]?.arrayValue ?? []).enumerated()
        where ReferencedKind(parent).isEgressNetwork && parent.presentMember("port") == nil {
            report.add(
                .semantic,
                at: path.index(index).field("port"),
                "is required for an EgressNetwork parent; set the port of the egress traffic this route applies to"
            )
        }
    }

    /// True when some parentRef is a core Service or a policy.linkerd.io EgressNetwork.
    static func hasServiceOrEgressNetworkParent(_ spec: JSONValue) -> Bool {
        (spec["parentRefs"]?.arrayValue ?? []).contains { parent in
            let reference = ReferencedKind(parent)
            return reference.isService() || reference.isEgressNetwork
        }
    }
}
