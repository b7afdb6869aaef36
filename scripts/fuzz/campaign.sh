#!/usr/bin/env bash
# A recorded fuzz campaign: every PolicyFuzz target in turn (scripts/fuzz/run.sh) until it reaches FUZZ_RUNS
# executions (default 10,000,000) or FUZZ_SECONDS (default 7200 per target), whichever comes first; then appends a
# table (target, commit, executions, exec/s, crashes, peak RSS) to HARDENING.md under "Fuzz campaigns".
#
# Usage: scripts/fuzz/campaign.sh [TARGET...]   Env: FUZZ_RUNS, FUZZ_SECONDS, FUZZ_TIMEOUT (run.sh), CAMPAIGN_NOTE (a line
# under the table).
# Exit status 1 when any target crashed (the table is appended either way).
set -uo pipefail
cd "$(dirname "$0")/../.."
export FUZZ_RUNS="${FUZZ_RUNS:-10000000}"
export FUZZ_SECONDS="${FUZZ_SECONDS:-7200}"
commit=$(git rev-parse --short HEAD)
dirty=$(git status --porcelain --untracked-files=no | grep -q . && echo "+uncommitted" || true)
bash scripts/fuzz/run.sh "$@"
status=$?
summary=.build-fuzz/fuzz-summary.txt
[ -f "$summary" ] || { echo "no $summary: the fuzz build failed" >&2; exit 1; }
grep -q '^## Fuzz campaigns' HARDENING.md || printf '\n## Fuzz campaigns (`make fuzz-campaign`)\n' >>HARDENING.md
{
    printf '\n%s, commit `%s%s`, budget %s executions or %s s per target (`FUZZ_RUNS=%s FUZZ_SECONDS=%s make fuzz-campaign`):\n\n' \
        "$(date -u +%Y-%m-%d)" "$commit" "$dirty" "$FUZZ_RUNS" "$FUZZ_SECONDS" "$FUZZ_RUNS" "$FUZZ_SECONDS"
    echo '| target | commit | seconds | executions | exec/s | crashes | peak RSS (MB) |'
    echo '| --- | --- | ---: | ---: | ---: | ---: | ---: |'
    awk -v c="$commit$dirty" 'NR > 1 && NF >= 7 && $1 !~ /:$/ { printf "| %s | `%s` | %s | %s | %s | %s | %s |\n", $1, c, $2, $3, $4, $6, $7 }' "$summary"
    [ -z "${CAMPAIGN_NOTE:-}" ] || printf '\n%s\n' "$CAMPAIGN_NOTE"
} >>HARDENING.md
exit $status
