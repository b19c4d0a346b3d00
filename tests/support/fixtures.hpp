#pragma once
// The reference samples and goldens the tests read, copied into the repository (tests/fixtures, refreshed
// from ../shared by scripts/refresh_fixtures.sh), so that no test needs anything outside it.
#include <filesystem>

namespace nbaraw::test {

/// tests/fixtures of the source tree.
inline std::filesystem::path fixtures_dir() { return NBARAW_FIXTURES_DIR; }
/// The sample objects, laid out as in the bucket: <prefix>/<date>/....
inline std::filesystem::path sample_bucket() { return fixtures_dir() / "bucket"; }
/// The expected rows of each sample object, at the object's path.
inline std::filesystem::path golden_dir() { return fixtures_dir() / "golden"; }
/// The reference comparator (python3 compare_rows.py GOLDEN ACTUAL...).
inline std::filesystem::path compare_rows_py() { return fixtures_dir() / "tools/compare_rows.py"; }

}  // namespace nbaraw::test
