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


def webhook(objects: list[dict[str, Any]]) -> dict[str, Any]:
    hooks = one(objects, "ValidatingWebhookConfiguration")["webhooks"]
    assert len(hooks) == 1
    return hooks[0]


def _kind_keys(kinds: list[dict[str, Any]]) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((k["group"], k["resource"], tuple(sorted(k["versions"]))) for k in kinds)


def _rule_keys(rules: list[dict[str, Any]]) -> list[tuple[str, str, tuple[str, ...]]]:
    keys = []
    for rule in rules:
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                keys.append((group, resource, tuple(sorted(rule["apiVersions"]))))
    return sorted(keys)


def test_rules_cover_exactly_the_kinds_the_server_validates(chart):
    assert _rule_keys(webhook(render(chart))["rules"]) == _kind_keys(SERVER_KINDS)


def test_values_rules_list_the_server_kinds_with_their_kind_names(chart):
    def full(kinds):
        return sorted((k["group"], k["resource"], k["kind"], tuple(sorted(k["versions"])))
                      for k in kinds)
    assert full(chart.values["webhook"]["rules"]) == full(SERVER_KINDS)


def test_fixture_matches_the_server_kinds():
    # Trivially true without a binary; with LPW_BIN it keeps the fixture honest.
    assert _kind_keys(EXPECTED_KINDS) == _kind_keys(SERVER_KINDS)


def test_every_rule_is_create_and_update_in_any_scope(chart):
    for rule in webhook(render(chart))["rules"]:
        assert rule["operations"] == ["CREATE", "UPDATE"]
        assert rule["scope"] == "*"


def test_webhook_defaults(chart):
    hook = webhook(render(chart))
    assert hook["name"] == SERVICE_HOST
    assert hook["sideEffects"] == "None"
    assert hook["admissionReviewVersions"] == ["v1", "v1beta1"]
    assert hook["matchPolicy"] == "Equivalent"
    assert hook["failurePolicy"] == "Fail"
    assert hook["timeoutSeconds"] == 5
    assert hook["clientConfig"]["service"] == {
        "name": FULLNAME, "namespace": NAMESPACE, "path": "/validate", "port": 443}
    assert "matchConditions" not in hook


def test_namespace_selector_excludes_kube_system_and_the_release_namespace(chart):
    for namespace in (NAMESPACE, "kube-system"):
        hook = webhook(render(chart, namespace=namespace))
        assert hook["namespaceSelector"] == {"matchExpressions": [{
            "key": "kubernetes.io/metadata.name", "operator": "NotIn",
            "values": sorted({"kube-system", namespace}, key=["kube-system", namespace].index)}]}


def test_object_selector_is_the_opt_out_label(chart):
    assert webhook(render(chart))["objectSelector"] == {"matchExpressions": [{
        "key": "linkerd-policy-webhook/ignore", "operator": "NotIn", "values": ["true"]}]}
    assert "objectSelector" not in webhook(render(chart, {"webhook": {"optOutLabel": ""}}))


def test_tunables_reach_the_webhook(chart):
    condition = {"name": "only-services", "expression": "true"}
    hook = webhook(render(chart, {"webhook": {
        "failurePolicy": "Ignore", "timeoutSeconds": 10, "matchConditions": [condition],
        "excludedNamespaces": ["kube-system", "linkerd"],
        "namespaceSelectorExpressions": [{"key": "env", "operator": "In", "values": ["prod"]}]}}))
    assert hook["failurePolicy"] == "Ignore"
    assert hook["timeoutSeconds"] == 10
    assert hook["matchConditions"] == [condition]
    assert hook["namespaceSelector"]["matchExpressions"] == [
        {"key": "kubernetes.io/metadata.name", "operator": "NotIn",
         "values": ["kube-system", "linkerd", NAMESPACE]},
        {"key": "env", "operator": "In", "values": ["prod"]}]


@pytest.mark.parametrize("values, message", [
    ({"webhook": {"failurePolicy": "Sometimes"}}, "webhook.failurePolicy must be Fail or Ignore"),
    ({"webhook": {"timeoutSeconds": 31}}, "webhook.timeoutSeconds must be between 1 and 30"),
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
