#!/usr/bin/env bash
# Command 1: install what is missing, build the release (citizens' app and staff app), and
# serve dist/ as any static host would, on http://127.0.0.1:8080 (staff: /staff.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dist.sh
echo "serving dist/ on http://127.0.0.1:8080/ (staff app: http://127.0.0.1:8080/staff.html)"
exec python3 -m http.server 8080 --bind 127.0.0.1 --directory dist
