#!/usr/bin/env bash
# Build the static release into dist/ (relative paths: deploy it at any sub-path):
#   index.html  the citizens' app (no editing code)
#   staff.html  the staff drafting app (the same app built with the `staff` feature)
#   survey.html the survey round's page (staff), and its spreadsheet worker (sheets_worker_*)
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
  local page=$1 bin=$2 features=$3
  shift 3
  if ! trunk build --release --offline=true "$page" "$@"; then
    echo "==> trunk build $page failed; the cargo build again, on its own:"
    df -h . | tail -n 1
    cargo build --release --offline --target wasm32-unknown-unknown --bin "$bin" ${features:+--features "$features"} 2>&1 | tail -n 40
    exit 1
  fi
}
build index.html kpi-dashboard csr
build staff.html kpi-dashboard staff,csr --dist target/staff-dist
build survey.html survey_round staff,csr --dist target/survey-dist
# The staff pages' own files (hashed names, so nothing collides) join the citizens' dist.
# (Trunk names its output index.html whatever the source page was called.)
for page in staff survey; do
  cp "target/$page-dist/index.html" "dist/$page.html"
  for f in $(grep -oE '\./[A-Za-z0-9_.-]+\.(js|wasm|css)' "target/$page-dist/index.html" | sort -u); do
    cp "target/$page-dist/$f" dist/
  done
done
# The survey page's spreadsheet worker, which the page does not load until it is used (Trunk
# names a worker's files after its binary, without a hash).
cp target/survey-dist/sheets_worker* dist/
# Each plan's overview and the home page as HTML, shown by the citizens' page before the app
# has started, then taken over by it (prerender/). Native code, in the dev profile (shared
# with the tests).
cargo run -q -p prerender -- dist
# A new build is a new service worker (it caches the new files; see assets/sw.js).
build=$(cat dist/index.html dist/staff.html dist/survey.html | sha256sum | cut -c1-16)
sed -i "s/__BUILD__/$build/" dist/sw.js
