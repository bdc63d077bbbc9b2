#!/usr/bin/env bash
# Trunk's post-build hook (Trunk.toml), on the page it has just built in its staging folder.
# One hook that runs its steps in order: Trunk starts the hooks of a stage all at once.
#  1. the wasm optimised, without the exports of classes this app never uses, and the page's
#     integrity hashes updated (scripts/wasm-finish.mjs);
#  2. the Content-Security-Policy, with the hashes of the page's inline scripts as they now
#     are (one of them carries the wasm's integrity hash) (scripts/csp.py).
set -euo pipefail
node scripts/wasm-finish.mjs "$TRUNK_STAGING_DIR"
python3 scripts/csp.py
