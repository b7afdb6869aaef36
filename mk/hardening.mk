# Hardening targets: fuzzing, sanitizers, hostile clients, soak. Included by the Makefile; figures in HARDENING.md.
FUZZ_SECONDS ?= 60
SOAK_SECONDS ?= 60
.PHONY: fuzz fuzz-smoke fuzz-regress test-asan test-tsan

fuzz: deps ## Fuzz each PolicyFuzz target under libFuzzer+ASan for FUZZ_SECONDS (default 60) each
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz/run.sh

fuzz-smoke: deps ## Fuzz each target for 10 s (a quick check that the harnesses build and find nothing)
	FUZZ_SECONDS=10 bash scripts/fuzz/run.sh

fuzz-regress: ## Replay the saved fuzz corpora and crash inputs through a plain debug build of PolicyFuzz
	$(SWIFT) build --product PolicyFuzz
	@for t in http-parser admission json selector watch yaml; do \
		dirs=""; for d in .build-fuzz/corpus/$$t .build-fuzz/artifacts/$$t; do [ -d $$d ] && dirs="$$dirs $$d"; done; \
		.build/debug/PolicyFuzz $$t $$dirs || exit 1; done

test-asan: deps ## The swift test suite under AddressSanitizer (scratch path .build-asan)
	$(SWIFT) test --sanitize=address --scratch-path .build-asan

test-tsan: deps ## The swift test suite under ThreadSanitizer (scratch path .build-tsan)
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan
