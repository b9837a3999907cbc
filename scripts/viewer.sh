#!/usr/bin/env bash
# Builds the family viewer (public/family.html and the family_viewer wasm) into a directory:
#   scripts/viewer.sh <out-dir> <hash>
# Release build of the `family_viewer` binary (without the `split` feature: it has no lazy
# parts and needs no relocations), wasm-bindgen for the web, wasm-opt with index.html's guard
# flags, esbuild --bundle --minify; the file names carry the build's hash. Run by scripts/split.sh after
# the app, so `make build` gives dist/family.html.
set -euo pipefail
out=${1:?out dir}
hash=${2:?hash}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
cd "$source_dir"
read -r -a guard <<<"$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)"
cargo build --release --quiet --target wasm32-unknown-unknown --bin family_viewer
raw="${CARGO_TARGET_DIR:-$source_dir/target}/wasm32-unknown-unknown/release/family_viewer.wasm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name "family-$hash" "$raw"
wasm-opt -Oz "${guard[@]}" "$work/family-${hash}_bg.wasm" -o "$out/family-${hash}_bg.wasm"
# --bundle: wasm-bindgen's snippets (inline JS of the crate, e.g. the panic page) go into the
# viewer's one script, so it fetches nothing the app's build also names (and its service worker
# keeps everything it needs offline).
esbuild --bundle --minify --format=esm --log-level=error "$work/family-$hash.js" --outfile="$out/family-$hash.js"
sed "s/{{HASH}}/$hash/g" public/family.html > "$out/family.html"
sed "s/{{HASH}}/$hash/g" public/family-sw.js > "$out/family-sw.js"
cp public/favicon.svg "$out/family-icon.svg"
# Publishes no key: a programme that hosts its own copy replaces it with the one Settings gives.
cp public/family-keys.json "$out/family-keys.json"
echo "viewer.sh: family.html, $(stat -c %s "$out/family-${hash}_bg.wasm") bytes of wasm"
