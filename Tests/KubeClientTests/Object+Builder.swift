import PolicyAPI

/// Builders for the Kubernetes objects the fake API server serves (Linkerd's `mk_pod`/`mk_server`).
enum ObjectBuilder {
    /// A running Pod with labels and named container ports.
    static func pod(
        _ namespace: String, _ name: String, labels: [String: String] = ["app": "web"],
        ports: [(String, Int)] = [("http", 8080)], phase: String = "Running"
    ) -> JSONValue {
        .object([
            "apiVersion": .string("v1"), "kind": .string("Pod"),
            "metadata": .object([
                "namespace": .string(namespace), "name": .string(name), "uid": .string("uid-\(namespace)-\(name)"),
                "labels": .object(JSONObject(labels.mapValues(JSONValue.string))),
            ]),
            "spec": .object([
                "containers": .array([
                    .object([
                        "name": .string("main"),
                        "ports": .array(ports.map { .object(["name": .string($0.0), "containerPort": .integer(Int64($0.1))]) }),
                    ])
                ])
            ]),
            "status": .object(["phase": .string(phase)]),
        ])
    }

    /// A policy.linkerd.io/v1beta3 Server selecting pods by labels on a port.
    static func server(_ namespace: String, _ name: String, selector: [String: String], port: JSONValue) -> JSONValue {
        .object([
            "apiVersion": .string("policy.linkerd.io/v1beta3"), "kind": .string("Server"),
            "metadata": .object(["namespace": .string(namespace), "name": .string(name), "uid": .string("uid-\(name)")]),
            "spec": .object([
                "podSelector": .object(["matchLabels": .object(JSONObject(selector.mapValues(JSONValue.string)))]), "port": port,
            ]),
        ])
    }

    /// A workload.linkerd.io/v1beta1 ExternalWorkload.
    static func externalWorkload(_ namespace: String, _ name: String) -> JSONValue {
        .object([
            "apiVersion": .string("workload.linkerd.io/v1beta1"), "kind": .string("ExternalWorkload"),
            "metadata": .object(["namespace": .string(namespace), "name": .string(name), "labels": .object(["app": .string("vm")])]),
            "spec": .object(["ports": .array([.object(["name": .string("http"), "port": .integer(80)])])]),
        ])
    }
}
