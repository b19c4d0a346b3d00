#!/usr/bin/env bash
# GCS backfill throughput: generated files of a few hundred KB (like a box-score day) served by the
# loopback GCS emulator with added latency per request, loaded into the NDJSON sink at several
# concurrencies. Prints files/s, MB/s, CPU seconds, peak RSS and retries.
#   bench/gcs_bench.sh [BUILD_DIR] [FILES] [INJURIES_PER_FILE] [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
files=${2:-400}
per_file=${3:-2000}
latency=${4:-20}
cmake --build "$build" --target bdl_injuries_backfill make_demo_bucket gcs_test_server >/dev/null
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
days=$(( (files + 9) / 10 ))
"$build/bin/make_demo_bucket" "$work/bucket" --start 2024-11-01 --days "$days" --files-per-day 10 \
  --injuries-per-file "$per_file" --gzip-share 0.25 >/dev/null
end=$(date -u -d "2024-11-01 + $((days - 1)) days" +%F)
count=$(find "$work/bucket" -type f | wc -l)
stored=$(du -sb "$work/bucket" | cut -f1)

mkfifo "$work/ctl"
"$build/bin/gcs_test_server" --root "$work/bucket" --bucket bench-bucket --page-size 1000 --latency-ms "$latency" \
  --threads 16 <"$work/ctl" >"$work/url" 2>"$work/server.log" &
server_pid=$!
exec 3>"$work/ctl"  # keeps the server's stdin open until this script ends
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(head -1 "$work/url")
echo "bucket: $count files, $((stored / 1024)) KiB stored ($((stored / count / 1024)) KiB each), ${latency} ms added per request, $(nproc) cores, $url"
printf '| concurrency | seconds | files/s | MB/s (stored) | CPU s | peak RSS MiB | retries |\n|---:|---:|---:|---:|---:|---:|---:|\n'
for workers in 1 4 16 64; do
  rm -rf "$work/out"
  STORAGE_EMULATOR_HOST="$url" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$build/bin/bdl_injuries_backfill" \
    --bucket bench-bucket --start-date 2024-11-01 --end-date "$end" --sink "ndjson:$work/out" \
    --max-workers "$workers" --log-format json --progress-every 0 >"$work/summary.json" 2>/dev/null || true
  read -r secs user sys rss <"$work/time"
  python3 - "$work/summary.json" "$workers" "$secs" "$user" "$sys" "$rss" "$stored" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
workers, secs, user, sysc, rss, stored = sys.argv[2], *map(float, sys.argv[3:])
assert s["files_by_status"]["success"] == s["files"], s["files_by_status"]
print(f'| {workers} | {secs:.2f} | {s["files"] / secs:.1f} | {stored / secs / 1e6:.1f} | {user + sysc:.2f} | '
      f'{rss / 1024:.0f} | {s["retries"]} |')
PY
done
