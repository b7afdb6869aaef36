"""The webhook entries' CEL matchConditions, evaluated by a real CEL implementation (cel-python)
against real objects as the API server would see them (CRD defaults applied): which requests
are sent to the webhook, and which never reach it."""

from __future__ import annotations

import copy
from typing import Any

import celpy
import pytest

from conftest import render, one

ANNOTATION = "config.linkerd.io/default-inbound-policy"


def entries(chart, values: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    hooks = one(render(chart, values), "ValidatingWebhookConfiguration")["webhooks"]
    return {hook["name"].split(".", 1)[0]: hook for hook in hooks}


def _resource_of(hook: dict[str, Any], kind_resource: str) -> tuple[str, str]:
    for rule in hook["rules"]:
        if kind_resource in rule["resources"]:
            return rule["apiGroups"][0], rule["apiVersions"][0]
    raise AssertionError(f"{hook['name']} has no rule for {kind_resource}")


def sent(hook: dict[str, Any], resource: str, obj: dict[str, Any],
         operation: str = "CREATE") -> bool:
    """True when the API server would send this request to `hook`: its rules match the resource
    and every matchCondition evaluates to true (an expression error would be a failure)."""
    group, version = _resource_of(hook, resource)
    request = {"operation": operation, "namespace": obj["metadata"].get("namespace", ""),
               "name": obj["metadata"].get("name", ""),
               "resource": {"group": group, "version": version, "resource": resource},
               "kind": {"group": group, "version": version, "kind": obj["kind"]}}
    activation = {"object": celpy.json_to_cel(obj), "oldObject": celpy.json_to_cel(None),
                  "request": celpy.json_to_cel(request)}
    env = celpy.Environment()
    for condition in hook.get("matchConditions", []):
        program = env.program(env.compile(condition["expression"]))
        result = program.evaluate(activation)
        assert isinstance(result, celpy.celtypes.BoolType), (condition["name"], result)
        if not result:
            return False
    return True


# --- Gateway API routes -----------------------------------------------------------------------


def route(kind: str, *parents: dict[str, Any]) -> dict[str, Any]:
    """A route as the API server hands it to admission: each parentRef defaulted by the CRD
    (group gateway.networking.k8s.io, kind Gateway) where the author left them out."""
    defaulted = []
    for parent in parents:
        ref = {"group": "gateway.networking.k8s.io", "kind": "Gateway"}
        ref.update(parent)
        defaulted.append(ref)
    return {"apiVersion": "gateway.networking.k8s.io/v1", "kind": kind,
            "metadata": {"name": "r", "namespace": "shop"},
            "spec": {"parentRefs": defaulted, "rules": [{}]}}


SERVICE = {"group": "", "kind": "Service", "name": "web", "port": 80}
CORE_SERVICE = {"group": "core", "kind": "Service", "name": "web"}
SERVER = {"group": "policy.linkerd.io", "kind": "Server", "name": "web-http"}
EGRESS = {"group": "policy.linkerd.io", "kind": "EgressNetwork", "name": "internet"}
GATEWAY = {"name": "public-gw"}  # defaulted to a Gateway
OTHER_GATEWAY = {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "envoy"}

ROUTES = [("httproutes", "HTTPRoute"), ("grpcroutes", "GRPCRoute"),
          ("tlsroutes", "TLSRoute"), ("tcproutes", "TCPRoute")]


@pytest.mark.parametrize("resource, kind", ROUTES)
@pytest.mark.parametrize("parents, expected", [
    ([SERVICE], True),
    ([CORE_SERVICE], True),
    ([{"group": "Core", "kind": "service", "name": "web"}], True),  # Linkerd ignores case
    ([SERVER], True),
    ([EGRESS], True),
    ([OTHER_GATEWAY, SERVICE], True),  # one Linkerd parent is enough
    ([GATEWAY], False),
    ([OTHER_GATEWAY], False),
    ([OTHER_GATEWAY, GATEWAY], False),
    ([{"group": "policy.linkerd.io", "kind": "Service", "name": "x"}], False),
    ([{"group": "", "kind": "EgressNetwork", "name": "x"}], False),  # EgressNetwork needs its group
    ([{"group": "example.com", "kind": "Server", "name": "x"}], False),
    ([], False),
])
def test_routes_are_sent_only_with_a_parent_linkerd_serves(chart, resource, kind, parents, expected):
    hooks = entries(chart)
    for name in ("routes", "routes-warn"):
        assert sent(hooks[name], resource, route(kind, *parents)) is expected


def test_route_without_parent_refs_or_kind_or_group_fields_is_evaluated_without_error(chart):
    hook = entries(chart)["routes"]
    bare = {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": "r"}, "spec": {}}
    assert sent(hook, "httproutes", bare) is False
    assert sent(hook, "httproutes", {**bare, "spec": {"parentRefs": [{"name": "x"}]}}) is False
    # An absent group with kind Service is core for Linkerd.
    assert sent(hook, "httproutes", {**bare, "spec": {"parentRefs": [
        {"kind": "Service", "name": "x"}]}}) is True
    assert sent(hook, "httproutes", {**bare, "metadata": {"name": "r"}, "kind": "HTTPRoute"}) is False


# --- Namespaces and workloads -----------------------------------------------------------------


def namespace(annotated: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "shop", "labels": {"kubernetes.io/metadata.name": "shop"}}
    if annotated:
        meta["annotations"] = {ANNOTATION: "deny"}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta, "spec": {}}


def pod_template(annotated: bool, other_annotations: bool = True) -> dict[str, Any]:
    meta: dict[str, Any] = {"labels": {"app": "web"}}
    annotations = {"linkerd.io/inject": "enabled"} if other_annotations else {}
    if annotated:
        annotations[ANNOTATION] = "all-authenticated"
    if annotations:
        meta["annotations"] = annotations
    return {"metadata": meta, "spec": {"containers": [{"name": "web", "image": "web:1"}]}}


def workload(kind: str, annotated: bool, other_annotations: bool = True) -> dict[str, Any]:
    group = "batch/v1" if kind in ("Job", "CronJob") else "apps/v1"
    template = pod_template(annotated, other_annotations)
    if kind == "CronJob":
        spec: dict[str, Any] = {"schedule": "*/5 * * * *",
                                "jobTemplate": {"spec": {"template": template}}}
    else:
        spec = {"selector": {"matchLabels": {"app": "web"}}, "template": template}
    # The workload's own metadata carries the annotation too, to show it is not what counts.
    return {"apiVersion": group, "kind": kind,
            "metadata": {"name": "web", "namespace": "shop", "annotations": {ANNOTATION: "deny"}},
            "spec": spec}


WORKLOADS = [("deployments", "Deployment"), ("statefulsets", "StatefulSet"),
             ("daemonsets", "DaemonSet"), ("replicasets", "ReplicaSet"), ("jobs", "Job"),
             ("cronjobs", "CronJob")]


@pytest.mark.parametrize("resource, kind", WORKLOADS)
@pytest.mark.parametrize("annotated", [True, False])
@pytest.mark.parametrize("other_annotations", [True, False])
def test_workloads_are_sent_only_when_their_pod_template_carries_the_annotation(
        chart, resource, kind, annotated, other_annotations):
    hooks = entries(chart)
    for name in ("workloads", "workloads-warn"):
        assert sent(hooks[name], resource, workload(kind, annotated, other_annotations)) is annotated


def test_a_cronjob_is_judged_by_its_nested_template_not_a_top_level_one(chart):
    hook = entries(chart)["workloads"]
    cron = workload("CronJob", annotated=False)
    # A stray spec.template on a CronJob is no pod template: not sent.
    cron["spec"]["template"] = pod_template(annotated=True)
    assert sent(hook, "cronjobs", cron) is False
    bare = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
            "spec": {"schedule": "* * * * *"}}
    assert sent(hook, "cronjobs", bare) is False


@pytest.mark.parametrize("annotated", [True, False])
def test_namespaces_are_sent_only_when_annotated(chart, annotated):
    for name in ("workloads", "workloads-warn"):
        assert sent(entries(chart)[name], "namespaces", namespace(annotated)) is annotated


def test_pods_are_not_sent_by_default_and_only_annotated_ones_when_enabled(chart):
    for rule in entries(chart)["workloads"]["rules"]:
        assert "pods" not in rule["resources"]
    hooks = entries(chart, {"webhook": {"workloads": {"pods": True}}})
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "web-1", "namespace": "shop", "annotations": {ANNOTATION: "deny"}},
           "spec": {"containers": []}}
    assert hooks["workloads"]["failurePolicy"] == "Ignore"
    assert sent(hooks["workloads"], "pods", pod) is True
    plain = copy.deepcopy(pod)
    del plain["metadata"]["annotations"]
    assert sent(hooks["workloads"], "pods", plain) is False


def test_policy_kinds_have_no_match_condition(chart):
    for name in ("policy", "policy-warn"):
        assert "matchConditions" not in entries(chart)[name]


def test_without_match_conditions_every_route_and_workload_is_sent(chart):
    hooks = entries(chart, {"webhook": {"useMatchConditions": False}})
    for hook in hooks.values():
        assert "matchConditions" not in hook
    assert sent(hooks["routes"], "httproutes", route("HTTPRoute", OTHER_GATEWAY)) is True
    assert sent(hooks["workloads"], "deployments", workload("Deployment", annotated=False)) is True
    assert hooks["workloads"]["failurePolicy"] == "Ignore"


def test_update_requests_are_judged_on_the_new_object(chart):
    hook = entries(chart)["routes"]
    assert sent(hook, "httproutes", route("HTTPRoute", SERVICE), operation="UPDATE") is True
    assert sent(hook, "httproutes", route("HTTPRoute", GATEWAY), operation="UPDATE") is False


def test_expressions_use_only_standard_cel(chart):
    # No Kubernetes CEL library function (lowerAscii, url, authorizer...): cel-python, which
    # implements only the standard, compiled and ran them above; this pins the helpers used.
    for hook in entries(chart).values():
        for condition in hook.get("matchConditions", []):
            for extension in ("lowerAscii", "upperAscii", "authorizer", "url(", "split(", "quantity("):
                assert extension not in condition["expression"]
