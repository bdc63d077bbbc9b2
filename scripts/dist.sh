#!/usr/bin/env bash
# Build the static release into dist/ (relative paths: deploy it at any sub-path).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
