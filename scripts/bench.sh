#!/usr/bin/env bash
# The benchmark: writes bench/report.md (size, native engine, browser figures).
# Budgets live here, not in timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/dist.sh
cargo build --release -q -p plan-core --features schema --bin plan-tool
tool=target/release/plan-tool

site=target/bench-site
rm -rf "$site" && mkdir -p "$site/static" && cp -r dist "$site/kpi"
# The release as built, for the home page's figures (bench/browser.js, homeBench).
cp -r dist "$site/home"
ids=(yuzawa annaka higashine minami-alps)
for n in 100 1000 10000; do
  "$tool" synth "$n" > "$site/kpi/seeds/synthetic-$n.json"
  ids+=("synthetic-$n")
done
python3 - "$site/kpi/seeds/index.json" <<'PY'
import json, sys
path = sys.argv[1]
index = json.load(open(path))
for n in (100, 1000, 10000):
    index["plans"].append({"id": f"synthetic-{n}", "municipality": "ベンチ市", "title": f"合成計画（KPI {n}件）",
                           "period": {"start": 2021, "end": 2026}, "file": f"synthetic-{n}.json"})
json.dump(index, open(path, "w"), ensure_ascii=False)
PY
# As a release would have them: the synthetic plans pre-rendered too.
cargo run -q -p prerender -- "$site/kpi"
for id in "${ids[@]}"; do "$tool" html "$site/kpi/seeds/$id.json" > "$site/static/$id.html"; done

report=bench/report.md
sizes=$(bash scripts/sizes.sh dist)
# The budgets table (bench/browser.js) uses the same gzip totals as the size lines.
export CITIZEN_GZIP=$(echo "$sizes" | awk '/index.html total/ {print $7}')
export STAFF_GZIP=$(echo "$sizes" | awk '/staff.html total/ {print $7}')
{
  echo "# Benchmark report"
  echo
  # The CPU's name too: machines of the same size differ in speed (the native table's
  # "JSON syntax alone" row is the yardstick to compare two runs by).
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "Made by \`make bench\` on $(date -u +%Y-%m-%d) ($(nproc) cores of ${cpu:-an unknown CPU}, $(free -g | awk '/Mem:/ {print $2}') GiB)."
  echo "Budgets (issue 8): app ≤ 150 KB gzip; parse + validate 10,000 KPIs ≤ 10 ms and full recompute ≤ 5 ms in the browser;"
  echo "first render of each seed plan ≤ 500 ms and ≤ 2× the static floor; of 10,000 KPIs ≤ 1.5 s."
  echo
  echo "### Shipped app size (plan data excluded)"
  echo
  echo '```'
  echo "$sizes"
  echo '```'
  echo
  echo "### Native engine (\`cargo bench -p plan-core --bench engine\`)"
  echo
  cargo bench -q -p plan-core --bench engine 2>/dev/null
  echo
  node bench/browser.js "$site" "${ids[@]}"
} > "$report.tmp"
mv "$report.tmp" "$report"
cat "$report"
