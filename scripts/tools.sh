#!/usr/bin/env bash
# Installs whatever the build and tests need and is missing, at the pinned versions.
# Idempotent: tools already present at the right version are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/versions.env
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for pkg in $DEBIAN_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

wasm_bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (about 2 minutes)"
  # Not --locked: one of its locked dependencies is not on the registry these machines reach.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# The splitter that cuts the release build into parts (scripts/split.sh).
if ! grep -qs "^\"wasm_split_cli_support $WASM_SPLIT_CLI_VERSION " "$HOME/.cargo/.crates.toml" ||
  ! command -v wasm-split-cli >/dev/null; then
  say "installing wasm-split-cli $WASM_SPLIT_CLI_VERSION (about 3 minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary --force
fi

# npm packages, installed exactly as locked, only when the lock changed since the last install.
npm_ci() {
  local dir=$1
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-lock.json" 2>/dev/null; then
    say "installing npm packages in $dir (npm ci)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.installed-lock.json"
  fi
}
npm_ci scripts
npm_ci tests/e2e
# The independent iCalendar checker's Python packages, in a virtual environment of its own,
# installed only when the pinned list changed since the last install.
if ! cmp -s scripts/requirements-ics.txt scripts/.venv/.installed-requirements.txt 2>/dev/null; then
  say "installing the iCalendar checker (Python icalendar, recurring-ical-events) in scripts/.venv"
  python3 -m venv scripts/.venv
  scripts/.venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-ics.txt
  cp scripts/requirements-ics.txt scripts/.venv/.installed-requirements.txt
fi
say "all tools present"
