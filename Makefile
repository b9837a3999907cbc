# IOP Planner. `make serve` and `make test` first install whatever is missing (scripts/tools.sh),
# so both work on a brand-new machine and skip tools already present at the pinned version.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/scripts/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER ?= /usr/bin/chromedriver
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test bench tools build lint test-native test-browser test-e2e clean

## serve: build the release app and serve it at http://127.0.0.1:8080/
serve: build
	node scripts/serve.mjs dist $(HOST) $(PORT)

## test: every test layer (lint, native, browser, end-to-end)
test: lint test-native test-browser test-e2e
	@echo "make test: all layers passed"

tools:
	@bash scripts/tools.sh

build: tools
	trunk build --release

lint: tools
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native: tools
	cargo test --lib --test properties --test roster_properties --test session_properties --test contrast

test-browser: tools
	cargo test --target wasm32-unknown-unknown --test browser

test-e2e: build
	cd tests/e2e && npx playwright test && node summary.mjs

## bench: bundle sizes, start-up (empty and large fixture), interaction latency (inp_*, large fixture), roster rule check, auto-assign, sessions, coverage (native and wasm) and one committed edit on the large fixture; one JSON line per figure
bench: build
	cargo run --release --quiet --example roster_bench
	cargo test --release --target wasm32-unknown-unknown --test bench_wasm -- --nocapture 2>/dev/null | grep '^{"bench"'
	mkdir -p $(CURDIR)/target
	cargo run --release --quiet --example roster_bench -- fixture $(CURDIR)/target/large-fixture.json $(CURDIR)/target/large-reference.json
	cd tests/e2e && FIXTURE=$(CURDIR)/target/large-fixture.json REFERENCE=$(CURDIR)/target/large-reference.json node bench.mjs
	cd tests/e2e && FIXTURE=$(CURDIR)/target/large-fixture.json node bench-inp.mjs

clean:
	cargo clean
	rm -rf dist tests/e2e/test-results
