# Hardening targets: fuzzing, sanitizers, hostile clients, soak. Included by the Makefile; figures in HARDENING.md.
FUZZ_SECONDS ?= 60
SOAK_SECONDS ?= 60
.PHONY: fuzz fuzz-smoke fuzz-campaign fuzz-regress test-asan test-tsan

fuzz: deps ## Fuzz each PolicyFuzz target under libFuzzer+ASan for FUZZ_SECONDS (default 60) each
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz/run.sh

fuzz-smoke: deps ## Fuzz each target for 10 s (a quick check that the harnesses build and find nothing)
	FUZZ_SECONDS=10 bash scripts/fuzz/run.sh

fuzz-campaign: deps ## Every fuzz target to FUZZ_RUNS executions (default 10M) or FUZZ_SECONDS (default 7200) each; appends the table to HARDENING.md
	bash scripts/fuzz/campaign.sh

fuzz-regress: ## Replay the saved fuzz corpora and crash inputs through a plain debug build of PolicyFuzz
	$(SWIFT) build --product PolicyFuzz
	@for t in http-parser admission json selector regex watch yaml; do \
		dirs=""; for d in .build-fuzz/corpus/$$t .build-fuzz/artifacts/$$t; do [ -d $$d ] && dirs="$$dirs $$d"; done; \
		.build/debug/PolicyFuzz $$t $$dirs || exit 1; done

test-asan: deps ## The swift test suite under AddressSanitizer + LeakSanitizer (scratch path .build-asan)
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/sanitizers/lsan.supp:print_suppressions=0 \
		$(SWIFT) test --sanitize=address --scratch-path .build-asan

test-tsan: deps ## The swift test suite under ThreadSanitizer (scratch path .build-tsan)
	TSAN_OPTIONS=suppressions=$(CURDIR)/scripts/sanitizers/tsan.supp:halt_on_error=0 \
		$(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# Hostile clients (scripts/hostile/hostile.py): each starts the release server on 127.0.0.1, attacks it for
# ATTACK_SECONDS (default 20) while legitimate reviews keep flowing, prints one JSON line, and stops by itself.
ATTACK_SECONDS ?= 20
HOSTILE = python3 scripts/hostile/hostile.py
.PHONY: hostile hostile-slowloris hostile-idle-flood hostile-oversized hostile-garbage hostile-half-close \
	hostile-reset hostile-metric-labels hostile-trickle hostile-partial-bodies hostile-max soak rotation

hostile: release certs ## Every hostile-client attack in turn, then certificate rotation (JSON lines)
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) all
hostile-slowloris: release ## 1,000 TLS connections sending a header byte per second, with legitimate traffic
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) slowloris
hostile-idle-flood: release ## 10,000 idle TCP connections (no handshake), with legitimate traffic
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) idle-flood
hostile-oversized: release ## Oversized heads, header counts, Content-Length and chunked bodies
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) oversized
hostile-garbage: release ## Garbage before, during and after the TLS handshake; plaintext HTTP on the TLS port
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) garbage
hostile-half-close: release ## TCP half-close before the handshake, mid-head and after a full request
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) half-close
hostile-reset: release ## RST (SO_LINGER 0) mid-handshake, mid-head, mid-body and after a request
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) reset
hostile-metric-labels: release ## Reviews with random 1 KiB (and 1 MiB) kinds and operations; /metrics size and scrape time, /healthz latency
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) metric-labels
hostile-trickle: release ## 18 of --max-connections 20 sending a body byte every 5 s; 408s, their delay, and two reconnecting clients
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) trickle
hostile-partial-bodies: release ## 45 connections each holding a 7 MiB body but its last byte, budget 64Mi (a 256Mi limit's); peak RSS
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) partial-bodies
hostile-max: release ## Closed-loop maximum rate this client reaches (16 keep-alive connections, 2 processes)
	ATTACK_SECONDS=10 $(HOSTILE) max
soak: release ## 80% of the measured maximum for SOAK_SECONDS (default 60; 300 for issue 6), sampling RSS and fds
	SOAK_SECONDS=$(SOAK_SECONDS) $(HOSTILE) soak
rotation: release ## Certificate and key swapped every second for ATTACK_SECONDS under load: zero failures expected
	ATTACK_SECONDS=$(ATTACK_SECONDS) $(HOSTILE) rotation

# API-server outage (Tests/KubeClientTests/APIServerUnreachableTests.swift): the fake API server refuses connections
# for OUTAGE_SECONDS while its cluster changes, with the reflectors' backoff capped at OUTAGE_MAX_BACKOFF_MS (30 s,
# the cap `serve` runs with). The test prints one "outage:" JSON line of figures; `swift test` runs it for 3 s.
OUTAGE_SECONDS ?= 600
OUTAGE_MAX_BACKOFF_MS ?= 30000
.PHONY: outage

outage: deps ## The fake API server unreachable for OUTAGE_SECONDS (default 600, issue 6) with a 30 s backoff cap; prints figures
	$(SWIFT) build --build-tests
	LPW_OUTAGE_SECONDS=$(OUTAGE_SECONDS) LPW_OUTAGE_MAX_BACKOFF_MS=$(OUTAGE_MAX_BACKOFF_MS) \
		$(SWIFT) test --skip-build --filter APIServerUnreachableTests
