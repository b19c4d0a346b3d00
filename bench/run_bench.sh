#!/usr/bin/env bash
# Local backfill throughput: a generated bucket of BDL injury scrapes, loaded into SQLite and NDJSON at
# several worker counts. Prints a table of files/s, MB/s, rows/s, CPU seconds and peak RSS.
#   bench/run_bench.sh [BUILD_DIR] [DAYS] [FILES_PER_DAY] [INJURIES_PER_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
days=${2:-100}
per_day=${3:-10}
per_file=${4:-300}
cmake --build "$build" --target bdl_injuries_backfill make_demo_bucket >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/make_demo_bucket" "$work/bucket" --start 2024-11-01 --days "$days" --files-per-day "$per_day" \
  --injuries-per-file "$per_file" --gzip-share 0.25 >/dev/null
files=$(find "$work/bucket" -type f | wc -l)
stored=$(du -sb "$work/bucket" | cut -f1)
end=$(date -u -d "2024-11-01 + $((days - 1)) days" +%F)
echo "bucket: $files files, $((stored / 1024 / 1024)) MiB stored, $per_file injuries per file; $(nproc) cores"
printf '| sink | workers | seconds | files/s | MB/s (decoded) | rows/s | CPU s | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
for sink in sqlite ndjson; do
  for workers in 1 2 4 8; do
    rm -rf "$work/out" "$work/out.db"*
    target="sqlite:$work/out.db"; [ "$sink" = ndjson ] && target="ndjson:$work/out"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$build/bin/bdl_injuries_backfill" --source "$work/bucket" \
      --start-date 2024-11-01 --end-date "$end" --sink "$target" --max-workers "$workers" --log-format json \
      --progress-every 0 >"$work/summary.json" 2>/dev/null || true
    read -r secs user sys rss <"$work/time"
    python3 - "$work/summary.json" "$sink" "$workers" "$secs" "$user" "$sys" "$rss" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
sink, workers, secs, user, sysc, rss = sys.argv[2], sys.argv[3], *map(float, sys.argv[4:])
assert s["files_by_status"]["success"] == s["files"], s["files_by_status"]
print(f'| {sink} | {workers} | {secs:.2f} | {s["files"] / secs:.0f} | {s["bytes"] / secs / 1e6:.1f} | '
      f'{s["rows"] / secs:.0f} | {user + sysc:.2f} | {rss / 1024:.0f} |')
PY
  done
done
