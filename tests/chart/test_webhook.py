"""The ValidatingWebhookConfiguration: exactly the server's kinds, safe defaults, and a caBundle
that matches the serving certificate in every certificate mode."""

from __future__ import annotations

import base64
import subprocess
from typing import Any

import helm_python as helm
import pytest

from conftest import (CA_PEM, CERT_MODES, FULLNAME, NAMESPACE, SERVER_KINDS, one, render,
                      render_files)
from expected_kinds import EXPECTED_KINDS

SERVICE_HOST = f"{FULLNAME}.{NAMESPACE}.svc"


ENTRY_NAMES = ["policy", "routes", "workloads", "deletions",
               "policy-warn", "routes-warn", "workloads-warn", "deletions-warn"]


def hooks(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return one(objects, "ValidatingWebhookConfiguration")["webhooks"]


def by_prefix(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {hook["name"].split(".", 1)[0]: hook for hook in hooks(objects)}


def webhook(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The first entry (policy kinds, enforced): every entry shares its clientConfig."""
    return hooks(objects)[0]


def _kind_keys(kinds: list[dict[str, Any]]) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((k["group"], k["resource"], tuple(sorted(k["versions"]))) for k in kinds)


def _rule_keys(rules: list[dict[str, Any]]) -> list[tuple[str, str, tuple[str, ...]]]:
    keys = []
    for rule in rules:
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                keys.append((group, resource, tuple(sorted(rule["apiVersions"]))))
    return sorted(keys)


def _enforced_rules(objects) -> list[dict[str, Any]]:
    # The deletions entry repeats two policy kinds for DELETE only: it validates nothing.
    return [rule for name, hook in by_prefix(objects).items()
            if not name.endswith("-warn") and not name.startswith("deletions")
            for rule in hook["rules"]]


def test_rules_cover_exactly_the_kinds_the_server_validates_pods_by_value(chart):
    # Pods are off by default: every other kind the server validates is in one entry.
    with_pods = render(chart, {"webhook": {"workloads": {"pods": True}}})
    assert _rule_keys(_enforced_rules(with_pods)) == _kind_keys(SERVER_KINDS)
    without = [k for k in SERVER_KINDS if k["resource"] != "pods"]
    assert _rule_keys(_enforced_rules(render(chart))) == _kind_keys(without)


def test_warn_entries_mirror_the_enforced_ones(chart):
    entries = by_prefix(render(chart))
    for name in ("policy", "routes", "workloads", "deletions"):
        enforced, warn = entries[name], entries[f"{name}-warn"]
        assert warn["rules"] == enforced["rules"]
        assert warn.get("matchConditions") == enforced.get("matchConditions")
        assert warn["failurePolicy"] == enforced["failurePolicy"]
        assert enforced["clientConfig"]["service"]["path"] == "/validate"
        assert warn["clientConfig"]["service"]["path"] == "/validate/warn"


def test_entries_split_by_blast_radius(chart):
    entries = by_prefix(render(chart))
    assert list(entries) == ENTRY_NAMES
    groups = {name: sorted({g for r in hook["rules"] for g in r["apiGroups"]})
              for name, hook in entries.items()}
    assert groups["policy"] == ["policy.linkerd.io"]
    assert groups["routes"] == ["gateway.networking.k8s.io"]
    assert groups["workloads"] == ["", "apps", "batch"]
    for name in ("policy", "routes"):
        assert entries[name]["failurePolicy"] == "Fail"
        assert entries[name]["timeoutSeconds"] == 5
    assert entries["workloads"]["failurePolicy"] == "Ignore"
    assert entries["workloads"]["timeoutSeconds"] == 2
    assert "matchConditions" not in entries["policy"]
    assert [c["name"] for c in entries["routes"]["matchConditions"]] == ["parent-served-by-linkerd"]
    assert [c["name"] for c in entries["workloads"]["matchConditions"]] == [
        "carries-default-inbound-policy"]
    assert groups["deletions"] == ["policy.linkerd.io"]
    assert entries["deletions"]["failurePolicy"] == "Ignore"
    assert entries["deletions"]["timeoutSeconds"] == 2
    assert "matchConditions" not in entries["deletions"]


def test_every_rule_is_create_and_update_in_any_scope_but_authorization_deletions(chart):
    for name, hook in by_prefix(render(chart)).items():
        for rule in hook["rules"]:
            expected = ["DELETE"] if name.startswith("deletions") else ["CREATE", "UPDATE"]
            assert rule["operations"] == expected
            assert rule["scope"] == "*"


def test_only_authorization_deletions_are_sent_and_can_be_turned_off(chart):
    deletions = by_prefix(render(chart))["deletions"]
    assert sorted(r["resources"][0] for r in deletions["rules"]) == [
        "authorizationpolicies", "serverauthorizations"]
    entries = by_prefix(render(chart, {"webhook": {"deletions": {"enabled": False}}}))
    assert "deletions" not in entries and "deletions-warn" not in entries
    for hook in entries.values():
        for rule in hook["rules"]:
            assert rule["operations"] == ["CREATE", "UPDATE"]


def test_webhook_defaults(chart):
    for name, hook in by_prefix(render(chart)).items():
        assert hook["name"] == f"{name}.{SERVICE_HOST}"
        assert hook["sideEffects"] == "None"
        assert hook["admissionReviewVersions"] == ["v1", "v1beta1"]
        assert hook["matchPolicy"] == "Equivalent"
        assert hook["clientConfig"]["service"] == {
            "name": FULLNAME, "namespace": NAMESPACE,
            "path": "/validate/warn" if name.endswith("-warn") else "/validate", "port": 443}


def _selector(namespace: str, operator: str, excluded: list[str]) -> dict[str, Any]:
    return {"matchExpressions": [
        {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": excluded},
        {"key": "config.linkerd.io/admission-webhooks", "operator": "NotIn", "values": ["disabled"]},
        {"key": "linkerd-policy-webhook/enforcement", "operator": operator, "values": ["warn"]}]}


@pytest.mark.parametrize("namespace", [NAMESPACE, "kube-system", "linkerd"])
def test_every_entry_excludes_system_release_linkerd_and_opted_out_namespaces(chart, namespace):
    excluded = list(dict.fromkeys(["kube-system", namespace, "linkerd", "cert-manager"]))
    for name, hook in by_prefix(render(chart, namespace=namespace)).items():
        operator = "In" if name.endswith("-warn") else "NotIn"
        assert hook["namespaceSelector"] == _selector(namespace, operator, excluded)


def test_no_entry_has_an_object_selector_an_author_could_set(chart):
    for values in ({}, {"webhook": {"workloads": {"pods": True}}}, {"webhook": {"enforcement": "warn"}}):
        for hook in hooks(render(chart, values)):
            assert "objectSelector" not in hook
    assert "optOutLabel" not in chart.values["webhook"]


def test_tunables_reach_the_webhook(chart):
    entries = by_prefix(render(chart, {"webhook": {
        "failurePolicy": "Ignore", "timeoutSeconds": 10, "name": "lpw.example.com",
        "workloads": {"failurePolicy": "Fail", "timeoutSeconds": 3},
        "excludedNamespaces": ["linkerd", "sandbox"],
        "namespaceSelectorExpressions": [{"key": "env", "operator": "In", "values": ["prod"]}]}}))
    assert entries["policy"]["name"] == "policy.lpw.example.com"
    assert entries["routes-warn"]["name"] == "routes-warn.lpw.example.com"
    for name in ("policy", "routes", "policy-warn", "routes-warn"):
        assert (entries[name]["failurePolicy"], entries[name]["timeoutSeconds"]) == ("Ignore", 10)
    for name in ("workloads", "workloads-warn"):
        assert (entries[name]["failurePolicy"], entries[name]["timeoutSeconds"]) == ("Fail", 3)
    for hook in entries.values():
        expressions = hook["namespaceSelector"]["matchExpressions"]
        assert expressions[0] == {"key": "kubernetes.io/metadata.name", "operator": "NotIn",
                                  "values": ["kube-system", NAMESPACE, "linkerd", "sandbox"]}
        assert expressions[-1] == {"key": "env", "operator": "In", "values": ["prod"]}


@pytest.mark.parametrize("values, message", [
    ({"webhook": {"failurePolicy": "Sometimes"}}, "webhook.failurePolicy must be Fail or Ignore"),
    ({"webhook": {"timeoutSeconds": 31}}, "webhook.timeoutSeconds must be between 1 and 30"),
    ({"webhook": {"enforcement": "audit"}}, "webhook.enforcement must be deny or warn"),
    ({"webhook": {"workloads": {"failurePolicy": "Never"}}},
     "webhook.workloads.failurePolicy must be Fail or Ignore"),
    ({"webhook": {"workloads": {"timeoutSeconds": 0}}},
     "webhook.workloads.timeoutSeconds must be between 1 and 30"),
    ({"server": {"clientCA": {"secretName": "a", "configMapName": "b"}}},
     "server.clientCA: set secretName or configMapName, not both"),
    ({"server": {"overlap": "maybe"}}, "server.overlap must be deny or warn"),
    ({"certs": {"mode": "vault"}}, "certs.mode must be helm, certManager or existingSecret"),
    ({"certs": {"mode": "existingSecret", "existingSecret": {"caBundle": CA_PEM}}},
     "certs.existingSecret.name is required"),
    ({"certs": {"mode": "existingSecret", "existingSecret": {"name": "s"}}},
     "certs.existingSecret.caBundle is required"),
])
def test_bad_values_fail_with_a_message(chart, values, message):
    with pytest.raises(helm.HelmError, match=message.replace(".", r"\.")):
        render_files(chart, values)


def test_every_entry_carries_the_same_ca_bundle(chart):
    entries = hooks(render(chart))
    assert len({hook["clientConfig"]["caBundle"] for hook in entries}) == 1


# --- certificates -------------------------------------------------------------------------


def _openssl(*args: str, stdin: str) -> str:
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, text=True,
                          check=True).stdout


def test_default_mode_generates_a_ca_and_serving_cert_and_injects_the_ca(chart, tmp_path):
    objects = render(chart)
    secret = one(objects, "Secret", f"{FULLNAME}-tls")
    assert secret["type"] == "kubernetes.io/tls"
    data = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
    assert sorted(data) == ["ca.crt", "tls.crt", "tls.key"]
    assert webhook(objects)["clientConfig"]["caBundle"] == secret["data"]["ca.crt"]
    assert "annotations" not in one(objects, "ValidatingWebhookConfiguration")["metadata"]

    (tmp_path / "ca.crt").write_text(data["ca.crt"])
    verified = _openssl("verify", "-CAfile", str(tmp_path / "ca.crt"), stdin=data["tls.crt"])
    assert verified.strip() == "stdin: OK"
    text = _openssl("x509", "-noout", "-text", stdin=data["tls.crt"])
    for name in (FULLNAME, f"{FULLNAME}.{NAMESPACE}", SERVICE_HOST, f"{SERVICE_HOST}.cluster.local"):
        assert f"DNS:{name}" in text
    # The key belongs to the certificate.
    assert (_openssl("pkey", "-pubout", stdin=data["tls.key"])
            == _openssl("x509", "-noout", "-pubkey", stdin=data["tls.crt"]))


def test_default_mode_generates_fresh_certs_per_render_without_a_cluster(chart):
    # Offline, `lookup` finds no Secret, so each render generates; in a cluster the existing
    # Secret is reused (see docs/chart.md).
    first = one(render(chart), "Secret")["data"]["tls.crt"]
    assert one(render(chart), "Secret")["data"]["tls.crt"] != first


def test_cert_manager_mode_creates_a_ca_chain_and_annotates_for_injection(chart):
    objects = render(chart, CERT_MODES["certManager"])
    config = one(objects, "ValidatingWebhookConfiguration")
    assert config["metadata"]["annotations"] == {
        "cert-manager.io/inject-ca-from": f"{NAMESPACE}/{FULLNAME}-tls"}
    assert "caBundle" not in webhook(objects)["clientConfig"]
    assert not [o for o in objects if o["kind"] == "Secret"]

    serving = one(objects, "Certificate", f"{FULLNAME}-tls")
    assert serving["spec"]["secretName"] == f"{FULLNAME}-tls"
    assert SERVICE_HOST in serving["spec"]["dnsNames"]
    assert serving["spec"]["issuerRef"] == {"name": f"{FULLNAME}-ca", "kind": "Issuer",
                                            "group": "cert-manager.io"}
    ca = one(objects, "Certificate", f"{FULLNAME}-ca")
    assert ca["spec"]["isCA"] is True
    assert ca["spec"]["issuerRef"]["name"] == f"{FULLNAME}-selfsigned"
    assert one(objects, "Issuer", f"{FULLNAME}-selfsigned")["spec"] == {"selfSigned": {}}
    assert one(objects, "Issuer", f"{FULLNAME}-ca")["spec"] == {"ca": {"secretName": f"{FULLNAME}-ca"}}


def test_cert_manager_mode_with_an_issuer_creates_only_the_certificate(chart):
    objects = render(chart, CERT_MODES["certManagerExternalIssuer"])
    assert not [o for o in objects if o["kind"] == "Issuer"]
    serving = one(objects, "Certificate")
    assert serving["spec"]["issuerRef"] == {"name": "corp-ca", "kind": "ClusterIssuer",
                                            "group": "cert-manager.io"}


@pytest.mark.parametrize("given", [CA_PEM, base64.b64encode(CA_PEM.encode()).decode()])
def test_existing_secret_mode_mounts_it_and_uses_the_given_ca(chart, given):
    objects = render(chart, {"certs": {"mode": "existingSecret",
                                       "existingSecret": {"name": "webhook-tls", "caBundle": given}}})
    assert not [o for o in objects if o["kind"] in ("Secret", "Certificate", "Issuer")]
    assert base64.b64decode(webhook(objects)["clientConfig"]["caBundle"]).decode() == CA_PEM
    volumes = one(objects, "Deployment")["spec"]["template"]["spec"]["volumes"]
    assert volumes[0]["secret"]["secretName"] == "webhook-tls"


def test_existing_secret_mode_can_leave_the_ca_bundle_to_something_else(chart):
    objects = render(chart, {"certs": {"mode": "existingSecret", "existingSecret": {
        "name": "webhook-tls", "caBundleOptional": True}}})
    assert "caBundle" not in webhook(objects)["clientConfig"]
