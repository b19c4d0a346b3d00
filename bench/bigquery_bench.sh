#!/usr/bin/env bash
# BigQuery loading: a generated backfill served by the loopback GCS emulator, loaded into the loopback
# BigQuery test server. Compares nbaraw's batches (one load job and one transaction per --batch-size
# files) with one load job per file, as the reference loads. Prints load jobs, query jobs, requests,
# bytes uploaded and seconds per setting.
#   bench/bigquery_bench.sh [BUILD_DIR] [FILES] [INJURIES_PER_FILE] [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
files=${2:-2000}
per_file=${3:-20}
latency=${4:-0}
cmake --build "$build" --target bdl_injuries_backfill make_demo_bucket gcs_test_server bigquery_test_server >/dev/null
. bench/lib.sh
bench_workdir
injuries_bucket "$files" "$per_file"

start_gcs_server

echo "backfill: $count files x $per_file rows, ${latency} ms added per BigQuery request, $(nproc) cores"
printf '| loading | load jobs | query jobs | BigQuery requests | MiB uploaded | seconds | files/s |\n|---|---:|---:|---:|---:|---:|---:|\n'
for batch in 100 1; do
  start_bigquery_server --latency-ms "$latency"
  start=$(date +%s.%N)
  STORAGE_EMULATOR_HOST="$gcs_url" BIGQUERY_EMULATOR_HOST="$bq_url" "$build/bin/bdl_injuries_backfill" \
    --bucket bench-bucket --start-date 2024-11-01 --end-date "$end" --sink bigquery://bench-project/nba_raw \
    --create-tables --batch-size "$batch" --max-workers 8 --log-format json --progress-every 0 \
    >"$work/summary.json" 2>/dev/null || true
  finish=$(date +%s.%N)
  kill -TERM "$bq_pid"
  wait "$bq_pid" 2>/dev/null || true
  label=$([ "$batch" = 1 ] && echo "one load per file (the reference)" || echo "nbaraw, --batch-size $batch")
  python3 - "$work/summary.json" "$work/bq_stats" "$start" "$finish" "$label" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
stats = json.loads([l for l in open(sys.argv[2]).read().splitlines() if l.startswith("{")][-1])
secs = float(sys.argv[4]) - float(sys.argv[3])
assert s["files_by_status"]["success"] == s["files"], s["files_by_status"]
print(f'| {sys.argv[5]} | {stats["load_jobs"]} | {stats["query_jobs"]} | {stats["requests"]} | '
      f'{stats["uploaded_bytes"] / 2**20:.1f} | {secs:.1f} | {s["files"] / secs:.0f} |')
PY
done
