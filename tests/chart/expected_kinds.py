"""The kinds the webhook validates, as `linkerd-policy-webhook kinds --output json` prints them.

The server's kind table is the source of truth. This copy is used only when no binary is at
hand: set LPW_BIN to a built binary (or build one under .build/) and the tests compare the
chart with the binary's own output, and this fixture with it too, so the copy cannot drift
unnoticed. `EXPECTED_AUDIT_RESOURCES` is, the same way, what `audit --print-resources --output json`
prints: the collections the audit lists.
"""

_GATEWAY_VERSIONS = ["v1", "v1beta1", "v1alpha2", "v1alpha3"]

EXPECTED_KINDS = [
    {"group": "policy.linkerd.io", "resource": "servers", "kind": "Server",
     "versions": ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"]},
    {"group": "policy.linkerd.io", "resource": "serverauthorizations", "kind": "ServerAuthorization",
     "versions": ["v1alpha1", "v1beta1"]},
    {"group": "policy.linkerd.io", "resource": "authorizationpolicies", "kind": "AuthorizationPolicy",
     "versions": ["v1alpha1"]},
    {"group": "policy.linkerd.io", "resource": "meshtlsauthentications", "kind": "MeshTLSAuthentication",
     "versions": ["v1alpha1"]},
    {"group": "policy.linkerd.io", "resource": "networkauthentications", "kind": "NetworkAuthentication",
     "versions": ["v1alpha1"]},
    {"group": "policy.linkerd.io", "resource": "egressnetworks", "kind": "EgressNetwork",
     "versions": ["v1alpha1"]},
    {"group": "policy.linkerd.io", "resource": "httplocalratelimitpolicies",
     "kind": "HTTPLocalRateLimitPolicy", "versions": ["v1alpha1"]},
    {"group": "policy.linkerd.io", "resource": "httproutes", "kind": "HTTPRoute",
     "versions": ["v1alpha1", "v1beta1", "v1beta2", "v1beta3"]},
    {"group": "gateway.networking.k8s.io", "resource": "httproutes", "kind": "HTTPRoute",
     "versions": _GATEWAY_VERSIONS},
    {"group": "gateway.networking.k8s.io", "resource": "grpcroutes", "kind": "GRPCRoute",
     "versions": _GATEWAY_VERSIONS},
    {"group": "gateway.networking.k8s.io", "resource": "tlsroutes", "kind": "TLSRoute",
     "versions": _GATEWAY_VERSIONS},
    {"group": "gateway.networking.k8s.io", "resource": "tcproutes", "kind": "TCPRoute",
     "versions": _GATEWAY_VERSIONS},
    {"group": "", "resource": "namespaces", "kind": "Namespace", "versions": ["v1"]},
    {"group": "", "resource": "pods", "kind": "Pod", "versions": ["v1"]},
    {"group": "apps", "resource": "deployments", "kind": "Deployment", "versions": ["v1"]},
    {"group": "apps", "resource": "statefulsets", "kind": "StatefulSet", "versions": ["v1"]},
    {"group": "apps", "resource": "daemonsets", "kind": "DaemonSet", "versions": ["v1"]},
    {"group": "apps", "resource": "replicasets", "kind": "ReplicaSet", "versions": ["v1"]},
    {"group": "batch", "resource": "jobs", "kind": "Job", "versions": ["v1"]},
    {"group": "batch", "resource": "cronjobs", "kind": "CronJob", "versions": ["v1"]},
]

# Every kind the webhook validates, and the ExternalWorkloads the overlap rule reads.
EXPECTED_AUDIT_RESOURCES = [
    {"group": "workload.linkerd.io", "resource": "externalworkloads", "kind": "ExternalWorkload",
     "versions": ["v1beta1"]},
    *EXPECTED_KINDS,
]
