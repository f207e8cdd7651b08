# adstrip: the one entry point. `make demo` and `make test` set up what they need.
SHELL := bash
export PATH := $(HOME)/.cache/adstrip-tools/bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: all demo test test-native lint wasm build dist e2e bench serve clean tools

all: build

tools:
	scripts/ensure-tools.sh

# ---- the core ---------------------------------------------------------------
wasm:
	scripts/ensure-tools.sh wasm npm
	scripts/build-wasm.sh

test-native:
	cargo test --all-targets
	cargo test --doc

lint:
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features reader -- -D warnings

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

clean:
	cargo clean
	rm -rf dist node_modules
