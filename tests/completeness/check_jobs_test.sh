#!/usr/bin/env bash
# check_jobs.sh over fake trees: a complete one passes; one whose processor lacks every piece fails naming
# each; a test folder holding a fourth file (a .cpp or a header) fails; a header without input_type (a shared-rules
# header) is no processor; a driver without a processor fails.
set -euo pipefail

check="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/check_jobs.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A processor header, and every piece check_jobs.sh wants for it.
add_processor() {
  local root="$1" job="$2"
  mkdir -p "$root/include/nbaraw/processors"
  printf 'struct P {\n  using input_type = int;\n};\n' >"$root/include/nbaraw/processors/$job.hpp"
}
add_pieces() {
  local root="$1" job="$2"
  mkdir -p "$root/drivers" "$root/deploy/jobs/$job" "$root/tests/$job" "$root/tests/fixtures" "$root/fuzz/corpus/$job"
  touch "$root/drivers/${job}_backfill.cpp" "$root/deploy/jobs/$job/job-config.env" "$root/tests/$job/golden_test.cpp" \
        "$root/tests/fixtures/$job.txt" "$root/fuzz/${job}_fuzz.cpp" "$root/fuzz/corpus/$job/seed"
}
# Runs the check on a tree; sets out and status.
run_check() {
  status=0
  out="$(bash "$check" "$1" 2>&1)" || status=$?
}

tree="$tmp/tree"
add_processor "$tree" alpha
add_pieces "$tree" alpha
echo 'inline int shared_rule();' >"$tree/include/nbaraw/processors/names.hpp"  # no processor
run_check "$tree"
[ "$status" -eq 0 ] || fail "a complete tree fails: $out"
[[ "$out" == *"1 processors"*"alpha"* ]] || fail "the complete tree's report does not name alpha alone: $out"

add_processor "$tree" beta
mkdir -p "$tree/tests/beta" "$tree/fuzz/corpus/beta"  # empty folders are not tests or seeds
run_check "$tree"
[ "$status" -eq 1 ] || fail "a processor without its pieces passes (exit $status): $out"
for piece in drivers/beta_backfill.cpp deploy/jobs/beta/job-config.env 'tests/beta/*.cpp' tests/fixtures/beta.txt \
             fuzz/beta_fuzz.cpp fuzz/corpus/beta/; do
  grep -qF "beta: missing $piece " <<<"$out" || fail "the report does not name $piece: $out"
done
grep -q "alpha" <<<"$out" && fail "the report blames the complete processor alpha: $out"
grep -q "names" <<<"$out" && fail "a header without input_type counts as a processor: $out"

add_pieces "$tree" beta
run_check "$tree"
[ "$status" -eq 0 ] || fail "beta with every piece still fails: $out"

touch "$tree/tests/beta/rules_test.cpp" "$tree/tests/beta/bad_input_test.cpp" "$tree/tests/beta/driver_test.cpp"
run_check "$tree"
[ "$status" -eq 1 ] || fail "a fourth test file passes: $out"
grep -qF "beta: tests/beta/driver_test.cpp is none of" <<<"$out" || fail "the fourth test file is not named: $out"
grep -q "rules_test.cpp is none\|bad_input_test.cpp is none" <<<"$out" && fail "a layout file is refused: $out"
rm "$tree/tests/beta/driver_test.cpp"

touch "$tree/tests/beta/beta_fixture.hpp"
run_check "$tree"
[ "$status" -eq 1 ] || fail "a header of inputs beside the tests passes: $out"
grep -qF "beta: tests/beta/beta_fixture.hpp is none of" <<<"$out" || fail "the header of inputs is not named: $out"
rm "$tree/tests/beta/beta_fixture.hpp"

touch "$tree/drivers/gamma_backfill.cpp"
run_check "$tree"
[ "$status" -eq 1 ] || fail "a driver without a processor passes: $out"
grep -qF "gamma: missing include/nbaraw/processors/gamma.hpp" <<<"$out" || fail "the orphan driver is not named: $out"

mkdir -p "$tmp/empty"
run_check "$tmp/empty"
[ "$status" -eq 1 ] || fail "a tree without processors passes: $out"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "check_jobs.sh: all cases pass"
