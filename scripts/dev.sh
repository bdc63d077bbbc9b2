#!/usr/bin/env bash
# The development loop: install what is missing, then `trunk serve` one page of the app as a
# debug build (no wasm-opt, no pre-rendered overview), rebuilt and reloaded on every save.
#   bash scripts/dev.sh                    the citizens' app on http://127.0.0.1:8080/
#   bash scripts/dev.sh staff.html 8081    the staff app on http://127.0.0.1:8081/
# Each page is built into its own folder under target/dev/, so the two can run side by side
# (and neither touches the release in dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
page=${1:-index.html}
port=${2:-8080}
echo "serving $page (debug build) on http://127.0.0.1:$port/"
exec trunk serve "$page" --offline=true --port "$port" --dist "target/dev/${page%.html}"
