# adstrip: the one entry point. `make demo` and `make test` set up what they need.
SHELL := bash
export PATH := $(HOME)/.cache/adstrip-tools/bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: all demo test test-native lint wasm build dist e2e bench serve screens clean tools contract corpus-report corpus-report-browser reader-report

all: build

tools:
	scripts/ensure-tools.sh

# ---- the core ---------------------------------------------------------------
# The JS contract the extension imports, generated from rules/rules.toml (a test fails when stale).
contract:
	cargo run -q -- contract > extension/src/contract.gen.js

# The reader on trafilatura's 690 dev pages, page by page (target/reader-report.json).
reader-report:
	@test -f target/trafilatura-dev/trafilatura-dev/evaldata.json || { test -f ../shared/reader/trafilatura-dev.tar.xz && mkdir -p target/trafilatura-dev && tar -xJf ../shared/reader/trafilatura-dev.tar.xz -C target/trafilatura-dev; }
	cargo run -q --release --example reader_report

# Recall per family and language, negatives and article text hidden, over every labelled corpus.
corpus-report:
	cargo run -q --release --example corpus_report -- tests/fixtures/corpus tests/fixtures/corpus-new tests/fixtures/corpus-held tests/fixtures/corpus-fresh tests/fixtures/corpus-fresh2 tests/fixtures/corpus-fresh3 tests/fixtures/corpus-fresh4 tests/fixtures/corpus-fresh5 tests/fixtures/corpus-fresh6 tests/fixtures/corpus-fresh7 tests/fixtures/corpus-fresh8 tests/fixtures/corpus-fresh9 tests/fixtures/corpus-fresh10 tests/fixtures/corpus-fresh11 tests/fixtures/corpus-fresh12 tests/fixtures/corpus-fresh13 tests/fixtures/corpus-fresh14 tests/fixtures/corpus-fresh15 tests/fixtures/corpus-fresh16 tests/fixtures/corpus-fresh17 tests/fixtures/corpus-fresh18 tests/fixtures/corpus-fresh19

# The same measure of the built extension in Chromium, over corpus-new.
corpus-report-browser: build
	scripts/ensure-tools.sh browser npm
	node scripts/corpus-browser.mjs

wasm:
	scripts/ensure-tools.sh wasm npm
	scripts/build-wasm.sh

test-native:
	cargo test --workspace --all-targets
	cargo test --workspace --doc

lint:
	scripts/ensure-tools.sh wasm
	scripts/lint.sh

# ---- the extension ----------------------------------------------------------
build: wasm
	scripts/build-extension.sh

dist: build
	scripts/build-extension.sh --zip

e2e: build
	scripts/ensure-tools.sh browser npm
	scripts/e2e.sh

# ---- entry points -----------------------------------------------------------
demo:
	scripts/demo.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

serve:
	scripts/serve.sh

# Screenshots of every face at 1280 and 400 px, light and dark, into target/screens/ (with
# layout checks); the playground's need target/www, which scripts/serve.sh assembles.
screens: build
	scripts/screens.sh

clean:
	cargo clean
	rm -rf dist node_modules
