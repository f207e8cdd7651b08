#!/usr/bin/env bash
# Installs what the build and tests need, only where it is missing, so a warm machine skips
# it all: the wasm32 target, the wasm-bindgen CLI pinned to Cargo.lock's version, Debian's
# chromium (+ driver) and firefox-esr, geckodriver, and the npm packages.
# Usage: scripts/ensure-tools.sh [rust|wasm|browser|firefox|npm ...]  (no argument: all)
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="${ADSTRIP_TOOLS:-$HOME/.cache/adstrip-tools}"
want() { [ $# -eq 0 ] || [[ " $* " == *" $1 "* ]]; }
parts=("$@")
has() { [ ${#parts[@]} -eq 0 ] && return 0; for p in "${parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

if has wasm; then
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "ensure-tools: adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
  have=$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$version" ]; then
    echo "ensure-tools: building wasm-bindgen-cli $version (10-15 minutes, once per machine)"
    # Not --locked: its lock file wants a crate version the registry here lacks.
    cargo install wasm-bindgen-cli --version "$version" --root "$TOOLS" --force
  fi
fi

if has browser || has firefox; then
  pkgs=()
  if has browser; then
    [ -x /usr/lib/chromium/chromium ] || pkgs+=(chromium)
    command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
  fi
  if has firefox; then
    command -v firefox-esr >/dev/null || pkgs+=(firefox-esr)
  fi
  if [ ${#pkgs[@]} -gt 0 ]; then
    echo "ensure-tools: apt-get install ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
fi

if has firefox; then
  if ! "$TOOLS/bin/geckodriver" --version >/dev/null 2>&1; then
    echo "ensure-tools: building geckodriver (about 4 minutes, once per machine)"
    cargo install geckodriver --version 0.37.1 --locked --root "$TOOLS"
  fi
fi

if has npm; then
  if [ -f package.json ]; then
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      echo "ensure-tools: npm ci"
      npm ci --no-audit --no-fund --loglevel=error
    fi
  fi
fi
