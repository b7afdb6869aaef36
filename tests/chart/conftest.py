"""Shared helpers: render the chart with Helm's own engine and look objects up in the result."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
from typing import Any

import helm_python as helm
import pytest
import yaml

from expected_kinds import EXPECTED_AUDIT_RESOURCES, EXPECTED_KINDS

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHART_DIR = ROOT / "charts" / "linkerd-policy-webhook"
RELEASE = "linkerd-policy-webhook"
NAMESPACE = "linkerd-policy"
FULLNAME = "linkerd-policy-webhook"

# Values that select each certificate mode; no value is needed for the default.
CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"
CERT_MODES: dict[str, dict[str, Any]] = {
    "helm": {},
    "certManager": {"certs": {"mode": "certManager"}},
    "certManagerExternalIssuer": {
        "certs": {"mode": "certManager",
                  "certManager": {"issuerRef": {"name": "corp-ca", "kind": "ClusterIssuer",
                                                "group": "cert-manager.io"}}}
    },
    "existingSecret": {"certs": {"mode": "existingSecret",
                                 "existingSecret": {"name": "webhook-tls", "caBundle": CA_PEM}}},
}


@pytest.fixture(scope="session")
def chart() -> helm.Chart:
    loaded = helm.Chart.load(CHART_DIR)
    yield loaded
    loaded.close()


def render_files(chart: helm.Chart, values: dict[str, Any] | None = None,
                 namespace: str = NAMESPACE) -> dict[str, str]:
    """Rendered template text by file name, as `helm template` would produce (no cluster)."""
    return chart.render(values=values or {}, name=RELEASE, namespace=namespace, is_install=True)


def render(chart: helm.Chart, values: dict[str, Any] | None = None,
           namespace: str = NAMESPACE) -> list[dict[str, Any]]:
    """Every object the chart renders, in file order."""
    objects: list[dict[str, Any]] = []
    for name, text in sorted(render_files(chart, values, namespace).items()):
        if not name.endswith(".yaml"):
            continue
        objects.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return objects


def one(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    """The single object of `kind` (and `name`, when given)."""
    found = [o for o in objects
             if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook container of the Deployment."""
    containers = one(objects, "Deployment")["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["webhook"]
    return containers[0]


def _built_binary() -> pathlib.Path | None:
    for candidate in (ROOT / ".build/release/linkerd-policy-webhook",
                      ROOT / ".build/debug/linkerd-policy-webhook"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _json_from(binary: pathlib.Path, arguments: list[str]) -> list[dict[str, Any]]:
    out = subprocess.run([str(binary), *arguments], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return json.loads(out)


def _resolve(arguments: list[str], fixture: list[dict[str, Any]],
             fixture_name: str) -> tuple[list[dict[str, Any]], str]:
    """The binary's JSON answer to `arguments`, or `fixture` when no binary can give it."""
    command = " ".join(arguments)
    explicit = os.environ.get("LPW_BIN")
    if explicit:
        # Asked for explicitly: any failure is a test failure, never a silent fallback.
        return _json_from(pathlib.Path(explicit), arguments), f"binary {explicit} (LPW_BIN) `{command}`"
    built = _built_binary()
    if built is not None:
        try:
            return _json_from(built, arguments), f"binary {built.relative_to(ROOT)} `{command}`"
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, json.JSONDecodeError):
            pass  # a build from before that subcommand or flag existed
    return fixture, (f"fixture tests/chart/expected_kinds.py {fixture_name} "
                     f"(no binary answers `{command}`; set LPW_BIN)")


SERVER_KINDS, SERVER_KINDS_SOURCE = _resolve(["kinds", "--output", "json"], EXPECTED_KINDS, "EXPECTED_KINDS")
# The collections `audit` lists, which its RBAC role must allow.
AUDIT_RESOURCES, AUDIT_RESOURCES_SOURCE = _resolve(
    ["audit", "--print-resources", "--output", "json"], EXPECTED_AUDIT_RESOURCES, "EXPECTED_AUDIT_RESOURCES")


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"helm engine: Helm SDK {helm.helm_sdk_version()} via libhelm_c {helm.helm_c_version()}",
            f"webhook kinds compared with: {SERVER_KINDS_SOURCE}",
            f"audit resources compared with: {AUDIT_RESOURCES_SOURCE}"]
