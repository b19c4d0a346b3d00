// bdl_injuries_backfill command-line errors: exit 2 and exactly one line on stderr naming the problem.
#include "driver.hpp"

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

TEST_CASE("driver: command-line errors exit 2 with one line naming the problem", "[e2e]") {
  TempDir tmp;
  const std::string source = sample_bucket().string();
  const std::string sink = "sqlite:" + (tmp / "nba_raw.db").string();
  const std::string missing = (tmp / "no-such-folder").string();
  // arguments, what the line must name
  auto [args, named] = GENERATE_REF(table<std::vector<std::string>, std::string>({
      {{"--source", source, "--sink", sink, "--start-date", "2025-07-16", "--end-date", "2025-07-15"}, "after"},
      {{"--source", source, "--sink", sink, "--start-date", "2025/07/15"}, "2025/07/15"},
      {{"--source", source, "--sink", sink, "--end-date", "2025-02-30"}, "2025-02-30"},
      {{"--source", source, "--sink", sink, "--frobnicate"}, "--frobnicate"},
      {{"--source", source, "--sink", "postgres://db/nba"}, "postgres://db/nba"},
      {{"--source", missing, "--sink", sink}, missing},
  }));
  const ProcessResult r = run_driver(args, tmp.path());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  REQUIRE_FALSE(r.err.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.back() == '\n');
  CHECK_THAT(r.err, Catch::Contains(named));
  CHECK_FALSE(fs::exists(tmp / "nba_raw.db"));  // nothing was loaded anywhere
}
