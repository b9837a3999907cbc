#!/usr/bin/env bash
# Trunk post_build hook: cuts a `split` release build into wasm parts loaded on demand.
#
# A wasm built with the `split` cargo feature (index.split.html, `make build`) imports
# `__wasm_split_placeholder__` and cannot start as Trunk leaves it. This hook runs, on the raw
# rustc output (linked with --emit-relocs by build.rs when the feature is on):
#   wasm-split-cli   -> the main module, one part per `#[lazy]` function, shared chunks, and
#                       __wasm_split.js (the loader);
#   wasm-bindgen     --keep-lld-exports on the main module (the parts use its exports);
#   wasm-opt -Oz     on every part, with index.html's guard flags (Trunk's own wasm-opt is off:
#                    data-wasm-opt="0");
#   esbuild --minify on the main script and the loader.
# Every part's name carries the build's hash, so long-lived caches never mix two builds.
# Builds without the feature (plain `trunk build`, `trunk serve`) are left untouched.
set -euo pipefail

staging=${TRUNK_STAGING_DIR:?run by Trunk as a post_build hook}
source_dir=${TRUNK_SOURCE_DIR:-$(pwd)}
shopt -s nullglob
scripts=(); for f in "$staging"/iop_planner-*.js; do scripts+=("$f"); done
[ ${#scripts[@]} -eq 1 ] || { echo "split.sh: expected one iop_planner-*.js in $staging" >&2; exit 1; }
main_js=${scripts[0]}
grep -q "__wasm_split_placeholder__" "$main_js" || exit 0

if [ "${TRUNK_PROFILE:-}" != release ]; then
  echo "split.sh: the split feature needs a release build (trunk build --release)" >&2
  exit 1
fi
for tool in wasm-split-cli wasm-bindgen wasm-opt esbuild; do
  command -v "$tool" >/dev/null || { echo "split.sh: $tool is missing: run scripts/tools.sh" >&2; exit 1; }
done

stem=$(basename "$main_js" .js)      # iop_planner-<hash>
hash=${stem#iop_planner-}
raw="${CARGO_TARGET_DIR:-$source_dir/target}/wasm32-unknown-unknown/release/iop_planner.wasm"
# The same guard flags as the unsplit build, read from index.html so they live in one place.
read -r -a guard <<<"$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' "$source_dir/index.html")"
[ ${#guard[@]} -gt 0 ] || { echo "split.sh: no data-wasm-opt-params in index.html" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli --target web --out-name "$stem" "$raw" "$work/split"
wasm-bindgen --target web --keep-lld-exports --no-demangle --out-dir "$work/bindgen" \
  --out-name "$stem" "$work/split/$stem.wasm"
rm "$work/split/$stem.wasm"

# Parts and loader get the build hash in their names; the loader and the main script are
# rewritten to match.
for part in "$work/split"/*.wasm; do
  name=$(basename "$part" .wasm)
  mv "$part" "$work/split/$name-$hash.wasm"
done
# The loader's comments (which functions share each chunk) are dropped: they are downloaded
# before the first render.
sed -i -E -e "s#\"\./([A-Za-z0-9_]+)\.wasm\"#\"./\1-$hash.wasm\"#g" -e '\#^/\*.*\*/$#d' \
  "$work/split/__wasm_split.js"
# Only the module specifiers: the import object's keys must stay the names the wasm imports.
sed -i "s#from \"\./__wasm_split\.js\"#from \"./__wasm_split-$hash.js\"#g" "$work/bindgen/$stem.js"
# Both scripts are fetched before the first render: minified (esbuild, from scripts/package.json).
# `--log-level=error`: wasm-bindgen's import object repeats one key on purpose.
esbuild --minify --format=esm --log-level=error "$work/split/__wasm_split.js" \
  --outfile="$staging/__wasm_split-$hash.js"
esbuild --minify --format=esm --log-level=error "$work/bindgen/$stem.js" --outfile="$main_js"
mv "$work/bindgen/${stem}_bg.wasm" "$work/split/"

# wasm-opt on every part, two at a time (the machines have two cores). Its output is shown only
# on failure: every part repeats the same harmless warning about the splitter's name section.
export staging
# Largest first, so the two queues end together.
ls -S "$work/split"/*.wasm | tr '\n' '\0' | xargs -0 -P 2 -I{} sh -c '
  out=$(wasm-opt -Oz "$@" "{}" -o "$staging/$(basename "{}")" 2>&1) || { echo "$out" >&2; exit 1; }
' sh "${guard[@]}"
echo "split.sh: $(ls "$work/split" | wc -l) wasm parts"
bash "$source_dir/scripts/viewer.sh" "$staging" "$hash"
node "$source_dir/scripts/pwa.mjs" "$staging" "$hash"
