# IOP Planner. `make serve` and `make test` first install whatever is missing (scripts/tools.sh),
# so both work on a brand-new machine and skip tools already present at the pinned version.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/scripts/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER ?= /usr/bin/chromedriver
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test bench fuzz tools build build-unsplit lint test-native test-browser test-e2e test-dates test-unsplit clean

## serve: build the release app and serve it at http://127.0.0.1:8080/
serve: build
	node scripts/serve.mjs dist $(HOST) $(PORT)

## test: every test layer (lint, native, browser, end-to-end on the split build, the unsplit build loaded once)
test: lint test-native test-browser test-e2e test-unsplit
	@echo "make test: all layers passed"

tools:
	@bash scripts/tools.sh

## build: the release app in dist/, cut into parts loaded on demand (the `split` feature;
## scripts/split.sh runs as Trunk's post_build hook), CSS and scripts minified
build: tools
	trunk build --release=true --minify=true --html-output index.html index.split.html

## build-unsplit: one wasm file, no splitter (index.html, a debug build in dist-unsplit/): what
## `trunk build` / `trunk serve` give anyone without wasm-split-cli
build-unsplit: tools
	trunk build --dist dist-unsplit index.html

lint: tools
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --features split -- -D warnings

test-native: tools
	cargo test --lib --test properties --test roster_properties --test session_properties --test family_properties --test backup_properties --test forms_properties --test contrast --test layers
	cargo test --doc
	scripts/.venv/bin/python tests/ics/check.py target/ics-check

## fuzz: restore arbitrary and mutated backup files, 100,000 cases per property (never a panic or a hang)
fuzz: tools
	PROPTEST_CASES=100000 cargo test --release --test backup_properties

test-browser: tools
	cargo test --target wasm32-unknown-unknown --test browser

test-e2e: build
	cd tests/e2e && npx playwright test && node summary.mjs

## test-dates: the e2e suite with the browser's clock on the awkward days (a month's last day,
## the US spring-forward Sunday in New York, 29 February); `make test` runs it on one pinned day
test-dates: build
	cd tests/e2e && E2E_NOW=2027-01-31T22:30:00Z E2E_TZ=UTC npx playwright test
	cd tests/e2e && E2E_NOW=2027-03-14T13:00:00Z E2E_TZ=America/New_York npx playwright test
	cd tests/e2e && E2E_NOW=2028-02-29T09:00:00Z E2E_TZ=Europe/London npx playwright test

## test-unsplit: the unsplit build starts and navigates (a smoke test; the e2e suite runs on the split build)
test-unsplit: build-unsplit
	cd tests/e2e && node unsplit.mjs ../../dist-unsplit

## bench: bundle sizes, start-up (empty and large fixture), interaction latency (inp_*, large fixture), roster rule check, auto-assign, sessions, coverage (native and wasm) and one committed edit on the large fixture; one JSON line per figure
bench: build
	cd tests/e2e && node size.mjs ../../dist
	cargo run --release --quiet --example roster_bench
	WASM_BINDGEN_TEST_TIMEOUT=300 cargo test --release --target wasm32-unknown-unknown --test bench_wasm -- --nocapture 2>/dev/null | grep '^{"bench"'
	mkdir -p $(CURDIR)/target
	cargo run --release --quiet --example roster_bench -- fixture $(CURDIR)/target/large-fixture.json $(CURDIR)/target/large-reference.json
	cd tests/e2e && FIXTURE=$(CURDIR)/target/large-fixture.json REFERENCE=$(CURDIR)/target/large-reference.json node bench.mjs
	cd tests/e2e && FIXTURE=$(CURDIR)/target/large-fixture.json node bench-inp.mjs

clean:
	cargo clean
	rm -rf dist dist-unsplit tests/e2e/test-results
