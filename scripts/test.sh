#!/usr/bin/env bash
# Command 2: install the dependencies, build everything with warnings as errors, run every test.
#   scripts/test.sh             the normal build in build/
#   scripts/test.sh --sanitize  the same with AddressSanitizer and UndefinedBehaviorSanitizer in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh "${1:-}"
build=build
flags=(-DNBARAW_WARNINGS_AS_ERRORS=ON)
skip=()
if [ "${1:-}" = "--sanitize" ]; then
  build=build-asan
  # Clang for this build: it compiles the instrumented code about twice as fast as GCC, and the two builds
  # then check the code with two compilers' warnings.
  flags+=(-DNBARAW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER="${NBARAW_SANITIZE_CXX:-clang++}")
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The package test builds a separate consumer project without the sanitizers: the normal run covers it.
  skip=(-E '^package:')
fi
cmake -S . -B "$build" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$build"
ctest --test-dir "$build" --output-on-failure -j2 "${skip[@]}"
