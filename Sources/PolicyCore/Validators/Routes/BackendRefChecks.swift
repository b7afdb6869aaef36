import PolicyAPI

/// Checks Gateway API HTTPRoute and GRPCRoute `backendRefs`: a Service backend needs a port.
///
/// Mirrors linkerd2 admission.rs, `validate_http_backend_if_service` / `validate_grpc_backend_if_service`: other
/// backend kinds are admitted for interoperability with other controllers.
enum BackendRefChecks {
    /// Reports every Service backendRef of the rule at `rulePath` without a port or with port 0.
    static func check(_ rule: JSONValue, at rulePath: FieldPath, into report: inout ValidationReport) {
        for (index, backend) in (rule["backendRefs"]?.arrayValue ?? []).enumerated()
        where ReferencedKind(backend).isService(kindDefaultsToService: true) {
            let port = backend.presentMember("port")?.integerValue
            if port == nil || port == 0 {
                report.add(
                    .semantic,
                    at: rulePath.field("backendRefs").index(index).field("port"),
                    port == nil
                        ? "is required for a Service backend; set the Service port (1-65535)"
                        : "0 is not a Service port; must be 1-65535"
                )
            }
        }
    }
}
