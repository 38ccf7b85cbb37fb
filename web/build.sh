#!/usr/bin/env bash
# Builds the web page into dist/: index.html, the app as WebAssembly and its JS glue, what
# makes it work offline once opened (a service worker, a web-app manifest and its icon), and a
# brotli and a gzip copy of each file for static hosts that serve precompressed files.
# From a clean checkout it installs what it needs by version: the wasm32 target (rustup) and
# wasm-bindgen-cli matching Cargo.lock (cargo install). Prints the size of everything the page
# downloads, raw, gzip and brotli.
#
# WASM_OPT=1 also runs binaryen's `wasm-opt -Oz` (npm, web/package.json). Measured on this
# app: 16.6 -> 14.5 MB raw but 4.75 -> 4.73 MB gzip, for 11 minutes on 2 cores; the size
# profile (opt-level z, fat LTO, one codegen unit) already does the work, so it is off by
# default and CI does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
out=dist

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wb_version="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
    echo "== installing wasm-bindgen-cli $wb_version"
    # --locked fails on this registry mirror (a locked dependency version is missing).
    cargo install wasm-bindgen-cli --version "$wb_version"
fi

# binaryen from npm (Debian 12's wasm-opt 108 produces a module Chromium rejects).
if [ "${WASM_OPT:-0}" = "1" ] && [ ! -x web/node_modules/.bin/wasm-opt ]; then
    echo "== installing binaryen (npm)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== cargo build (wasm32, profile wasm-release)"
cargo build --locked --profile wasm-release --target wasm32-unknown-unknown --bin counterpulse

rm -rf "$out"
mkdir -p "$out"
echo "== wasm-bindgen"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name counterpulse \
    "$target_dir/wasm32-unknown-unknown/wasm-release/counterpulse.wasm"
if [ "${WASM_OPT:-0}" = "1" ]; then
    echo "== wasm-opt -Oz (about 11 minutes)"
    web/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$out/counterpulse_bg.wasm" -o "$out/counterpulse_bg.opt.wasm"
    mv "$out/counterpulse_bg.opt.wasm" "$out/counterpulse_bg.wasm"
fi
cp web/index.html web/manifest.webmanifest web/icon.svg "$out/"
# The service worker's cache is named for this build's WebAssembly (see web/sw.js).
build="$(sha256sum "$out/counterpulse_bg.wasm" | cut -c1-16)"
sed "s/counterpulse-BUILD/counterpulse-$build/" web/sw.js > "$out/sw.js"

# Precompressed copies for static hosts that serve them: the page is 4.8 MB with gzip but
# 3.4 MB with brotli at its highest quality (about a minute of one core).
if command -v node >/dev/null 2>&1; then
    echo "== precompressed copies (.br, .gz) and what the page downloads (bytes)"
    node web/compress.mjs "$out"
else
    echo "== no node: no precompressed copies; what the page downloads (bytes: raw, gzip -9)"
    for f in "$out"/*; do
        printf '%-32s %10d %10d\n' "$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)"
    done
fi
echo "serve with: python3 -m http.server 8000 --bind 127.0.0.1 -d $out"
