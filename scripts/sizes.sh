#!/usr/bin/env bash
# Print the shipped app's sizes (plan data excluded): raw, gzip -9 and brotli where available.
set -euo pipefail
dist=${1:-dist}
total_raw=0; total_gz=0
for kind in wasm js css; do
  f=$(ls "$dist"/*."$kind" 2>/dev/null | head -n 1 || true)
  [ -n "$f" ] || { echo "size: no .$kind in $dist" >&2; exit 1; }
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=""
  if command -v brotli >/dev/null 2>&1; then br=", brotli $(brotli -c -q 11 "$f" | wc -c) B"; fi
  printf 'size: %-4s %8d B raw, %7d B gzip%s  (%s)\n' "$kind" "$raw" "$gz" "$br" "$(basename "$f")"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf 'size: total %8d B raw, %7d B gzip (wasm + js + css; budget 150 KB gzip)\n' "$total_raw" "$total_gz"
