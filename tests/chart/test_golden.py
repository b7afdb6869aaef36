"""`helm template` output compared with goldens (STYLE.md section 9), so every change to the
rendered manifests shows up in review. Generated certificate material is masked.

Rewrite the goldens with `UPDATE_GOLDENS=1 bash tests/chart/run.sh`; a rewriting run fails, so
a forgotten variable never passes.
"""

from __future__ import annotations

import os
import pathlib
import re

import pytest

from conftest import CERT_MODES, render_files

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
CASES = {
    "default": CERT_MODES["helm"],
    "cert-manager": CERT_MODES["certManager"],
    "existing-secret": CERT_MODES["existingSecret"],
    "audit-cronjob": {"audit": {"cronJob": {"enabled": True}}},
}
GENERATED = re.compile(r"^(\s*(?:ca\.crt|tls\.crt|tls\.key|caBundle): ).+$", re.MULTILINE)


def template(chart, values) -> str:
    parts = []
    for name, text in sorted(render_files(chart, values).items()):
        if name.endswith(".yaml") and text.strip():
            parts.append(f"---\n# Source: {name}\n{text.strip()}\n")
    return "".join(parts)


@pytest.mark.parametrize("case", CASES)
def test_template_matches_golden(chart, case):
    rendered = template(chart, CASES[case])
    if "certs" not in CASES[case]:  # the default mode generates its certificates on each render
        rendered = GENERATED.sub(r"\1<generated>", rendered)
    golden = GOLDEN_DIR / f"{case}.yaml"
    if os.environ.get("UPDATE_GOLDENS") == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        golden.write_text(rendered)
        pytest.fail(f"rewrote {golden.name}; run again without UPDATE_GOLDENS")
    assert golden.exists(), f"no golden {golden.name}: run with UPDATE_GOLDENS=1"
    assert rendered == golden.read_text()


def test_rendering_is_deterministic_apart_from_generated_certs(chart):
    for values in CASES.values():
        first, second = (GENERATED.sub("", template(chart, values)) for _ in range(2))
        assert first == second
