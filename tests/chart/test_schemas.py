"""Every rendered object is valid for the Kubernetes API (or cert-manager's CRDs), and Helm's
own linter finds nothing to warn about."""

from __future__ import annotations

from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
from cloudcoil.models.cert_manager import v1 as cert_manager_v1

from conftest import CERT_MODES, CHART_DIR, NAMESPACE, render

# matchConditions are GA from Kubernetes 1.30, where the default render starts; the chart's
# kubeVersion floor (1.25) is checked with `webhook.useMatchConditions: false`.
KUBE_VERSIONS = ["1.30", kubernetes_validate.utils.latest_version()]
OLDEST_VERSIONS = ["1.25", kubernetes_validate.utils.latest_version()]
CERT_MANAGER_KINDS = {"Certificate", "Issuer"}

OPTIONAL_FEATURES: dict[str, dict[str, Any]] = {
    "noMatchConditions": {"webhook": {"useMatchConditions": False}},
    "podsWarnAndClientCA": {"webhook": {"enforcement": "warn", "workloads": {"pods": True}},
                            "server": {"clientCA": {"secretName": "client-ca"}}},
    "highAvailability": {"highAvailability": {"enabled": True}, "replicas": 3},
    "meshed": {"linkerd": {"injectProxy": True}},
    "hardAntiAffinityOneReplica": {"podAntiAffinity": "hard", "replicas": 1},
    "auditCronJob": {"audit": {"cronJob": {"enabled": True, "namespaces": ["shop"], "kinds": ["Server"]}}},
    "everythingSet": {
        "image": {"digest": "sha256:" + "a" * 64},
        "imagePullSecrets": [{"name": "regcred"}],
        "priorityClassName": "system-cluster-critical",
        "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"}],
        "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                       "whenUnsatisfiable": "ScheduleAnyway",
                                       "labelSelector": {"matchLabels": {"a": "b"}}}],
        "podAnnotations": {"example.com/a": "b"}, "podLabels": {"team": "platform"},
        "server": {"extraArgs": ["--max-body=1048576"]},
        "serviceAccount": {"annotations": {"example.com/role": "webhook"}},
        "webhook": {"annotations": {"example.com/owner": "platform"},
                    "namespaceSelectorExpressions": [
                        {"key": "environment", "operator": "NotIn", "values": ["sandbox"]}]},
        "preStopSleepSeconds": 0,
    },
}


def _describe(error: kubernetes_validate.utils.ValidationError) -> str:
    path = ".".join(str(p) for p in error.absolute_path) or "<root>"
    return f"{path}: {error.message}"


def _validate_cert_manager(obj: dict[str, Any]) -> None:
    """Validates against models generated from cert-manager's CRD schemas; the round trip
    catches unknown fields, which the models would otherwise drop."""
    model = getattr(cert_manager_v1, obj["kind"])
    parsed = model.model_validate(obj)
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == obj, (
        f"{obj['kind']} {obj['metadata']['name']} has fields cert-manager's schema does not know")


def _validate_all(objects: list[dict[str, Any]], versions: list[str]) -> None:
    assert objects
    for obj in objects:
        if obj["apiVersion"].startswith("cert-manager.io/"):
            assert obj["kind"] in CERT_MANAGER_KINDS
            _validate_cert_manager(obj)
            continue
        for version in versions:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.utils.ValidationError as error:
                pytest.fail(f"{obj['kind']} {obj['metadata']['name']} invalid for Kubernetes "
                            f"{version}: {_describe(error)}")


@pytest.mark.parametrize("mode", CERT_MODES)
def test_each_certificate_mode_renders_valid_objects(chart, mode):
    _validate_all(render(chart, CERT_MODES[mode]), KUBE_VERSIONS)


@pytest.mark.parametrize("feature", OPTIONAL_FEATURES)
def test_optional_features_render_valid_objects(chart, feature):
    versions = OLDEST_VERSIONS if feature == "noMatchConditions" else KUBE_VERSIONS
    _validate_all(render(chart, OPTIONAL_FEATURES[feature]), versions)


def test_schema_validation_catches_an_unknown_field():
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"},
               "spec": {"portz": []}}
    with pytest.raises(kubernetes_validate.utils.ValidationError):
        kubernetes_validate.validate(service, KUBE_VERSIONS[-1], strict=True)


def test_cert_manager_validation_catches_an_unknown_field():
    certificate = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
                   "metadata": {"name": "x"},
                   "spec": {"secretName": "x", "issuerRef": {"name": "ca"}, "dnsNamez": ["a"]}}
    with pytest.raises(AssertionError):
        _validate_cert_manager(certificate)


@pytest.mark.parametrize("mode", CERT_MODES)
def test_helm_lint_is_clean(mode):
    report = helm.lint(CHART_DIR, CERT_MODES[mode], strict=True, namespace=NAMESPACE,
                       kube_version="v1.30.0")
    # Severity 1 is informational (e.g. "icon is recommended"); warnings and errors fail.
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and problems == []


def test_default_render_is_invalid_before_match_conditions_existed(chart):
    # Shows why older clusters need `webhook.useMatchConditions: false`.
    config = next(o for o in render(chart) if o["kind"] == "ValidatingWebhookConfiguration")
    with pytest.raises(kubernetes_validate.utils.ValidationError, match="matchConditions"):
        kubernetes_validate.validate(config, "1.25", strict=True)
