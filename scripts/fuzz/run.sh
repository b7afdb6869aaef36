#!/usr/bin/env bash
# Runs each PolicyFuzz target under libFuzzer for a bounded time and reports executions and crashes.
#
# Usage: scripts/fuzz/run.sh [TARGET...]   (default: all seven)
# Env:   FUZZ_SECONDS (per target, default 60), FUZZ_RUNS (per target: stop after this many executions, if it comes
#        before FUZZ_SECONDS; unset: time only), FUZZ_TIMEOUT (seconds one input may take, default 10: wall time,
#        so raise it on a machine busy enough to starve the fuzzer), FUZZ_SHARED (default ../shared), SWIFT
#        (default swift).
# Output: corpora grow in .build-fuzz/corpus/<target>, crash inputs land in .build-fuzz/artifacts/<target>/,
#         the summary table in .build-fuzz/fuzz-summary.txt. Exit status 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
RUNS_PER_TARGET="${FUZZ_RUNS:-}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
RUNS_FLAG=()
[ -z "$RUNS_PER_TARGET" ] || RUNS_FLAG=(-runs="$RUNS_PER_TARGET")
SHARED="${FUZZ_SHARED:-../shared}"
SWIFT="${SWIFT:-swift}"
SCRATCH=.build-fuzz
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(http-parser admission json selector regex watch yaml)

echo "== building PolicyFuzz with -sanitize=fuzzer,address (scratch $SCRATCH)"
"$SWIFT" build -c release --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
    --product PolicyFuzz 2>&1 | grep -Ev "Cannot export local symbol '__asan_extra_spill_area'" | tail -n 2
BIN="$SCRATCH/release/PolicyFuzz"

echo "== seeding corpora"
python3 scripts/fuzz/seed-corpus.py "$SCRATCH/corpus" "$SHARED"

# The longest input worth mutating, per target: a few times the largest limit the harness sets (past it an input only
# repeats the "too large" path, and long inputs slow every execution). admission keeps room for real review bodies.
max_len_for() {
    case "$1" in
        regex) echo 1024 ;;          # RegexFuzz.maximumPatternBytes: longer patterns are skipped
        http-parser) echo 4096 ;;    # head limit 512 B + body limit 1 KiB, pipelined or split
        watch) echo 8192 ;;          # head limit 256 B + events of at most 2 KiB
        selector) echo 8192 ;;
        json|yaml) echo 16384 ;;
        *) echo 65536 ;;
    esac
}

SUMMARY="$SCRATCH/fuzz-summary.txt"
printf '%-12s %8s %12s %10s %8s %8s %12s\n' target seconds executions exec/s corpus crashes peak-rss-mb | tee "$SUMMARY"
status=0
for target in "${TARGETS[@]}"; do
    mkdir -p "$SCRATCH/artifacts/$target"
    log="$SCRATCH/fuzz-$target.log"
    # -timeout: one input may take at most FUZZ_TIMEOUT s (a hang is a finding); -rss_limit_mb bounds memory per input.
    # -detect_leaks=0: LeakSanitizer reports Swift's lazily initialised globals (whose pointers carry enum tag
    # bits it does not recognise) as leaks on the first input that touches them; leaks are checked by
    # `make test-asan` (LeakSanitizer) instead. malloc_context_size=2: ASan records two frames per allocation instead of
    # thirty (unwinding at every allocation is a sixth of a run's time); a crash input replayed by this binary without
    # ASAN_OPTIONS reports the full allocation stack. SWIFT_BACKTRACE=enable=no keeps Swift's crash handler from reading memory
    # under ASan after a trap.
    set +e
    ASAN_OPTIONS=detect_leaks=0:malloc_context_size=2 SWIFT_BACKTRACE=enable=no FUZZ_TARGET="$target" "$BIN" "$SCRATCH/corpus/$target" \
        -max_total_time="$SECONDS_PER_TARGET" "${RUNS_FLAG[@]}" -timeout="$TIMEOUT" -rss_limit_mb=2048 -max_len="$(max_len_for "$target")" \
        -artifact_prefix="$SCRATCH/artifacts/$target/" -print_final_stats=1 -detect_leaks=0 -close_fd_mask=3 >"$log" 2>&1
    rc=$?
    set -e
    # A run that ends on a finding prints no "Done" line: each figure may be missing (`|| true`, or pipefail
    # would end the script before the target's row is written).
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n1 || true)
    [ -n "$runs" ] || runs=$(grep -Eo '^#[0-9]+' "$log" | tail -n1 | tr -d '#' || true)
    speed=$(grep -Eo 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n1 || true)
    rss=$(grep -Eo 'stat::peak_rss_mb: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n1 || true)
    elapsed=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -Eo '[0-9]+ second' | grep -Eo '[0-9]+' | tail -n1 || true)
    corpus=$(find "$SCRATCH/corpus/$target" -type f | wc -l)
    crashes=$(find "$SCRATCH/artifacts/$target" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    printf '%-12s %8s %12s %10s %8s %8s %12s\n' "$target" "${elapsed:-$SECONDS_PER_TARGET}" "${runs:-?}" "${speed:-?}" \
        "$corpus" "$crashes" "${rss:-?}" | tee -a "$SUMMARY"
    if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        status=1
        echo "   $target: libFuzzer exited $rc; see $log and $SCRATCH/artifacts/$target/" | tee -a "$SUMMARY"
        grep -E 'invariant violated|ERROR: AddressSanitizer|Fatal error|deadly signal' "$log" | head -n 3 | sed 's/^/   /' || true
    fi
done
exit $status
