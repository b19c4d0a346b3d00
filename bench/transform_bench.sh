#!/usr/bin/env bash
# Transform throughput per processor on one thread (bench/transform_bench.cpp), in a Release build.
#   bench/transform_bench.sh [BUILD_DIR] [transform_bench options...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
shift || true
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNBARAW_BUILD_TESTS=OFF -DNBARAW_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build "$build" --target transform_bench >/dev/null
"$build/bin/transform_bench" "$@"
