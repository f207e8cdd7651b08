#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for N seconds (default 60).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 180, scripts/fuzz.sh 30 reader
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New corpus entries go
# to fuzz/corpus/<target>/ (git-ignored beside the committed seeds), crashes to
# fuzz/artifacts/<target>/. Set CARGO_TARGET_DIR to build elsewhere than fuzz/target. Extra
# libFuzzer flags can be passed in FUZZ_FLAGS. The core forbids unsafe code, so targets build
# without AddressSanitizer by default (several times more executions); FUZZ_SANITIZER=address
# turns it back on. Exits non-zero if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^adstrip-fuzz$')
fi

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: needs the nightly toolchain and cargo-fuzz: rustup toolchain install nightly && cargo install cargo-fuzz" >&2
  exit 2
fi

dir_args=()
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  dir_args=(--target-dir "$CARGO_TARGET_DIR")
fi

failed=()
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s"
  mkdir -p "fuzz/corpus/$t"
  # shellcheck disable=SC2086
  if ! cargo +nightly fuzz run "${dir_args[@]}" --sanitizer "${FUZZ_SANITIZER:-none}" "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -max_len=200000 -rss_limit_mb=2048 -timeout=30 \
      -print_final_stats=1 ${FUZZ_FLAGS:-}; then
    failed+=("$t")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]} (inputs in fuzz/artifacts/<target>/)" >&2
  exit 1
fi
echo "fuzz.sh: all targets ran ${secs}s without a crash"
