#!/usr/bin/env bash
# Renders the Helm chart with the real Helm engine and checks it: schemas, webhook kinds,
# security settings, certificates. Creates (or reuses) the virtualenv .venv-chart at the repo root.
#
#   bash tests/chart/run.sh [pytest args...]
#
# LPW_BIN=/path/to/linkerd-policy-webhook compares the webhook rules with the binary's
# `kinds --output json`; without it a built binary under .build/ is tried, then the fixture
# tests/chart/expected_kinds.py.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv="$root/.venv-chart"
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$stamp"
fi

cd "$root"
exec "$venv/bin/python" -m pytest "$here" "$@"
