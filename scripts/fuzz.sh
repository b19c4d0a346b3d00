#!/usr/bin/env bash
# Fuzzes the processors with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer (clang) in build-fuzz/.
#   scripts/fuzz.sh [JOB|all] [SECONDS]     default: every fuzz/*_fuzz.cpp, 60 seconds each
#   FUZZ_ARGS="-fork=1 -ignore_crashes=1"   further libFuzzer flags (here: go on after a crash)
# Each target starts from its seeds, fuzz/corpus/<job>, copied into build-fuzz/corpus/<job>, where the inputs it
# finds stay for the next run (never in the repository). Crash inputs go to build-fuzz/artifacts/<job>/, the
# fuzzer's output to build-fuzz/logs/<job>.log. Prints one line per target; exits 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
seconds=${2:-60}
known=() jobs=()
for source in fuzz/*_fuzz.cpp; do
  job=$(basename "$source" _fuzz.cpp)
  known+=("$job")
  if [ "$which" = all ] || [ "$which" = "$job" ]; then jobs+=("$job"); fi
done
if [ ${#jobs[@]} -eq 0 ] || ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [JOB|all] [SECONDS]   (JOB: ${known[*]})" >&2
  exit 2
fi

# The project's dependencies, then clang with its runtime (libFuzzer, ASan, UBSan).
./scripts/install-deps.sh
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build="build-fuzz"
CXX=clang++ cmake -S . -B "$build" -G Ninja -DNBARAW_FUZZ=ON -DNBARAW_BUILD_TESTS=OFF -DNBARAW_BUILD_DRIVERS=OFF >/dev/null
targets=()
for job in "${jobs[@]}"; do targets+=("${job}_fuzz"); done
cmake --build "$build" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
crashed=0
for job in "${jobs[@]}"; do
  corpus=$build/corpus/$job artifacts=$build/artifacts/$job log=$build/logs/$job.log dict=$build/dict/$job.dict
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")" "$(dirname "$dict")"
  cp -p fuzz/corpus/"$job"/* "$corpus"/
  # A dictionary of the seeds' JSON keys and literals: the processors look keys up by hash, which the
  # fuzzer's comparison tracing cannot see.
  {
    printf '"%s"\n' '{' '}' '[' ']' ':' ',' 'null' 'true' 'false' '1e400' '-0' '18446744073709551616' '\"' '\\u0000'
    grep -ahoE '"[A-Za-z_][A-Za-z0-9_ -]{0,40}"' fuzz/corpus/"$job"/* | sort -u | sed 's/^"\(.*\)"$/"\\"\1\\""/'
  } >"$dict"
  stamp=$build/logs/$job.started
  touch "$stamp"
  read -r -a extra <<<"${FUZZ_ARGS:-}"
  status=0
  nice "$build/bin/${job}_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$artifacts/" "${extra[@]}" "$corpus" >"$log" 2>&1 || status=$?
  # The last status line: "#RUNS ... cov: N ft: N corp: N/SIZE ..." ("#RUNS: ..." and "corp: N" in fork mode).
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(sed -n 's/.* corp: \([0-9/]*[a-zA-Z]*\).*/\1/p' <<<"$last")
  found=$(find "$artifacts" -type f -newer "$stamp" | wc -l)
  if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi  # a crash without an artifact (e.g. the fuzzer itself)
  printf 'fuzz: %-16s runs %-9s cov %-6s ft %-6s corpus %-12s crashes %s' \
    "$job" "${runs:-?}" "${cov:-?}" "${features:-?}" "${units:-?}" "$found"
  if [ "$found" -gt 0 ]; then
    crashed=1
    input=$(find "$artifacts" -type f -newer "$stamp" | head -n1)
    what=$(grep -m1 -E 'promise broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" || true)
    printf '  %s  (%s; log %s)' "${input:-no input saved}" "${what:-see the log}" "$log"
  fi
  printf '\n'
done
exit "$crashed"
