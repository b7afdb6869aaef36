#!/usr/bin/env bash
# scripts/check-comment-figures.sh: fails when a comment in Sources/, Package.swift, the Makefile or mk/ carries a
# benchmark figure (instruction counts, µs, requests/s, "N% more", "A -> B MiB", "cost 12 ..."). Comments say what
# the code does and why; measured figures belong in BENCHMARKS.md, produced by a command. Run by `make test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A comment line: `//`, `///` or `/*`-style continuation in Swift and C, `#` in make files.
figure='[0-9][0-9.,]*[[:space:]]*(k[[:space:]])?(instructions|µs|req/s|requests/s|requests per second)'
figure+='|[0-9]+(-[0-9]+)?[[:space:]]*% (more|less|faster|slower|fewer)'
figure+='|[0-9.]+[[:space:]]*->[[:space:]]*[0-9.]+[[:space:]]*(MiB|MB|KiB|KB|µs|ms|%)'
figure+='|RSS[^.]*[0-9]+[[:space:]]*(MB|MiB|KB|KiB)'
figure+='|[0-9]+(\.[0-9]+)?(x| times) (faster|slower|more|fewer)'
figure+='|(cost|costs|took|gave|saved|saves|measured)[[:space:]]+(about |nearly |~)?[0-9]'

found=$(
    {
        find Sources -name '*.swift' -o -name '*.c' -o -name '*.h' | sort | xargs grep -nHE '^[[:space:]]*(//|/\*|\*)'
        grep -nHE '^[[:space:]]*//' Package.swift
        grep -nHE '^[[:space:]]*#' Makefile mk/*.mk
    } | grep -E "$figure" || true
)
if [[ -n $found ]]; then
    echo "comments carrying benchmark figures (move the figure to BENCHMARKS.md; say what and why here):" >&2
    echo "$found" >&2
    exit 1
fi
echo "no benchmark figures in comments"
