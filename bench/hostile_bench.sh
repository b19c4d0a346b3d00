#!/usr/bin/env bash
# Memory and time under hostile input: each case is a bucket of good injury scrapes plus the hostile files,
# backed up into NDJSON with 4 workers. Prints each case's statuses, peak RSS and seconds. A bounded run shows
# the hostile files as `error` and a peak RSS that follows the limits and the workers, not the hostile sizes.
#   bench/hostile_bench.sh [BUILD_DIR]
# Cases: three gzip bombs (1 GiB of spaces each, ~1 MiB stored); one plain file over --max-file-bytes (96 MiB);
# one large file under it (50,000 injuries, ~23 MiB), alone, to show the memory a file costs while transformed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake --build "$build" --target bdl_injuries_backfill make_demo_bucket >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
day=2025-01-10

good_bucket() {  # 20 good files of 300 injuries under $1
  "$build/bin/make_demo_bucket" "$1" --start "$day" --days 1 --files-per-day 20 --injuries-per-file 300 --gzip-share 0 >/dev/null
}
folder() { echo "$1/ball-dont-lie/injuries/$day"; }

good_bucket "$work/bombs"
for i in 1 2 3; do
  head -c $((1 << 30)) /dev/zero | tr '\0' ' ' | gzip -9 >"$(folder "$work/bombs")/20250110_0${i}0000.json.gz"
done
good_bucket "$work/oversized"
head -c $((96 << 20)) /dev/zero | tr '\0' ' ' >"$(folder "$work/oversized")/20250110_010000.json"
"$build/bin/make_demo_bucket" "$work/large" --start "$day" --days 1 --files-per-day 1 --injuries-per-file 50000 --gzip-share 0 >/dev/null

printf '| case | stored | statuses | peak RSS MiB | seconds |\n|---|---:|---|---:|---:|\n'
for case in bombs oversized large; do
  rm -rf "$work/out"
  /usr/bin/time -f '%e %M' -o "$work/time" "$build/bin/bdl_injuries_backfill" --source "$work/$case" --dates "$day" \
    --sink "ndjson:$work/out" --max-workers 4 --log-format json --progress-every 0 >"$work/summary.json" 2>/dev/null || true
  read -r secs rss < <(tail -n 1 "$work/time")  # after "Command exited with non-zero status 1"
  stored=$(du -sb "$work/$case" | cut -f1)
  python3 - "$work/summary.json" "$case" "$stored" "$secs" "$rss" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
case, stored, secs, rss = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
statuses = ", ".join(f"{k} {v}" for k, v in s["files_by_status"].items() if v)
print(f"| {case} | {stored / 2**20:.1f} MiB | {statuses} | {rss / 1024:.0f} | {secs:.2f} |")
PY
done
