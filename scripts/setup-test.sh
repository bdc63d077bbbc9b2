#!/usr/bin/env bash
# Everything the tests need on top of the build tools: Debian's Chromium and ChromeDriver
# (Playwright and wasm-bindgen-test drive them; no browser download is possible here),
# and CJK fonts so Japanese renders in screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh

missing=()
for pkg in chromium chromium-driver fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf '\033[1m==> apt-get install %s\033[0m\n' "${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! rustup component list --installed | grep -q '^clippy'; then rustup component add clippy; fi
if ! rustup component list --installed | grep -q '^rustfmt'; then rustup component add rustfmt; fi
