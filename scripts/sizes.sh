#!/usr/bin/env bash
# Print the shipped sizes of each app in dist/ (plan data excluded): raw, gzip -9 and
# brotli, for exactly the files each HTML page loads. Fails when an app is above its ceiling
# (gzip): 250 KB for the citizens' app (index.html), 320 KB for the staff app (staff.html) and
# for the survey round's page (survey.html, a staff page of its own).
# `make test` runs this on the release it tests.
set -euo pipefail
over=0
dist=${1:-dist}
for page in index.html staff.html survey.html; do
  [ -f "$dist/$page" ] || continue
  case $page in
    index.html) ceiling_kb=250 ;;
    staff.html | survey.html) ceiling_kb=320 ;;
  esac
  ceiling=$((ceiling_kb * 1024))
  total_raw=0; total_gz=0; total_br=0
  for f in $(grep -oE '\./[A-Za-z0-9_.-]+\.(wasm|js|css)' "$dist/$page" | sort -u); do
    path="$dist/$f"
    raw=$(stat -c %s "$path")
    gz=$(gzip -9 -c "$path" | wc -c)
    # Brotli at quality 11 through Node's zlib (Node is already here for the tests).
    br=$(node -e 'const z=require("zlib");const b=require("fs").readFileSync(process.argv[1]);process.stdout.write(String(z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$path")
    printf 'size: %-10s %-4s %8d B raw, %7d B gzip, %7d B brotli  (%s)\n' "$page" "${f##*.}" "$raw" "$gz" "$br" "${f#./}"
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  done
  printf 'size: %-10s total %8d B raw, %7d B gzip, %7d B brotli (wasm + js + css; ceiling %d KB gzip)\n' "$page" "$total_raw" "$total_gz" "$total_br" "$ceiling_kb"
  if [ "$total_gz" -gt "$ceiling" ]; then
    echo "size: $page is $total_gz B gzip, above its ceiling of $ceiling B ($ceiling_kb KB)" >&2
    over=1
  fi
done
# The survey page's spreadsheet worker: loaded only when a staff member makes a survey or
# drops returns, so it is reported apart and counts towards no page's start.
if [ -f "$dist/sheets_worker_bg.wasm" ]; then
  worker_gz=0
  for f in sheets_worker_loader.js sheets_worker.js sheets_worker_bg.wasm; do
    gz=$(gzip -9 -c "$dist/$f" | wc -c)
    printf 'size: %-10s %-4s %8d B raw, %7d B gzip  (%s)\n' worker "${f##*.}" "$(stat -c %s "$dist/$f")" "$gz" "$f"
    worker_gz=$((worker_gz + gz))
  done
  printf 'size: %-10s total %7d B gzip (the survey page loads it on first use)\n' worker "$worker_gz"
fi
exit "$over"
