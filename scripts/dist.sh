#!/usr/bin/env bash
# Build the static release into dist/ (relative paths: deploy it at any sub-path):
#   index.html  the citizens' app (no editing code)
#   staff.html  the staff drafting app (the same app built with the `staff` feature)
#   prerendered/  each plan's overview and the home page, rendered to HTML by the same
#                 components (prerender/), for the citizens' page
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
# Trunk finds wasm-opt (npm binaryen, Trunk.toml [tools]) on the PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
# When a build fails, Trunk's own report ends in its backtrace and the compiler's message is
# far above it; CI keeps only the end of the output. So the failing cargo build is run again
# on its own, and its last lines and the free disk space are what the output ends with.
build() {
  local page=$1 features=$2
  shift 2
  if ! trunk build --release --offline=true "$page" "$@"; then
    echo "==> trunk build $page failed; the cargo build again, on its own:"
    df -h . | tail -n 1
    cargo build --release --offline --target wasm32-unknown-unknown --bin kpi-dashboard ${features:+--features "$features"} 2>&1 | tail -n 40
    exit 1
  fi
}
build index.html csr
build staff.html staff,csr --dist target/staff-dist
# The staff build's own files (hashed names, so nothing collides) join the citizens' dist.
# (Trunk names its output index.html whatever the source page was called.)
cp target/staff-dist/index.html dist/staff.html
for f in $(grep -oE '\./[A-Za-z0-9_.-]+\.(js|wasm)' target/staff-dist/index.html | sort -u); do
  cp "target/staff-dist/$f" dist/
done
# Each plan's overview and the home page as HTML, shown by the citizens' page before the app
# has started, then taken over by it (prerender/). Native code, in the dev profile (shared
# with the tests).
cargo run -q -p prerender -- dist
# A new build is a new service worker (it caches the new files; see assets/sw.js).
build=$(cat dist/index.html dist/staff.html | sha256sum | cut -c1-16)
sed -i "s/__BUILD__/$build/" dist/sw.js
