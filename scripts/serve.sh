#!/usr/bin/env bash
# Command 1: install what is missing, build, and serve on http://127.0.0.1:8080 .
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
