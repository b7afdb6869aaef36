"""Every value is documented: a `# --` helm-docs comment in values.yaml (STYLE.md section 9) and
a row in the chart values table of docs/chart.md."""

from __future__ import annotations

import re

import yaml

from conftest import CHART_DIR, ROOT

KEY = re.compile(r"^(\s*)([A-Za-z][\w.-]*):")


def _documented_keys() -> tuple[list[str], list[str]]:
    """(keys with a `# --` comment, every key), as dotted paths, from values.yaml's text."""
    documented, every, path, pending = [], [], [], False
    for line in (CHART_DIR / "values.yaml").read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("# --"):
            pending = True
            continue
        match = KEY.match(line)
        if match and not stripped.startswith("-"):
            path = path[: len(match.group(1)) // 2] + [match.group(2)]
            every.append(".".join(path))
            if pending:
                documented.append(".".join(path))
            pending = False
    return documented, every


def _leaves(values, prefix="") -> list[str]:
    """Dotted paths of scalars, lists and empty maps: the keys a user sets."""
    out = []
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and key not in ("resources", "podSecurityContext",
                                                             "securityContext", "nodeSelector"):
            out.extend(_leaves(value, path + "."))
        else:
            out.append(path)
    return out


def test_every_settable_value_has_a_helm_docs_comment():
    documented, _ = _documented_keys()
    values = yaml.safe_load((CHART_DIR / "values.yaml").read_text())
    assert sorted(set(_leaves(values)) - set(documented)) == []


def test_every_documented_value_is_in_the_docs_table():
    documented, _ = _documented_keys()
    table = (ROOT / "docs" / "chart.md").read_text()
    assert [k for k in documented if f"| `{k}` |" not in table] == []
