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
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
days=$(( (files + 9) / 10 ))
"$build/bin/make_demo_bucket" "$work/bucket" --start 2024-11-01 --days "$days" --files-per-day 10 \
  --injuries-per-file "$per_file" --gzip-share 0 >/dev/null
end=$(date -u -d "2024-11-01 + $((days - 1)) days" +%F)
count=$(find "$work/bucket" -type f | wc -l)

mkfifo "$work/gcs_ctl"
"$build/bin/gcs_test_server" --root "$work/bucket" --bucket bench-bucket --page-size 1000 --threads 8 \
  <"$work/gcs_ctl" >"$work/gcs_url" 2>/dev/null &
pids+=($!)
exec 3>"$work/gcs_ctl"
for _ in $(seq 50); do [ -s "$work/gcs_url" ] && break; sleep 0.1; done
gcs_url=$(head -1 "$work/gcs_url")

echo "backfill: $count files x $per_file rows, ${latency} ms added per BigQuery request, $(nproc) cores"
printf '| loading | load jobs | query jobs | BigQuery requests | MiB uploaded | seconds | files/s |\n|---|---:|---:|---:|---:|---:|---:|\n'
for batch in 100 1; do
  rm -f "$work/bq.db"*
  "$build/bin/bigquery_test_server" --database "$work/bq.db" --project bench-project --latency-ms "$latency" \
    --no-record >"$work/bq_url" 2>"$work/bq_stats" &
  bq_pid=$!
  pids+=("$bq_pid")
  for _ in $(seq 50); do [ -s "$work/bq_url" ] && break; sleep 0.1; done
  bq_url=$(head -1 "$work/bq_url")
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
