#!/usr/bin/env bash
# Peak RSS of a box-score backfill at 16 workers into the BigQuery test server, for N and 10 N files (the
# sample box-score file of tests/fixtures/bucket copied under N dates), to show that memory is flat in the
# number of files (issue 13: 10x the files, < 1.2x the RSS; below 256 MiB).
#   bench/memory_bench.sh [BUILD_DIR] [N] [JOB_MS] [EXTRA_FLAGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-100}
job_ms=${3:-200}
shift $(( $# < 3 ? $# : 3 ))
extra=("$@")
cmake --build "$build" --target bdl_boxscores_backfill bigquery_test_server >/dev/null
sample=tests/fixtures/bucket/ball-dont-lie/boxscores/2024-01-15/20240116_080000.json
. bench/lib.sh
bench_workdir
for i in $(seq 0 $(( 10 * n - 1 ))); do
  day=$(date -u -d "2015-01-01 + $i days" +%F)
  mkdir -p "$work/bucket/ball-dont-lie/boxscores/$day"
  cp "$sample" "$work/bucket/ball-dont-lie/boxscores/$day/$(date -u -d "$day + 1 day" +%Y%m%d)_080000.json"
done
echo "box-score backfill, $(stat -c %s "$sample") bytes per file, --max-workers 16, every BigQuery job $job_ms ms${extra[*]:+, ${extra[*]}}"
echo "| files | rows | load jobs | seconds | peak RSS MiB |"
echo "|---:|---:|---:|---:|---:|"
for files in "$n" $(( 10 * n )); do
  start_bigquery_server --job-ms "$job_ms" --threads 32
  start=$(date +%s.%N)
  BIGQUERY_EMULATOR_HOST="$(head -1 "$work/bq_url")" /usr/bin/time -f %M -o "$work/rss" \
    "$build/bin/bdl_boxscores_backfill" --source "$work/bucket" --start-date 2015-01-01 \
    --end-date "$(date -u -d "2015-01-01 + $(( files - 1 )) days" +%F)" --sink bigquery://bench-project/nba_raw \
    --create-tables --max-workers 16 --log-format json --progress-every 0 "${extra[@]}" >"$work/summary.json" 2>/dev/null || true
  finish=$(date +%s.%N)
  kill -TERM "$bq_pid"
  wait "$bq_pid" 2>/dev/null || true
  python3 - "$work/summary.json" "$work/bq_stats" "$start" "$finish" "$(cat "$work/rss")" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
stats = json.loads([l for l in open(sys.argv[2]).read().splitlines() if l.startswith("{")][-1])
assert s["files_by_status"].get("success") == s["files"], s["files_by_status"]
rows = sum(s["rows_by_table"].values())
print(f'| {s["files"]} | {rows} | {stats["load_jobs"]} | {float(sys.argv[4]) - float(sys.argv[3]):.1f} | {int(sys.argv[5]) / 1024:.0f} |')
PY
done
