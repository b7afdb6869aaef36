"""The Deployment and its neighbours: hardening, graceful shutdown, probes, the server's flags,
least-privilege RBAC, availability."""

from __future__ import annotations

import pytest

from conftest import FULLNAME, NAMESPACE, container, one, render

TLS_DIR = "/var/run/linkerd-policy-webhook/tls"


def test_server_flags(chart):
    assert container(render(chart))["args"] == [
        "serve",
        "--server-addr=[::]:9443",
        "--admin-addr=[::]:9990",
        f"--server-tls-certs={TLS_DIR}/tls.crt",
        f"--server-tls-key={TLS_DIR}/tls.key",
        "--enforcement=deny",
        "--overlap=deny",
        "--unsynced=deny",
        "--shutdown-grace=20s",
        "--log-level=info",
        "--log-format=plain",
    ]


def test_server_flags_follow_values(chart):
    args = container(render(chart, {"webhook": {"enforcement": "warn"}, "server": {
        "overlap": "warn", "unsynced": "allow", "shutdownGraceSeconds": 40, "logLevel": "debug",
        "logFormat": "json", "extraArgs": ["--max-body=1048576"]}}))["args"]
    assert args[5:] == ["--enforcement=warn", "--overlap=warn", "--unsynced=allow", "--shutdown-grace=40s",
                        "--log-level=debug", "--log-format=json", "--max-body=1048576"]


@pytest.mark.parametrize("values, expected", [
    ({}, 30),  # preStop 5 + --shutdown-grace 20 + margin 5
    ({"server": {"shutdownGraceSeconds": 40}}, 50),
    ({"preStopSleepSeconds": 0, "terminationGraceMarginSeconds": 10}, 30),
])
def test_termination_grace_covers_prestop_and_server_grace(chart, values, expected):
    objects = render(chart, values)
    pod = one(objects, "Deployment")["spec"]["template"]["spec"]
    assert pod["terminationGracePeriodSeconds"] == expected
    sleep = values.get("preStopSleepSeconds", 5)
    if sleep:
        assert container(objects)["lifecycle"]["preStop"] == {"exec": {"command": ["sleep", "5"]}}
    else:
        assert "lifecycle" not in container(objects)


def test_pod_and_container_are_hardened(chart):
    objects = render(chart)
    pod = one(objects, "Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"] == {
        "runAsNonRoot": True, "runAsUser": 65532, "runAsGroup": 65532, "fsGroup": 65532,
        "seccompProfile": {"type": "RuntimeDefault"}}
    assert container(objects)["securityContext"] == {
        "allowPrivilegeEscalation": False, "privileged": False, "readOnlyRootFilesystem": True,
        "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
    assert "hostNetwork" not in pod and "hostPID" not in pod
    assert container(objects)["resources"] == {
        "requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}}


def test_probes_use_the_admin_port(chart):
    c = container(render(chart))
    assert {p["name"]: p["containerPort"] for p in c["ports"]} == {"https": 9443, "admin-http": 9990}
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "admin-http"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "admin-http"}


def test_tls_secret_is_mounted_as_a_directory(chart):
    objects = render(chart)
    mounts = {m["name"]: m for m in container(objects)["volumeMounts"]}
    # No subPath: kubelet's symlink swap on Secret update must reach the server.
    assert mounts["tls"] == {"name": "tls", "mountPath": TLS_DIR, "readOnly": True}
    assert all("subPath" not in m for m in mounts.values())
    volumes = {v["name"]: v for v in one(objects, "Deployment")["spec"]["template"]["spec"]["volumes"]}
    assert volumes["tls"]["secret"]["secretName"] == f"{FULLNAME}-tls"
    assert volumes["tls"]["secret"]["defaultMode"] == 0o440


def test_two_replicas_spread_with_a_disruption_budget(chart):
    objects = render(chart)
    deployment = one(objects, "Deployment")
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    selector = deployment["spec"]["selector"]["matchLabels"]
    anti = deployment["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    term = anti["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
    assert term == {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": selector}}
    pdb = one(objects, "PodDisruptionBudget")
    assert pdb["spec"] == {"minAvailable": 1, "selector": {"matchLabels": selector}}


def test_hard_anti_affinity_and_no_budget_for_one_replica(chart):
    objects = render(chart, {"podAntiAffinity": "hard", "replicas": 1})
    anti = one(objects, "Deployment")["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    assert list(anti) == ["requiredDuringSchedulingIgnoredDuringExecution"]
    assert not [o for o in objects if o["kind"] == "PodDisruptionBudget"]


def test_pods_are_not_meshed_by_default(chart):
    annotations = one(render(chart), "Deployment")["spec"]["template"]["metadata"]["annotations"]
    assert annotations["linkerd.io/inject"] == "disabled"
    assert "config.linkerd.io/default-inbound-policy" not in annotations


def test_meshed_pods_admit_unauthenticated_inbound(chart):
    annotations = one(render(chart, {"linkerd": {"injectProxy": True}}),
                      "Deployment")["spec"]["template"]["metadata"]["annotations"]
    assert annotations["linkerd.io/inject"] == "enabled"
    assert annotations["config.linkerd.io/default-inbound-policy"] == "all-unauthenticated"


def test_service_maps_443_to_the_webhook_port(chart):
    objects = render(chart)
    service = one(objects, "Service")
    assert {p["port"]: p["targetPort"] for p in service["spec"]["ports"]} == {443: "https", 9990: "admin-http"}
    assert service["spec"]["selector"] == one(objects, "Deployment")["spec"]["selector"]["matchLabels"]


def test_rbac_is_list_and_watch_of_the_cached_kinds(chart):
    objects = render(chart)
    assert one(objects, "ClusterRole")["rules"] == [
        {"apiGroups": [""], "resources": ["pods"], "verbs": ["list", "watch"]},
        {"apiGroups": ["policy.linkerd.io"],
         "resources": ["servers", "authorizationpolicies", "serverauthorizations", "httproutes"],
         "verbs": ["list", "watch"]},
        {"apiGroups": ["gateway.networking.k8s.io"], "resources": ["httproutes"], "verbs": ["list", "watch"]},
        {"apiGroups": ["workload.linkerd.io"], "resources": ["externalworkloads"],
         "verbs": ["list", "watch"]},
    ]
    assert not [o for o in objects if o["kind"] in ("Role", "RoleBinding")]
    binding = one(objects, "ClusterRoleBinding")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": FULLNAME, "namespace": NAMESPACE}]
    assert one(objects, "Deployment")["spec"]["template"]["spec"]["serviceAccountName"] == FULLNAME


def test_image_defaults_to_app_version_and_prefers_a_digest(chart):
    app_version = chart.metadata["appVersion"]
    assert container(render(chart))["image"].endswith(f":{app_version}")
    digest = "sha256:" + "b" * 64
    assert container(render(chart, {"image": {"digest": digest}}))["image"].endswith(f"@{digest}")


def test_no_client_ca_by_default(chart):
    objects = render(chart)
    assert not [a for a in container(objects)["args"] if a.startswith("--client-ca")]
    volumes = one(objects, "Deployment")["spec"]["template"]["spec"]["volumes"]
    assert [v["name"] for v in volumes] == ["tls", "tmp"]


@pytest.mark.parametrize("source, expected_volume", [
    ({"secretName": "apiserver-client-ca"},
     {"name": "client-ca", "secret": {"secretName": "apiserver-client-ca", "defaultMode": 0o440,
                                      "items": [{"key": "ca.crt", "path": "ca.crt"}]}}),
    ({"configMapName": "apiserver-client-ca", "key": "bundle.pem"},
     {"name": "client-ca", "configMap": {"name": "apiserver-client-ca",
                                         "items": [{"key": "bundle.pem", "path": "ca.crt"}]}}),
])
def test_client_ca_is_mounted_and_passed_to_the_server(chart, source, expected_volume):
    objects = render(chart, {"server": {"clientCA": source}})
    webhook = container(objects)
    assert "--client-ca=/var/run/linkerd-policy-webhook/client-ca/ca.crt" in webhook["args"]
    assert {"name": "client-ca", "mountPath": "/var/run/linkerd-policy-webhook/client-ca",
            "readOnly": True} in webhook["volumeMounts"]
    volumes = one(objects, "Deployment")["spec"]["template"]["spec"]["volumes"]
    assert expected_volume in volumes


def test_high_availability_sets_a_priority_class_and_a_zone_spread(chart):
    spec = one(render(chart), "Deployment")["spec"]["template"]["spec"]
    assert "priorityClassName" not in spec and "topologySpreadConstraints" not in spec
    objects = render(chart, {"highAvailability": {"enabled": True}, "replicas": 3})
    deployment = one(objects, "Deployment")
    spec = deployment["spec"]["template"]["spec"]
    assert spec["priorityClassName"] == "system-cluster-critical"
    assert spec["topologySpreadConstraints"] == [{
        "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
        "whenUnsatisfiable": "ScheduleAnyway",
        "labelSelector": {"matchLabels": deployment["spec"]["selector"]["matchLabels"]}}]


def test_explicit_priority_class_and_spread_win_over_high_availability(chart):
    spread = [{"maxSkew": 2, "topologyKey": "kubernetes.io/hostname",
               "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"a": "b"}}}]
    spec = one(render(chart, {"highAvailability": {"enabled": True}, "priorityClassName": "mine",
                              "topologySpreadConstraints": spread}),
               "Deployment")["spec"]["template"]["spec"]
    assert spec["priorityClassName"] == "mine"
    assert spec["topologySpreadConstraints"] == spread
