#!/usr/bin/env bash
# Command 2: install what is missing, then run every test; fail on any failure.
#   1. cargo fmt --check, cargo clippy -D warnings (native and wasm32)
#   2. native cargo test of the pure core (plan-core), the pre-render, the spreadsheets
#      (sheets), and the pages rendered to HTML (both apps)
#   3. wasm-bindgen-test in headless Chromium (browser-bound code, both apps)
#   4. Playwright end-to-end tests against the release build, served by a plain static
#      file server from the sub-path /kpi/
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
log=target/test.log
exec > >(tee "$log") 2>&1
bash scripts/setup-test.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# A one-off build (CI's fresh clone) gains nothing from incremental caches but their disk space.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "1/4 format and lints"
cargo fmt --all --check
# Native: the core, the build-time pre-render, and the app rendered to HTML (ssr), both apps.
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p kpi-dashboard --all-targets --features ssr,staff -- -D warnings
# The browser builds, as Trunk makes them: citizens (csr), staff and the survey page (staff,
# csr), and the survey page's spreadsheet worker.
cargo clippy -p kpi-dashboard --target wasm32-unknown-unknown --all-targets --features csr -- -D warnings
cargo clippy -p kpi-dashboard --target wasm32-unknown-unknown --all-targets --features staff,csr -- -D warnings
cargo clippy -p sheets-worker --target wasm32-unknown-unknown --all-targets -- -D warnings

step "2/4 native tests: the core, the build-time pre-render, the spreadsheets, the pages rendered to HTML"
cargo test -p plan-core
cargo test -p prerender
cargo test -p sheets
cargo test -p kpi-dashboard --lib --features ssr
cargo test -p kpi-dashboard --lib --features ssr,staff

step "3/4 wasm-bindgen-test in headless Chromium"
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=120
# tests/webdriver.json gives Chromium the flags it needs here (no sandbox as root, no network).
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json"
cargo test -p kpi-dashboard --target wasm32-unknown-unknown --test web --features csr
cargo test -p kpi-dashboard --target wasm32-unknown-unknown --test web --features staff,csr

step "4/4 end-to-end tests (release build served from /kpi/)"
bash scripts/dist.sh
bash scripts/sizes.sh dist
rm -rf target/site && mkdir -p target/site && cp -r dist target/site/kpi
npx playwright test

# One closing line for every runner above (each stage already failed the script on error).
rust=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
e2e=$(grep -E '^ +[0-9]+ passed' "$log" | tail -n 1 | awk '{print $1}')
echo "make test: $((rust + ${e2e:-0})) passed, 0 failed"
