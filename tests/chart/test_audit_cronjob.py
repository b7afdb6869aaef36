"""The continuous-audit CronJob (`audit.cronJob`): off by default; when on, `audit` in cluster with
the chart's image, ServiceAccount and hardening, and a read-only role covering every collection the
audit lists (the binary's `audit --print-resources`)."""

from __future__ import annotations

import os
import pathlib
import subprocess
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest

from conftest import (AUDIT_RESOURCES, CERT_MODES, CHART_DIR, FULLNAME, NAMESPACE, _built_binary,
                      _json_from, container, one, render)
from expected_kinds import EXPECTED_AUDIT_RESOURCES

ENABLED = {"audit": {"cronJob": {"enabled": True}}}
AUDIT_NAME = f"{FULLNAME}-audit"
READ_VERBS = {"get", "list", "watch"}


def cron_job(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return one(objects, "CronJob")


def job_pod(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The pod template of the CronJob's Jobs."""
    return cron_job(objects)["spec"]["jobTemplate"]["spec"]["template"]


def audit_container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    containers = job_pod(objects)["spec"]["containers"]
    assert [c["name"] for c in containers] == ["audit"]
    return containers[0]


def granted(role: dict[str, Any]) -> set[tuple[str, str]]:
    """(API group, resource) pairs a ClusterRole's rules name."""
    return {(group, resource) for rule in role["rules"]
            for group in rule["apiGroups"] for resource in rule["resources"]}


def test_off_by_default_renders_no_cron_job_and_no_audit_rbac(chart):
    objects = render(chart)
    assert not [o for o in objects if o["kind"] in ("CronJob", "Job")]
    assert [o["metadata"]["name"] for o in objects if o["kind"] in ("ClusterRole", "ClusterRoleBinding")] == [
        FULLNAME, FULLNAME]
    # Certificates given, so that two renders can be compared.
    given = CERT_MODES["existingSecret"]
    assert render(chart, given) == render(chart, {**given, "audit": {"cronJob": {"enabled": False}}})


def test_enabled_adds_only_the_cron_job_and_its_role(chart):
    before = {(o["kind"], o["metadata"]["name"]) for o in render(chart)}
    after = {(o["kind"], o["metadata"]["name"]) for o in render(chart, ENABLED)}
    assert after - before == {("CronJob", AUDIT_NAME), ("ServiceAccount", AUDIT_NAME), ("ClusterRole", AUDIT_NAME),
                              ("ClusterRoleBinding", AUDIT_NAME)}
    assert before <= after


@pytest.mark.parametrize("version", ["1.25", kubernetes_validate.utils.latest_version()])
def test_cron_job_and_role_are_valid_for_kubernetes(chart, version):
    values = {"audit": {"cronJob": {"enabled": True, "namespaces": ["shop"], "kinds": ["Server"],
                                    "extraArgs": ["--page-size=200"]}},
              "imagePullSecrets": [{"name": "regcred"}],
              "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"}]}
    objects = render(chart, values)
    for obj in [cron_job(objects), one(objects, "ClusterRole", AUDIT_NAME),
                one(objects, "ClusterRoleBinding", AUDIT_NAME)]:
        kubernetes_validate.validate(obj, version, strict=True)


def test_runs_audit_in_cluster_with_the_chart_image(chart):
    objects = render(chart, ENABLED)
    audit = audit_container(objects)
    assert audit["args"] == ["audit", "--output=text"]
    # In cluster: the ServiceAccount's token, no kubeconfig; the image's entrypoint is the binary
    # (it has no kubectl), so only arguments are given.
    assert "command" not in audit and not any("kubeconfig" in a for a in audit["args"])
    assert audit["image"] == container(objects)["image"]
    assert audit["imagePullPolicy"] == container(objects)["imagePullPolicy"]
    assert audit["resources"] == {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}}


def test_one_run_at_a_time_never_restarted_and_bounded(chart):
    spec = cron_job(render(chart, ENABLED))["spec"]
    assert spec["schedule"] == "0 * * * *"
    assert spec["concurrencyPolicy"] == "Forbid"
    assert spec["startingDeadlineSeconds"] == 300
    assert (spec["successfulJobsHistoryLimit"], spec["failedJobsHistoryLimit"]) == (3, 3)
    job = spec["jobTemplate"]["spec"]
    assert (job["backoffLimit"], job["activeDeadlineSeconds"]) == (0, 600)
    assert job["template"]["spec"]["restartPolicy"] == "Never"


def test_runs_as_its_own_service_account_with_the_deployments_hardening(chart):
    objects = render(chart, ENABLED)
    webhook_pod = one(objects, "Deployment")["spec"]["template"]["spec"]
    pod = job_pod(objects)["spec"]
    assert webhook_pod["serviceAccountName"] == FULLNAME
    assert pod["serviceAccountName"] == one(objects, "ServiceAccount", AUDIT_NAME)["metadata"]["name"] == AUDIT_NAME
    assert pod["automountServiceAccountToken"] is True
    assert pod["securityContext"] == webhook_pod["securityContext"]
    assert audit_container(objects)["securityContext"] == container(objects)["securityContext"] == {
        "allowPrivilegeEscalation": False, "privileged": False, "readOnlyRootFilesystem": True,
        "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
    assert not {"hostNetwork", "hostPID", "hostIPC", "volumes"} & pod.keys()
    assert pod["nodeSelector"] == webhook_pod["nodeSelector"]


def test_audit_pods_are_never_meshed_nor_selected_by_the_service_or_budget(chart):
    objects = render(chart, ENABLED)
    template = job_pod(objects)
    assert template["metadata"]["annotations"] == {"linkerd.io/inject": "disabled"}
    labels = template["metadata"]["labels"]
    assert labels["app.kubernetes.io/component"] == "audit"
    for selector in (one(objects, "Service")["spec"]["selector"],
                     one(objects, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"]):
        assert not selector.items() <= labels.items()


def test_values_reach_the_flags_and_the_schedule(chart):
    objects = render(chart, {"audit": {"cronJob": {
        "enabled": True, "schedule": "*/30 * * * *", "output": "json", "namespaces": ["shop", "other"],
        "kinds": ["Server", "httproutes.gateway.networking.k8s.io"], "extraArgs": ["--page-size=200"],
        "successfulJobsHistoryLimit": 1, "failedJobsHistoryLimit": 5, "backoffLimit": 1,
        "activeDeadlineSeconds": 120}}})
    assert audit_container(objects)["args"] == [
        "audit", "--output=json", "--namespace=shop", "--namespace=other", "--kind=Server",
        "--kind=httproutes.gateway.networking.k8s.io", "--page-size=200"]
    spec = cron_job(objects)["spec"]
    assert (spec["schedule"], spec["successfulJobsHistoryLimit"], spec["failedJobsHistoryLimit"]) == (
        "*/30 * * * *", 1, 5)
    job = spec["jobTemplate"]["spec"]
    assert (job["backoffLimit"], job["activeDeadlineSeconds"]) == (1, 120)


def test_policyreport_output_is_refused_with_a_reason(chart):
    with pytest.raises(helm.HelmError, match=r"audit\.cronJob\.output must be text or json"):
        render(chart, {"audit": {"cronJob": {"enabled": True, "output": "policyreport"}}})


def test_audit_role_grants_only_list_on_every_collection_the_audit_lists(chart):
    role = one(render(chart, ENABLED), "ClusterRole", AUDIT_NAME)
    assert {verb for rule in role["rules"] for verb in rule["verbs"]} == {"list"}
    assert granted(role) == {(r["group"], r["resource"]) for r in AUDIT_RESOURCES}


def test_webhook_and_audit_roles_together_hold_only_read_verbs(chart):
    roles = [o for o in render(chart, ENABLED) if o["kind"] in ("ClusterRole", "Role")]
    assert [r["metadata"]["name"] for r in roles] == [FULLNAME, AUDIT_NAME]
    for role in roles:
        for rule in role["rules"]:
            assert set(rule["verbs"]) <= READ_VERBS, rule
            assert "*" not in rule["resources"] and "*" not in rule["apiGroups"], rule


def test_audit_role_is_bound_only_to_the_service_account_the_job_runs_as(chart):
    objects = render(chart, ENABLED)
    binding = one(objects, "ClusterRoleBinding", AUDIT_NAME)
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                                  "name": AUDIT_NAME}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": AUDIT_NAME, "namespace": NAMESPACE}]
    assert job_pod(objects)["spec"]["serviceAccountName"] == AUDIT_NAME


def test_the_webhooks_service_account_gains_none_of_the_audits_reads(chart):
    objects = render(chart, ENABLED)
    webhook_account = one(objects, "Deployment")["spec"]["template"]["spec"]["serviceAccountName"]
    bound = [b["roleRef"]["name"] for b in objects if b["kind"] in ("ClusterRoleBinding", "RoleBinding")
             if any(s["name"] == webhook_account for s in b["subjects"])]
    assert bound == [FULLNAME]


def test_a_given_audit_service_account_is_used_and_none_is_created(chart):
    objects = render(chart, {"audit": {"cronJob": {"enabled": True, "serviceAccountName": "auditor"}}})
    assert one(objects, "ClusterRoleBinding", AUDIT_NAME)["subjects"] == [
        {"kind": "ServiceAccount", "name": "auditor", "namespace": NAMESPACE}]
    assert job_pod(objects)["spec"]["serviceAccountName"] == "auditor"
    assert [o["metadata"]["name"] for o in objects if o["kind"] == "ServiceAccount"] == [FULLNAME]


def test_without_rbac_the_cron_job_renders_and_no_role_does(chart):
    objects = render(chart, {**ENABLED, "rbac": {"create": False}})
    assert cron_job(objects)
    assert not [o for o in objects if o["kind"].startswith("ClusterRole")]


def test_long_names_leave_room_for_the_job_suffix(chart):
    objects = render(chart, {**ENABLED, "fullnameOverride": "x" * 63})
    # A CronJob's name is at most 52 characters: its Jobs append an 11-character suffix.
    name = cron_job(objects)["metadata"]["name"]
    assert len(name) <= 52 and name.endswith("-audit")
    assert one(objects, "ClusterRole", name)["rules"]


def test_the_fixture_agrees_with_the_binary():
    explicit = os.environ.get("LPW_BIN")
    binary = pathlib.Path(explicit) if explicit else _built_binary()
    if binary is None:
        pytest.skip("no built binary to compare tests/chart/expected_kinds.py with")
    try:
        listed = _json_from(binary, ["audit", "--print-resources", "--output", "json"])
    except subprocess.CalledProcessError:
        if explicit:
            raise
        pytest.skip(f"{binary} predates `audit --print-resources`: build it to compare")
    key = lambda r: (r["group"], r["resource"], tuple(sorted(r["versions"])))  # noqa: E731
    assert sorted(map(key, EXPECTED_AUDIT_RESOURCES)) == sorted(map(key, listed))



def test_helm_lint_is_clean_with_the_cron_job():
    report = helm.lint(CHART_DIR, ENABLED, strict=True, namespace=NAMESPACE, kube_version="v1.30.0")
    # Severity 1 is informational (e.g. "icon is recommended"); warnings and errors fail.
    assert report["errors"] == [] and [m for m in report["messages"] if m["severity"] >= 2] == []
