// Every listing shape end to end over a local bucket: the folders the planner lists for the dates, the
// selection rules, prefixes tried in order, sharding by the unit, --dry-run, and loading into SQLite with the
// ledger.
#include <nbaraw/backfill.hpp>

#include "backfill_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

/// The test processor (items -> rows) under another listing shape, prefixes and selection.
class ShapedProcessor : public TestProcessor {
 public:
  ShapedProcessor(std::vector<std::string> prefixes, ListingShape shape, Selection selection = Selection::all_files) {
    info_ = TestProcessor::info();
    info_.prefixes = std::move(prefixes);
    info_.listing = shape;
    info_.selection = selection;
  }
  const ProcessorInfo& info() const { return info_; }

 private:
  ProcessorInfo info_;
};

ListingShape shape_of(Layout layout, Newest newest = Newest::by_name_then_creation) {
  ListingShape shape;
  shape.layout = layout;
  shape.newest = newest;
  return shape;
}

/// Also keeps what a dry run says it lists.
class ListingReporter : public RecordingReporter {
 public:
  void would_list(const ListingShape& shape, const std::vector<ListingFolder>& folders) override {
    described = describe(shape);
    for (const auto& f : folders) listed.push_back(f.path);
  }
  std::string described;
  std::vector<std::string> listed;
};

class ShapeBench : public BackfillBench {
 public:
  /// Writes the file and sets its modification time (a local object's creation) to `age` seconds after an
  /// hour ago, so that "newest by creation" is decided by the test, not by the order of writes.
  void put_created(std::string_view name, int age) {
    put(name, items_doc({name}));
    std::filesystem::last_write_time(path_of(name), base_ + std::chrono::seconds(age));
  }

  BackfillPlan plan_of(const ShapedProcessor& processor, BackfillOptions options) {
    SqliteSink sink(database(), SqliteSink::Mode::read_only);
    Reporter quiet;
    return Backfill<ShapedProcessor, ObservedSource, SqliteSink>(processor, source(), sink, std::move(options), quiet).plan();
  }

  const std::filesystem::file_time_type base_ = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);

  RunSummary run_of(const ShapedProcessor& processor, BackfillOptions options, Reporter& reporter) {
    SqliteSink sink(database(), options.dry_run ? SqliteSink::Mode::read_only : SqliteSink::Mode::read_write);
    return Backfill<ShapedProcessor, ObservedSource, SqliteSink>(processor, source(), sink, std::move(options), reporter).run();
  }
};

BackfillOptions on_dates(std::vector<Date> dates) {
  BackfillOptions options;
  options.dates = std::move(dates);
  options.progress_every = 0;
  return options;
}

}  // namespace

TEST_CASE("season folders: a season is listed for any date inside it, and its newest file by creation is kept",
          "[io][listing]") {
  ShapeBench bench;
  bench.put_created("nba-com/schedule/2023-24/20240101_000000.json", 10);
  bench.put_created("nba-com/schedule/2024-25/20250918_011314.json", 20);  // the latest name, created first
  bench.put_created("nba-com/schedule/2024-25/20250101_000000.json", 30);
  bench.put_created("nba-com/schedule/2025-26/20251001_000000.json", 40);
  const ShapedProcessor schedule({"nba-com/schedule"}, shape_of(Layout::season_folders, Newest::by_creation),
                                 Selection::latest_per_season);

  CHECK(names_of(bench.plan_of(schedule, on_dates({{2025, 1, 15}})).to_process) ==
        std::vector<std::string>{"nba-com/schedule/2024-25/20250101_000000.json"});
  // October 1st starts the next season; September 30th is still the last one.
  CHECK(names_of(bench.plan_of(schedule, on_dates({{2024, 9, 30}, {2025, 10, 1}})).to_process) ==
        std::vector<std::string>{"nba-com/schedule/2023-24/20240101_000000.json",
                                 "nba-com/schedule/2025-26/20251001_000000.json"});

  // Loaded with the ledger: the file is read once, the second run skips it.
  RecordingReporter first, second;
  CHECK(bench.run_of(schedule, on_dates({{2025, 1, 15}}), first).count(FileStatus::success) == 1);
  CHECK(bench.table() == std::vector<std::string>{
                             "nba-com/schedule/2024-25/20250101_000000.json nba-com/schedule/2024-25/20250101_000000.json 1"});
  CHECK(bench.run_of(schedule, on_dates({{2024, 11, 1}, {2025, 3, 1}}), second).count(FileStatus::skipped) == 1);
}

TEST_CASE("compact date folders: listed by their date, the newest file of each game folder", "[io][listing]") {
  ShapeBench bench;
  bench.put_created("nba-com/team-boxscore/20250115/0022400561/20250116_031500.json", 20);
  bench.put_created("nba-com/team-boxscore/20250115/0022400561/20250116_020000.json", 30);
  bench.put_created("nba-com/team-boxscore/20250115/0022400562/20250116_020000.json", 10);
  bench.put_created("nba-com/team-boxscore/20250116/0022400570/20250117_020000.json", 10);
  bench.put_created("nba-com/team-boxscore/2025-01-15/0022400561/20250116_020000.json", 10);  // not this shape
  const ShapedProcessor boxscores({"nba-com/team-boxscore"}, shape_of(Layout::compact_date_folders, Newest::by_creation),
                                  Selection::latest_per_folder);
  CHECK(names_of(bench.plan_of(boxscores, on_dates({{2025, 1, 15}})).to_process) ==
        std::vector<std::string>{"nba-com/team-boxscore/20250115/0022400561/20250116_020000.json",
                                 "nba-com/team-boxscore/20250115/0022400562/20250116_020000.json"});
}

TEST_CASE("season date folders: each date under its season's folder, every file", "[io][listing]") {
  ShapeBench bench;
  bench.put_created("ball-dont-lie/standings/2024-25/2025-04-14/20250414_100000.json", 1);
  bench.put_created("ball-dont-lie/standings/2024-25/2025-04-15/20250415_100000.json", 1);
  bench.put_created("ball-dont-lie/standings/2024-25/2025-04-15/20250415_200000.json", 1);
  bench.put_created("ball-dont-lie/standings/2024-25/2025-04-16/20250416_100000.json", 1);
  bench.put_created("ball-dont-lie/standings/2023-24/2025-04-15/20250415_100000.json", 1);  // the wrong season
  const ShapedProcessor standings({"ball-dont-lie/standings"}, shape_of(Layout::season_date_folders));
  CHECK(names_of(bench.plan_of(standings, on_dates(dates_between({2025, 4, 14}, {2025, 4, 15}))).to_process) ==
        std::vector<std::string>{"ball-dont-lie/standings/2024-25/2025-04-14/20250414_100000.json",
                                 "ball-dont-lie/standings/2024-25/2025-04-15/20250415_100000.json",
                                 "ball-dont-lie/standings/2024-25/2025-04-15/20250415_200000.json"});
}

TEST_CASE("a whole prefix is listed whatever the dates", "[io][listing]") {
  ShapeBench bench;
  bench.put_created("nba-com/player-movement/2025-07-17/20250717_234438.json", 1);
  bench.put_created("nba-com/player-movement/2020-01-01/20200101_000000.json", 1);
  bench.put_created("nba-com/player-movement/loose.json", 1);
  const ShapedProcessor movement({"nba-com/player-movement"}, shape_of(Layout::whole_prefix));
  const std::vector<std::string> all{"nba-com/player-movement/2020-01-01/20200101_000000.json",
                                     "nba-com/player-movement/2025-07-17/20250717_234438.json",
                                     "nba-com/player-movement/loose.json"};
  CHECK(names_of(bench.plan_of(movement, on_dates({{2030, 1, 1}})).to_process) == all);
  CHECK(names_of(bench.plan_of(movement, on_dates({})).to_process) == all);
}

TEST_CASE("prefixes tried in order: per date the first prefix holding files, its newest by creation", "[io][listing]") {
  ShapeBench bench;
  // 2025-01-08: the first prefix holds only a file the suffixes leave out; the second has two; the third too.
  bench.put("a/2025-01-08/notes.txt", "not a data file");
  bench.put_created("b/2025-01-08/20250108_120000.json", 20);
  bench.put_created("b/2025-01-08/20250108_090000.json", 30);
  bench.put_created("c/2025-01-08/20250108_230000.json", 90);
  // 2025-01-09: only the third prefix.
  bench.put_created("c/2025-01-09/20250109_090000.json", 10);
  ListingShape shape = shape_of(Layout::date_folders, Newest::by_creation);
  shape.first_prefix_with_files = true;
  const ShapedProcessor referee({"a", "b", "c"}, shape, Selection::latest_per_day);
  const BackfillOptions options = on_dates({{2025, 1, 8}, {2025, 1, 9}});
  CHECK(names_of(bench.plan_of(referee, options).to_process) ==
        std::vector<std::string>{"b/2025-01-08/20250108_090000.json", "c/2025-01-09/20250109_090000.json"});

  SECTION("a prefix that cannot be listed fails its date rather than letting a later prefix stand in") {
    bench.source().before_list = [](std::string_view prefix) {
      if (prefix == "a/2025-01-08/") throw std::runtime_error("listing refused");
    };
    const BackfillPlan plan = bench.plan_of(referee, options);
    CHECK(names_of(plan.to_process) == std::vector<std::string>{"c/2025-01-09/20250109_090000.json"});
    REQUIRE(plan.failed_listings.size() == 1);
    CHECK(plan.failed_listings[0].prefix == "a/2025-01-08/");
  }
  SECTION("without the rule every prefix's files are kept") {
    const ShapedProcessor every({"a", "b", "c"}, shape_of(Layout::date_folders, Newest::by_creation), Selection::latest_per_day);
    CHECK(names_of(bench.plan_of(every, options).to_process) ==
          std::vector<std::string>{"b/2025-01-08/20250108_090000.json", "c/2025-01-08/20250108_230000.json",
                                   "c/2025-01-09/20250109_090000.json"});
  }
}

TEST_CASE("sharding keeps a season whole in one task, and the tasks together are the plan", "[io][listing]") {
  ShapeBench bench;
  std::vector<Date> dates;
  for (int year = 2015; year < 2025; ++year) {
    dates.push_back({year, 12, 1});
    for (const char* team : {"LAL", "BOS"}) bench.put_created(fmt::format("rosters/{}/{}.json", season_folder(year), team), 1);
  }
  const ShapedProcessor rosters({"rosters"}, shape_of(Layout::season_folders));
  const std::size_t planned = bench.plan_of(rosters, on_dates(dates)).to_process.size();
  REQUIRE(planned == 20);
  std::multiset<std::string> shared;
  for (std::size_t task = 0; task < 3; ++task) {
    BackfillOptions options = on_dates(dates);
    options.shard = Shard(task, 3);
    const BackfillPlan plan = bench.plan_of(rosters, options);
    CHECK(plan.files_in_plan == planned);
    std::set<std::string> seasons;
    for (const auto& o : plan.to_process) {
      shared.insert(o.name);
      seasons.insert(o.name.substr(0, o.name.rfind('/')));
    }
    CHECK(plan.to_process.size() == seasons.size() * 2);  // both teams of every season it has
  }
  CHECK(shared.size() == planned);
  CHECK(std::set<std::string>(shared.begin(), shared.end()).size() == planned);
}

TEST_CASE("a dry run says the shape and the folders it lists, and changes nothing", "[io][listing]") {
  ShapeBench bench;
  bench.put_created("nba-com/schedule/2024-25/20250918_011314.json", 1);
  const ShapedProcessor schedule({"nba-com/schedule"}, shape_of(Layout::season_folders), Selection::latest_per_season);
  BackfillOptions options = on_dates(dates_between({2024, 9, 1}, {2024, 10, 31}));
  options.dry_run = true;
  ListingReporter reporter;
  bench.run_of(schedule, options, reporter);
  CHECK_THAT(reporter.described, Catch::Contains("season"));
  CHECK(reporter.listed == std::vector<std::string>{"nba-com/schedule/2023-24/", "nba-com/schedule/2024-25/"});
  CHECK(reporter.would == std::vector<std::string>{"nba-com/schedule/2024-25/20250918_011314.json: would run"});
  CHECK_FALSE(std::filesystem::exists(bench.database()));
}
