"""`audit --output policyreport` writes reports that the wgpolicyk8s.io v1alpha2 CRDs accept,
with no field the API server would prune: the committed golden output of the Swift suite's mixed
cluster (AuditLiveTests asserts the command writes exactly this file) is validated here."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

HERE = Path(__file__).parent / "policyreport"
GOLDEN = HERE / "audit-mixed-cluster.yaml"
CRDS = {
    "PolicyReport": HERE / "wgpolicyk8s.io_policyreports.yaml",
    "ClusterPolicyReport": HERE / "wgpolicyk8s.io_clusterpolicyreports.yaml",
}


def strict(schema: Any) -> Any:
    """The schema with unknown members refused wherever it lists properties: kubectl apply would
    silently prune a field the CRD does not declare, so a report must not rely on one."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


def v1alpha2_schema(kind: str) -> tuple[dict[str, Any], str]:
    crd = yaml.safe_load(CRDS[kind].read_text())
    version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1alpha2")
    schema = copy.deepcopy(version["schema"]["openAPIV3Schema"])
    # metadata is `type: object` in the CRD: the API server checks it, not the schema.
    schema["properties"]["metadata"] = {"type": "object"}
    return strict(schema), crd["spec"]["scope"]


def documents() -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(GOLDEN.read_text()) if doc is not None]


def test_golden_holds_one_cluster_report_and_one_report_per_namespace() -> None:
    kinds = [(doc["kind"], doc["metadata"].get("namespace")) for doc in documents()]
    assert kinds == [("ClusterPolicyReport", None), ("PolicyReport", "other"), ("PolicyReport", "shop")]


@pytest.mark.parametrize("index", range(3))
def test_report_validates_against_the_crd_schema(index: int) -> None:
    doc = documents()[index]
    schema, scope = v1alpha2_schema(doc["kind"])
    jsonschema.validate(doc, schema, cls=jsonschema.Draft7Validator)
    assert doc["apiVersion"] == "wgpolicyk8s.io/v1alpha2"
    assert ("namespace" in doc["metadata"]) == (scope == "Namespaced")


def test_summary_counts_the_results_by_outcome() -> None:
    for doc in documents():
        results = doc["results"]
        assert doc["summary"]["fail"] == sum(1 for r in results if r["result"] == "fail")
        assert doc["summary"]["warn"] == sum(1 for r in results if r["result"] == "warn")
        assert all(r["policy"] == "linkerd-policy-webhook" for r in results)
    assert [doc["summary"]["pass"] for doc in documents()] == [1, 1, 5]


def test_a_wrong_field_is_refused_by_the_strict_schema() -> None:
    """The validation can fail: a result field the CRD does not declare is refused."""
    doc = copy.deepcopy(documents()[2])
    doc["results"][0]["resource"] = {"kind": "Server"}
    schema, _ = v1alpha2_schema(doc["kind"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema, cls=jsonschema.Draft7Validator)
