# shellcheck shell=bash
# Sourced by the benchmarks: a scratch folder, the loopback test servers, and a generated injuries bucket.
# Needs $build (the build folder) set by the caller; sets the variables each function names for it.
# shellcheck disable=SC2034,SC2154

# bench_workdir: $work, a scratch folder; $pids, servers to stop; both cleaned up when the script exits.
bench_workdir() {
  work=$(mktemp -d)
  pids=()
  trap bench_cleanup EXIT
}
bench_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}

# wait_for_url FILE: until the server has written its URL into FILE (5 s at most); prints it.
wait_for_url() {
  for _ in $(seq 50); do [ -s "$1" ] && break; sleep 0.1; done
  head -1 "$1"
}

# injuries_bucket FILES PER_FILE: $work/bucket with FILES injuries scrapes of PER_FILE rows, 10 a day from
# 2024-11-01; sets $end (the last day) and $count (the files written).
injuries_bucket() {
  local days=$(( ($1 + 9) / 10 ))
  "$build/bin/make_demo_bucket" "$work/bucket" --start 2024-11-01 --days "$days" --files-per-day 10 \
    --injuries-per-file "$2" --gzip-share 0 >/dev/null
  end=$(date -u -d "2024-11-01 + $((days - 1)) days" +%F)
  count=$(find "$work/bucket" -type f | wc -l)
}

# start_gcs_server: the GCS emulator over $work/bucket as bucket bench-bucket; sets $gcs_url. Its stdin (fd 3)
# stays open until the script ends.
start_gcs_server() {
  mkfifo "$work/gcs_ctl"
  "$build/bin/gcs_test_server" --root "$work/bucket" --bucket bench-bucket --page-size 1000 --threads 8 \
    <"$work/gcs_ctl" >"$work/gcs_url" 2>/dev/null &
  pids+=($!)
  exec 3>"$work/gcs_ctl"
  gcs_url=$(wait_for_url "$work/gcs_url")
}

# start_bigquery_server [FLAGS...]: a fresh BigQuery test server (project bench-project) with the flags, its
# statistics going to $work/bq_stats; sets $bq_url and $bq_pid.
start_bigquery_server() {
  rm -f "$work/bq.db"* "$work/bq_url"
  "$build/bin/bigquery_test_server" --database "$work/bq.db" --project bench-project --no-record "$@" \
    >"$work/bq_url" 2>"$work/bq_stats" &
  bq_pid=$!
  pids+=("$bq_pid")
  bq_url=$(wait_for_url "$work/bq_url")
}
