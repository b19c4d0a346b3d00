// bdl_injuries_backfill over the reference samples: resume, reprocess, dry run. (Its rows equal to the goldens in
// SQLite and NDJSON: tests/bdl_injuries/golden_test.cpp.)
#include "driver.hpp"

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

namespace {

std::vector<std::string> args(const std::string& sink, std::vector<std::string> extra = {}) {
  return concat(concat({"--source", sample_bucket().string(), "--sink", sink, "--log-format", "json"}, sample_date_args()),
                extra);
}

}  // namespace

TEST_CASE("driver: a re-run skips loaded files and --reprocess replaces their rows", "[e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const std::string sink = "sqlite:" + db.string();
  const auto objects = std::int64_t(injuries_objects().size());
  REQUIRE(run_driver(args(sink), tmp.path()).exit_code == 0);
  const std::size_t rows_after_first = rows_from_sqlite(db, "bdl_injuries").size();
  REQUIRE(rows_after_first == golden_row_total());

  const ProcessResult again = run_driver(args(sink), tmp.path());
  CHECK(again.exit_code == 0);
  const auto again_summary = summary_of(again);
  CHECK(files_with(again_summary, "skipped") == objects);
  CHECK(files_with(again_summary, "success") == 0);
  CHECK(again_summary.at("rows").to_number<std::int64_t>() == 0);
  CHECK(rows_from_sqlite(db, "bdl_injuries").size() == rows_after_first);

  const ProcessResult reprocess = run_driver(args(sink, {"--reprocess"}), tmp.path());
  CHECK(reprocess.exit_code == 0);
  const auto reprocess_summary = summary_of(reprocess);
  CHECK(files_with(reprocess_summary, "success") == objects);
  CHECK(files_with(reprocess_summary, "skipped") == 0);
  CHECK(rows_from_sqlite(db, "bdl_injuries").size() == rows_after_first);  // replaced, not duplicated
  check_equals_goldens(sqlite_rows(db));
}

TEST_CASE("driver: --dry-run lists the files it would process and creates no database", "[e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "dry" / "nba_raw.db";
  fs::create_directories(db.parent_path());
  const ProcessResult r = run_driver(concat({"--source", sample_bucket().string(), "--sink", "sqlite:" + db.string(),
                                             "--dry-run", "--log-format", "text"},
                                            sample_date_args()),
                                     tmp.path());
  CHECK(r.exit_code == 0);
  for (const auto& name : injuries_objects()) CHECK_THAT(r.err, Catch::Contains("would process " + name));
  // The listing shape and each folder listed come first.
  CHECK_THAT(r.err, Catch::Contains("listing a folder per date"));
  for (const auto& name : injuries_objects())
    CHECK_THAT(r.err, Catch::Contains("would list " + name.substr(0, name.rfind('/') + 1)));
  CHECK_FALSE(fs::exists(db));
  CHECK(fs::is_empty(db.parent_path()));  // no -wal/-shm either
  CHECK_FALSE(fs::exists(tmp / "nba_raw.db"));
}
