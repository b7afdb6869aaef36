#!/usr/bin/env bash
# Builds scripts/sanitizers/tsan-mutex-evidence.swift under ThreadSanitizer and runs it with both locks: prints each
# total and the number of TSan warnings. Expected: both totals 400000; warnings only for `mutex`.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"${SWIFTC:-swiftc}" -O -sanitize=thread tsan-mutex-evidence.swift -o "$out/evidence"
for lock in mutex pthread; do
    log=$(TSAN_OPTIONS=halt_on_error=0 "$out/evidence" "$lock" 2>&1 || true)
    echo "$(echo "$log" | grep total): $(echo "$log" | grep -c 'WARNING: ThreadSanitizer' || true) TSan warning(s)"
done
