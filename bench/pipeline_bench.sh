#!/usr/bin/env bash
# Loading throughput (issue 13): injuries files served by the loopback GCS emulator, loaded into the
# loopback BigQuery test server whose every job takes JOB_MS (1.5 s: what real load and query jobs take).
# Three runs: nbaraw's defaults; one load per file with 4 workers (the reference's pattern, --batch-size 1,
# on the first ONE_PER_FILE_FILES files only: at a few files per second the full set would take an hour);
# the same files into NDJSON (no BigQuery). Prints files/s, jobs, load jobs per 1,000 files, and the
# ratios against the targets (defaults >= 100x one-per-file, >= 70% of NDJSON, <= 10 load jobs/1,000 files).
#   bench/pipeline_bench.sh [BUILD_DIR] [FILES] [JOB_MS] [ONE_PER_FILE_FILES] [EXTRA_FLAGS...]
# EXTRA_FLAGS go to the defaults run only (e.g. --batch-size 2000, to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
files=${2:-2000}
job_ms=${3:-1500}
one_files=${4:-20}
shift $(( $# < 4 ? $# : 4 ))
extra=("$@")
per_file=20
cmake --build "$build" --target bdl_injuries_backfill make_demo_bucket gcs_test_server bigquery_test_server >/dev/null
. bench/lib.sh
bench_workdir
injuries_bucket "$files" "$per_file"
one_end=$(date -u -d "2024-11-01 + $(( (one_files + 9) / 10 - 1 )) days" +%F)

start_gcs_server

# run LABEL END_DATE SINK [FLAGS...]: one backfill; appends a JSON line of its figures to $work/results.
run() {
  local label=$1 last=$2 sink=$3
  shift 3
  local stats=/dev/null bq_pid=
  if [ "$sink" = bigquery ]; then
    start_bigquery_server --job-ms "$job_ms" --threads 32
    sink=bigquery://bench-project/nba_raw
    stats=$work/bq_stats
    set -- --create-tables "$@"
  else
    rm -rf "$work/ndjson"
    sink=ndjson:$work/ndjson
  fi
  local start finish
  start=$(date +%s.%N)
  STORAGE_EMULATOR_HOST="$gcs_url" BIGQUERY_EMULATOR_HOST="$(head -1 "$work/bq_url" 2>/dev/null || true)" \
    /usr/bin/time -f %M -o "$work/rss" "$build/bin/bdl_injuries_backfill" --bucket bench-bucket \
    --start-date 2024-11-01 --end-date "$last" --sink "$sink" --log-format json --progress-every 0 "$@" \
    >"$work/summary.json" 2>/dev/null || true
  finish=$(date +%s.%N)
  if [ -n "$bq_pid" ]; then
    kill -TERM "$bq_pid"
    wait "$bq_pid" 2>/dev/null || true
  fi
  python3 - "$work/summary.json" "$stats" "$start" "$finish" "$label" "$(cat "$work/rss")" >>"$work/results" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
lines = [l for l in open(sys.argv[2]).read().splitlines() if l.startswith("{")] if sys.argv[2] != "/dev/null" else []
stats = json.loads(lines[-1]) if lines else {}
assert s["files_by_status"].get("success") == s["files"], s["files_by_status"]
secs = float(sys.argv[4]) - float(sys.argv[3])
print(json.dumps({"label": sys.argv[5], "files": s["files"], "seconds": secs, "files_per_s": s["files"] / secs,
                  "load_jobs": stats.get("load_jobs"), "query_jobs": stats.get("query_jobs"),
                  "long_polls": stats.get("long_polls"), "rss_kib": int(sys.argv[6])}))
PY
}

echo "backfill: $count injuries files x $per_file rows; every BigQuery job takes $job_ms ms; $(nproc) cores"
run "nbaraw defaults${extra[*]:+ ${extra[*]}}" "$end" bigquery "${extra[@]}"
run "one load per file, 4 workers (--batch-size 1)" "$one_end" bigquery --batch-size 1 --max-workers 4
run "NDJSON (no BigQuery)" "$end" ndjson
python3 - "$work/results" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
print("| loading | files | seconds | files/s | load jobs | query jobs | long polls | load jobs / 1,000 files | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for x in r:
    per_k = "" if x["load_jobs"] is None else f'{1000 * x["load_jobs"] / x["files"]:.1f}'
    print(f'| {x["label"]} | {x["files"]} | {x["seconds"]:.1f} | {x["files_per_s"]:.1f} | {x["load_jobs"] if x["load_jobs"] is not None else "-"} | '
          f'{x["query_jobs"] if x["query_jobs"] is not None else "-"} | {x["long_polls"] if x["long_polls"] is not None else "-"} | {per_k} | {x["rss_kib"] / 1024:.0f} |')
d, one, nd = r
per_k = 1000 * d["load_jobs"] / d["files"]
ok = lambda c: "met" if c else "NOT met"
print(f'defaults / one load per file: {d["files_per_s"] / one["files_per_s"]:.0f}x (target >= 100x: {ok(d["files_per_s"] >= 100 * one["files_per_s"])})')
print(f'defaults / NDJSON: {100 * d["files_per_s"] / nd["files_per_s"]:.0f}% (target >= 70%: {ok(d["files_per_s"] >= 0.7 * nd["files_per_s"])})')
print(f'load jobs per 1,000 files at the defaults: {per_k:.1f} (target <= 10: {ok(per_k <= 10)})')
PY
