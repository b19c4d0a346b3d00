#!/usr/bin/env bash
# Every processor comes with the files that carry its job's name; this names the ones missing.
# A processor is a header include/nbaraw/processors/<job>.hpp that declares an input_type (the other headers
# of that folder, shared rules or an umbrella header, declare none). Each needs:
#   drivers/<job>_backfill.cpp          its driver
#   deploy/jobs/<job>/job-config.env    its Cloud Run job
#   tests/<job>/*.cpp                   its tests: golden_test.cpp (parity, driver end to end), rules_test.cpp,
#                                       bad_input_test.cpp, and no other file (no header of inputs: they live in
#                                       the test file that uses them, generic helpers in the test kit)
#   tests/fixtures/<job>.txt            the samples and goldens its tests read (scripts/refresh_fixtures.sh)
#   fuzz/<job>_fuzz.cpp                 its fuzz target
#   fuzz/corpus/<job>/                  the target's seeds
# and every driver has a processor of its name.
#
# Usage: check_jobs.sh [ROOT]   (ROOT: the project's source tree, default the one holding this script)
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$root"

jobs=()
for header in include/nbaraw/processors/*.hpp; do
  [ -f "$header" ] || continue
  grep -q '\binput_type\b' "$header" || continue
  job="${header##*/}"
  jobs+=("${job%.hpp}")
done
if [ ${#jobs[@]} -eq 0 ]; then
  echo "check_jobs.sh: no processor (a header declaring input_type) under $root/include/nbaraw/processors" >&2
  exit 1
fi

missing=()
lacks() { missing+=("$1: missing $2 ($3)"); }
has_files() { compgen -G "$1" >/dev/null; }

for job in "${jobs[@]}"; do
  [ -f "drivers/${job}_backfill.cpp" ] ||
    lacks "$job" "drivers/${job}_backfill.cpp" "its driver: main() calling nbaraw::cli::run<the processor>"
  [ -f "deploy/jobs/$job/job-config.env" ] ||
    lacks "$job" "deploy/jobs/$job/job-config.env" "its Cloud Run job, see deploy/README.md"
  has_files "tests/$job/*.cpp" ||
    lacks "$job" "tests/$job/*.cpp" "its tests: golden_test.cpp, rules_test.cpp, bad_input_test.cpp"
  for test in "tests/$job"/*; do
    case "${test##*/}" in
      '*' | golden_test.cpp | rules_test.cpp | bad_input_test.cpp) ;;
      *.cpp) missing+=("$job: $test is none of golden_test.cpp, rules_test.cpp, bad_input_test.cpp (merge it into one)") ;;
      *) missing+=("$job: $test is none of golden_test.cpp, rules_test.cpp, bad_input_test.cpp (put its inputs in \
the test file that uses them, what is generic in tests/support/processor_kit.hpp)") ;;
    esac
  done
  [ -f "tests/fixtures/$job.txt" ] ||
    lacks "$job" "tests/fixtures/$job.txt" "the sample paths its tests read, then run scripts/refresh_fixtures.sh"
  [ -f "fuzz/${job}_fuzz.cpp" ] ||
    lacks "$job" "fuzz/${job}_fuzz.cpp" "its fuzz target, see fuzz/README.md"
  has_files "fuzz/corpus/$job/*" ||
    lacks "$job" "fuzz/corpus/$job/" "seeds for its fuzz target, see fuzz/README.md"
done

for driver in drivers/*_backfill.cpp; do
  [ -f "$driver" ] || continue
  job="${driver##*/}"
  job="${job%_backfill.cpp}"
  [ -f "include/nbaraw/processors/$job.hpp" ] ||
    lacks "$job" "include/nbaraw/processors/$job.hpp" "$driver names a processor that does not exist"
done

if [ ${#missing[@]} -gt 0 ]; then
  printf '%s\n' "${missing[@]}"
  echo "${#missing[@]} file(s) missing for ${#jobs[@]} processor(s)"
  exit 1
fi
echo "${#jobs[@]} processors, each with its driver, job config, tests, fixtures, fuzz target and seeds: ${jobs[*]}"
