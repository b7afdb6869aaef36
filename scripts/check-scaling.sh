#!/usr/bin/env bash
# `check` against N Servers in one namespace (default 5000 and 10000), every Server on the same port with its own
# `app` label (the worst case of the overlap rule before its index) and spread over 50 ports; prints wall time and
# peak RSS per run. Usage: scripts/check-scaling.sh [BIN] [N...]
set -euo pipefail
bin=${1:-.build/release/linkerd-policy-webhook}
shift || true
sizes=("${@:-5000 10000}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in ${sizes[@]}; do
    for layout in same-port 50-ports; do
        python3 - "$n" "$layout" > "$work/servers.yaml" <<'PY'
import sys
n, layout = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    port = 8080 if layout == "same-port" else 8000 + i % 50
    print(f"---\napiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {{name: s{i}, namespace: big}}\n"
          f"spec:\n  podSelector: {{matchLabels: {{app: a{i}}}}}\n  port: {port}")
PY
        /usr/bin/time -f "$n Servers, $layout: %e s, %M KB peak RSS" "$bin" check -f "$work/servers.yaml" > /dev/null
    done
done
