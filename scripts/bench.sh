#!/usr/bin/env bash
# The benchmark: writes bench/report.md (sizes, native engine, browser figures, Lighthouse).
# Budgets live here and in README.md ("How to develop"), not in timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Lighthouse, pinned, in the benchmark's own folder (bench/package.json): the project's
# package.json holds the build and test tools only.
if [ "$(node -p 'try { require("./bench/node_modules/lighthouse/package.json").version } catch (_) { "" }')" != "12.2.3" ]; then
  npm ci --prefix bench --no-audit --no-fund
fi

bash scripts/dist.sh
cargo build --release -q -p plan-tool
tool=target/release/plan-tool

site=target/bench-site
rm -rf "$site" && mkdir -p "$site/static" && cp -r dist "$site/kpi"
# The release as built (the four seed plans): the home page's figures and Lighthouse.
cp -r dist "$site/release"
ids=(yuzawa annaka higashine minami-alps)
sizes=(100 1000 2000 10000)
for n in "${sizes[@]}"; do
  "$tool" synth "$n" > "$site/kpi/seeds/synthetic-$n.json"
  ids+=("synthetic-$n")
done
python3 - "$site/kpi/seeds/index.json" "${sizes[@]}" <<'PY'
import json, sys
path = sys.argv[1]
index = json.load(open(path))
for n in map(int, sys.argv[2:]):
    index["plans"].append({"id": f"synthetic-{n}", "municipality": "ベンチ市", "title": f"合成計画（KPI {n:,}件）",
                           "period": {"start": 2021, "end": 2026}, "file": f"synthetic-{n}.json"})
json.dump(index, open(path, "w"), ensure_ascii=False)
PY
# As a release would have them: the synthetic plans pre-rendered too.
cargo run -q -p prerender -- "$site/kpi"
for id in "${ids[@]}"; do "$tool" html "$site/kpi/seeds/$id.json" > "$site/static/$id.html"; done

report=bench/report.md
# sizes.sh fails when an app is above its ceiling: the report says so instead of stopping.
sizes=$(bash scripts/sizes.sh dist 2>&1) || true
# The budgets table (bench/browser.js) uses the same gzip totals and ceilings as the size lines.
export CITIZEN_GZIP=$(echo "$sizes" | awk '/index.html total/ {print $7}')
export STAFF_GZIP=$(echo "$sizes" | awk '/staff.html total/ {print $7}')
export SURVEY_GZIP=$(echo "$sizes" | awk '/survey.html total/ {print $7}')
export WORKER_GZIP=$(echo "$sizes" | awk '/worker +total/ {print $4}')
export CITIZEN_CEILING_KB=$(echo "$sizes" | sed -n 's/.*index.html total.*ceiling \([0-9]*\) KB.*/\1/p')
export STAFF_CEILING_KB=$(echo "$sizes" | sed -n 's/.*staff.html total.*ceiling \([0-9]*\) KB.*/\1/p')
engine=$(cargo bench -q -p plan-core --bench engine 2>/dev/null)
# Its 10,000-KPI rows, for the before/after table; "the JSON syntax alone" is the yardstick of
# the machine's speed in this run.
engine_row() { echo "$engine" | awk -F' *[|] *' -v what="$1" '$2 == what && $3 == "10000" {print $4}'; }
export ENGINE_PARSE_10K=$(engine_row "parse + validate")
export ENGINE_AT_10K=$(engine_row "full recompute, another year (Scorecard::at)")
export ENGINE_SYNTAX_10K=$(engine_row "of which the JSON syntax alone (serde::de::IgnoredAny)")
# The machine may be shared: its load average (1, 5, 15 min) before and after the browser runs.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
browser=$(node bench/browser.js "$site" "${ids[@]}")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# Benchmark report"
  echo
  # The CPU's name too: machines of the same size differ in speed (the native table's
  # "JSON syntax alone" row is the yardstick to compare two runs by).
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  dirty=$(git diff --quiet HEAD -- . ':!bench' ':!scripts/bench.sh' || echo " with uncommitted changes")
  echo "Made by \`make bench\` at $(git rev-parse --short HEAD)$dirty on $(date -u +%Y-%m-%d) ($(nproc) cores of ${cpu:-an unknown CPU}, $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "load average $load_before before the browser runs, $load_after after)."
  echo "Budgets: README.md, \"How to develop\". The figures before the rewrite: bench/report-9ff2900.md."
  echo
  # The budget and before/after tables first, then the runs they are read from.
  echo "$browser" | sed -n '1,/^<!-- end of summary -->$/p' | sed '$d'
  echo "## Shipped app size (plan data excluded; \`scripts/sizes.sh\`)"
  echo
  echo '```'
  echo "$sizes"
  echo '```'
  echo
  echo "## Native engine (\`cargo bench -p plan-core --bench engine\`)"
  echo
  echo "$engine"
  echo
  echo "$browser" | sed -n '/^<!-- end of summary -->$/,$p' | sed '1d'
} > "$report.tmp"
mv "$report.tmp" "$report"
cat "$report"
