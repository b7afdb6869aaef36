"""The image recipe: linted by hadolint and shaped as the chart expects (no Docker engine runs
on these machines, so the image itself is not built here)."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys

from conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(pathlib.Path(sys.executable).parent / "hadolint")
    return found


def test_hadolint_is_clean():
    result = subprocess.run([_hadolint(), "--no-color", str(DOCKERFILE)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_multi_stage_release_build_and_slim_non_root_runtime():
    text = DOCKERFILE.read_text()
    assert "ARG SWIFT_IMAGE=swift:6.3-" in text
    assert re.search(r"^FROM \$\{SWIFT_IMAGE\} AS build$", text, re.MULTILINE)
    assert ("swift build -c release --product linkerd-policy-webhook --static-swift-stdlib"
            in text)
    runtime = text.split("FROM ${RUNTIME_IMAGE}", 1)[1]
    installs = re.search(r"apt-get install -y --no-install-recommends ([^\\\n]+)", runtime)
    assert installs and installs.group(1).split() == ["libssl3", "ca-certificates"]
    assert "USER 65532:65532" in runtime
    assert 'ENTRYPOINT ["/usr/local/bin/linkerd-policy-webhook"]' in runtime


def test_chart_runs_as_the_image_user(chart):
    assert chart.values["podSecurityContext"]["runAsUser"] == 65532


def test_dockerignore_keeps_the_context_small():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".build", ".venv*", "charts", "tests"):
        assert entry in ignored


def test_dependencies_resolve_from_the_committed_package_resolved():
    text = DOCKERFILE.read_text()
    build = text.split("FROM ${RUNTIME_IMAGE}", 1)[0]
    copy = build.index("COPY Package.swift Package.resolved ./")
    resolve = build.index("RUN swift package resolve --force-resolved-versions")
    assert copy < resolve < build.index("COPY Sources ./Sources")
    assert "Package.resolved" not in (ROOT / ".gitignore").read_text().split()
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "Package.resolved"], cwd=ROOT,
                             capture_output=True, text=True)
    assert tracked.returncode == 0, "Package.resolved is not committed"
    assert "Package.resolved" not in (ROOT / ".dockerignore").read_text().split()
