# linkerd-policy-webhook: `make help` lists the targets.
SWIFT ?= swift
BIN_DEBUG := .build/debug/linkerd-policy-webhook
BIN_RELEASE := .build/release/linkerd-policy-webhook
CASES ?= ../shared/conformance/cases
RULE8_CASES ?= ../shared/conformance/cases-rule8
INVENTORY ?= examples/inventory.yaml
# Release builds link the Swift runtime and Foundation statically, as the image does (Dockerfile): what is
# benchmarked is what ships, and the process maps no Swift shared libraries, which lowers its idle memory. The
# command's own linker settings (Package.swift) pack its relocations and export no symbols, and `serve` parks
# its main thread instead of ending it, for the same reason (figures: BENCHMARKS.md, "Measured design decisions").
RELEASE_FLAGS := -c release --static-swift-stdlib
# Release-mode tests (the cache benchmark) build apart, so they do not relink .build/release dynamically.
RELEASE_TESTS_DIR := .build-release-tests

.DEFAULT_GOAL := help

# Further targets (hardening, fuzzing) live in mk/*.mk.
-include mk/*.mk
.PHONY: help deps build release test conformance chart-test comment-figures allocation-guard certs run check-examples bench bench-cache clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

deps: ## Install the system packages the build and tests need (Debian; idempotent)
	@missing=""; \
	pkg-config --exists openssl 2>/dev/null || missing="$$missing libssl-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps ## Debug build
	$(SWIFT) build

release: deps ## Release build
	$(SWIFT) build $(RELEASE_FLAGS) --product linkerd-policy-webhook

test: deps ## The whole test suite: unit, fixtures, live TLS, the conformance replay, the chart, comments and allocations
	$(SWIFT) build --build-tests
	$(SWIFT) test
	@if [ -d "$(CASES)" ]; then $(MAKE) --no-print-directory conformance; else echo "no $(CASES): conformance replay skipped"; fi
	$(MAKE) --no-print-directory chart-test
	$(MAKE) --no-print-directory comment-figures
	$(MAKE) --no-print-directory allocation-guard

conformance: ## Replay ../shared/conformance/cases (and cases-rule8, rule 8) through the in-process admission handler
	$(SWIFT) build --product linkerd-policy-webhook
	$(BIN_DEBUG) replay $(CASES)
	$(BIN_DEBUG) replay $(RULE8_CASES)

chart-test: ## Render the Helm chart with Helm's engine and validate it (Python venv in .venv-chart)
	$(SWIFT) build --product linkerd-policy-webhook
	LPW_BIN=$(BIN_DEBUG) bash tests/chart/run.sh -q

comment-figures: ## Fail when a comment in Sources/, Package.swift, the Makefile or mk/ carries a benchmark figure
	bash scripts/check-comment-figures.sh

allocation-guard: deps ## Fail when a review allocates more than Tests/allocation-limits.txt allows (release PolicyBench)
	$(SWIFT) build $(RELEASE_FLAGS) --product PolicyBench
	.build/release/PolicyBench --sections allocations --bodies examples/reviews --inventory $(INVENTORY) \
		--allocation-limits Tests/allocation-limits.txt

certs: ## Create a dev CA and serving certificate in certs/out (ECDSA P-256; skipped when present)
	bash certs/generate.sh certs/out

run: release certs ## Serve on https://127.0.0.1:9443 with the example inventory
	@echo "Try: curl --cacert certs/out/ca.crt -H 'Content-Type: application/json' --data-binary @examples/reviews/server-create.json https://localhost:9443/validate"
	$(BIN_RELEASE) serve --server-addr 127.0.0.1:9443 --admin-addr 127.0.0.1:9990 \
		--server-tls-certs certs/out/server.crt --server-tls-key certs/out/server.key --inventory $(INVENTORY)

check-examples: build ## Run `check` over the example manifests
	$(BIN_DEBUG) check -f examples/manifests --inventory $(INVENTORY)

bench: ## Benchmarks (release build); figures go to BENCHMARKS.md
	RELEASE_FLAGS="$(RELEASE_FLAGS)" RELEASE_TESTS_DIR=$(RELEASE_TESTS_DIR) bash scripts/bench.sh

bench-cache: ## Cache benchmarks (release tests): 150,000 pods + 10,000 Servers synced from the fake API server, reviews with and without 1,000 pod events/s; 500,000 churning pod events with 10,000 live
	SWT_SWIFT_ERROR_BACKTRACING_ENABLED=0 LPW_BENCH=1 $(SWIFT) test -c release --scratch-path $(RELEASE_TESTS_DIR) --no-parallel --filter "Cache(Churn)?Benchmark"

clean: ## Remove build output
	rm -rf .build $(RELEASE_TESTS_DIR)
