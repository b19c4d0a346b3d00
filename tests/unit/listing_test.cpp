#include <nbaraw/core/listing.hpp>

#include "support/object_names.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using nbaraw::Date;
using nbaraw::Layout;
using nbaraw::ListingFolder;
using nbaraw::ListingShape;
using nbaraw::Newest;
using nbaraw::ObjectInfo;
using nbaraw::Selection;

using nbaraw::test::names_of;

namespace {

ListingShape shape_of(Layout layout, unsigned season_start_month = 10) {
  ListingShape shape;
  shape.layout = layout;
  shape.season_start_month = season_start_month;
  return shape;
}

std::vector<std::string> paths_of(const std::vector<ListingFolder>& folders) {
  std::vector<std::string> out;
  for (const auto& f : folders) out.push_back(f.path);
  return out;
}


}  // namespace

TEST_CASE("season_of starts the season in the given month", "[listing]") {
  CHECK(nbaraw::season_of(Date{2024, 10, 1}) == 2024);
  CHECK(nbaraw::season_of(Date{2024, 9, 30}) == 2023);
  CHECK(nbaraw::season_of(Date{2025, 6, 22}) == 2024);
  // The standings scraper's rule: September already belongs to the new season.
  CHECK(nbaraw::season_of(Date{2025, 9, 20}, 9) == 2025);
  CHECK(nbaraw::season_of(Date{2025, 8, 31}, 9) == 2024);
}

TEST_CASE("season folders are named and read as YYYY-YY with consecutive years", "[listing]") {
  CHECK(nbaraw::season_folder(2024) == "2024-25");
  CHECK(nbaraw::season_folder(2099) == "2099-00");
  CHECK(nbaraw::parse_season_folder("2024-25") == 2024);
  CHECK(nbaraw::parse_season_folder("2099-00") == 2099);
  CHECK_FALSE(nbaraw::parse_season_folder("2024-26"));
  CHECK_FALSE(nbaraw::parse_season_folder("2024-2025"));
  CHECK_FALSE(nbaraw::parse_season_folder("2024_25"));
  CHECK_FALSE(nbaraw::parse_season_folder("20a4-25"));
  CHECK(nbaraw::parse_compact_date("20250115") == Date{2025, 1, 15});
  CHECK_FALSE(nbaraw::parse_compact_date("20250230"));
  CHECK_FALSE(nbaraw::parse_compact_date("2025011"));
  CHECK_FALSE(nbaraw::parse_compact_date("0022400561"));
}

TEST_CASE("listing_folders lays the dates out by the shape", "[listing]") {
  const std::vector<std::string> prefix{"p"};
  const std::vector<Date> dates{{2025, 1, 15}, {2024, 10, 22}, {2025, 1, 15}};  // unsorted, a duplicate

  CHECK(paths_of(nbaraw::listing_folders(ListingShape{}, prefix, dates)) ==
        std::vector<std::string>{"p/2024-10-22/", "p/2025-01-15/"});
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::compact_date_folders), prefix, dates)) ==
        std::vector<std::string>{"p/20241022/", "p/20250115/"});
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::season_date_folders), prefix, {{2024, 9, 30}, {2024, 10, 1}})) ==
        std::vector<std::string>{"p/2023-24/2024-09-30/", "p/2024-25/2024-10-01/"});
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::season_date_folders, 9), prefix, {{2024, 9, 30}})) ==
        std::vector<std::string>{"p/2024-25/2024-09-30/"});
  // Both dates fall in 2024-25: one folder.
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::season_folders), prefix, dates)) ==
        std::vector<std::string>{"p/2024-25/"});
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::season_folders), prefix, {{2024, 6, 1}, {2025, 10, 1}})) ==
        std::vector<std::string>{"p/2023-24/", "p/2025-26/"});
  // A whole prefix is listed whatever the dates, even none.
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::whole_prefix), prefix, dates)) == std::vector<std::string>{"p/"});
  CHECK(paths_of(nbaraw::listing_folders(shape_of(Layout::whole_prefix), prefix, {})) == std::vector<std::string>{"p/"});
  CHECK(nbaraw::listing_folders(ListingShape{}, prefix, {}).empty());
}

TEST_CASE("listing_folders gives each unit's prefixes together, in their order", "[listing]") {
  const auto folders = nbaraw::listing_folders(ListingShape{}, {"a", "b"}, {{2025, 1, 9}, {2025, 1, 8}});
  CHECK(folders == std::vector<ListingFolder>{{"a/2025-01-08/", "2025-01-08", 0},
                                              {"b/2025-01-08/", "2025-01-08", 1},
                                              {"a/2025-01-09/", "2025-01-09", 0},
                                              {"b/2025-01-09/", "2025-01-09", 1}});
  const auto seasons = nbaraw::listing_folders(shape_of(Layout::season_folders), {"a"}, {{2025, 1, 9}});
  REQUIRE(seasons.size() == 1);
  CHECK(seasons[0].unit == "2024-25");
}

TEST_CASE("folder_info reads the date, season and unit of every shape", "[listing]") {
  SECTION("date folders: the first date folder, its season, the date as the unit") {
    const auto info = nbaraw::folder_info("nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/x.json", ListingShape{});
    CHECK(info.date == Date{2024, 4, 10});
    CHECK(info.season == 2023);
    CHECK(info.unit == "2024-04-10");
  }
  SECTION("compact date folders") {
    const auto info =
        nbaraw::folder_info("nba-com/team-boxscore/20250115/0022400561/20250116_031500.json", shape_of(Layout::compact_date_folders));
    CHECK(info.date == Date{2025, 1, 15});
    CHECK(info.season == 2024);
    CHECK(info.unit == "2025-01-15");
  }
  SECTION("season folders: the season, no date, the season as the unit") {
    const auto info = nbaraw::folder_info("nba-com/schedule/2024-25/20250918_011314.json", shape_of(Layout::season_folders));
    CHECK_FALSE(info.date);
    CHECK(info.season == 2024);
    CHECK(info.unit == "2024-25");
  }
  SECTION("season date folders: the season from its folder, whatever the season rule says of the date") {
    const auto info = nbaraw::folder_info("ball-dont-lie/standings/2025-26/2025-09-20/x.json", shape_of(Layout::season_date_folders));
    CHECK(info.date == Date{2025, 9, 20});
    CHECK(info.season == 2025);
    CHECK(info.unit == "2025-09-20");
  }
  SECTION("the file name is never a folder") {
    const auto info = nbaraw::folder_info("p/2024-25", shape_of(Layout::season_folders));
    CHECK_FALSE(info.season);
    CHECK(info.unit == "p/");
    CHECK_FALSE(nbaraw::folder_info("p/20250115", shape_of(Layout::compact_date_folders)).date);
  }
  SECTION("a name without the shape's folders is its own folder's unit") {
    const auto info = nbaraw::folder_info("nba-com/player-movement/x.json", shape_of(Layout::whole_prefix));
    CHECK_FALSE(info.date);
    CHECK_FALSE(info.season);
    CHECK(info.unit == "nba-com/player-movement/");
    // A whole prefix's date folders still say their date.
    CHECK(nbaraw::folder_info("nba-com/player-movement/2025-07-17/x.json", shape_of(Layout::whole_prefix)).unit == "2025-07-17");
  }
}

TEST_CASE("take_shard keeps a unit whole in one task, and the tasks together are the plan", "[listing]") {
  const ListingShape seasons = shape_of(Layout::season_folders);
  std::vector<ObjectInfo> plan;
  for (int year = 2015; year < 2025; ++year)
    for (const char* team : {"LAL", "BOS", "MIA"})
      plan.push_back({"basketball-ref/season-rosters/" + nbaraw::season_folder(year) + "/" + team + ".json", 1, "1"});
  std::multiset<std::string> all;
  for (std::size_t task = 0; task < 3; ++task) {
    std::set<std::string> units;
    for (const auto& o : nbaraw::take_shard(plan, nbaraw::Shard(task, 3), seasons)) {
      all.insert(o.name);
      units.insert(nbaraw::folder_info(o.name, seasons).unit);
    }
    // Every season this task has, it has all three teams of.
    std::size_t files = 0;
    for (const auto& o : plan) files += units.contains(nbaraw::folder_info(o.name, seasons).unit);
    CHECK(files == units.size() * 3);
  }
  const std::vector<std::string> planned = names_of(plan);
  CHECK(all == std::multiset<std::string>(planned.begin(), planned.end()));
}

TEST_CASE("select_latest keeps the newest of each day, folder or season", "[listing]") {
  auto object = [](std::string name, std::string generation) { return ObjectInfo{std::move(name), 1, std::move(generation)}; };
  SECTION("latest per season, by creation: the name's time does not count") {
    ListingShape shape = shape_of(Layout::season_folders);
    shape.newest = Newest::by_creation;
    const std::vector<ObjectInfo> listed{object("s/2024-25/20250918_011314.json", "100"),
                                         object("s/2024-25/20250101_000000.json", "200"),
                                         object("s/2023-24/20240101_000000.json", "50")};
    CHECK(names_of(nbaraw::select_latest(listed, Selection::latest_per_season, shape)) ==
          std::vector<std::string>{"s/2023-24/20240101_000000.json", "s/2024-25/20250101_000000.json"});
    shape.newest = Newest::by_name_then_creation;
    CHECK(names_of(nbaraw::select_latest(listed, Selection::latest_per_season, shape)) ==
          std::vector<std::string>{"s/2023-24/20240101_000000.json", "s/2024-25/20250918_011314.json"});
  }
  SECTION("latest per folder under compact dates: one file per game") {
    ListingShape shape = shape_of(Layout::compact_date_folders);
    shape.newest = Newest::by_creation;
    const std::vector<ObjectInfo> listed{object("t/20250115/g1/a.json", "1"), object("t/20250115/g1/b.json", "3"),
                                         object("t/20250115/g2/c.json", "2")};
    CHECK(names_of(nbaraw::select_latest(listed, Selection::latest_per_folder, shape)) ==
          std::vector<std::string>{"t/20250115/g1/b.json", "t/20250115/g2/c.json"});
    CHECK(names_of(nbaraw::select_latest(listed, Selection::latest_per_day, shape)) ==
          std::vector<std::string>{"t/20250115/g1/b.json"});
  }
  SECTION("all files: every one, by name") {
    const std::vector<ObjectInfo> listed{object("p/2024-01-02/b.json", "1"), object("p/2024-01-01/a.json", "2")};
    CHECK(names_of(nbaraw::select_latest(listed, Selection::all_files, ListingShape{})) ==
          std::vector<std::string>{"p/2024-01-01/a.json", "p/2024-01-02/b.json"});
  }
}

TEST_CASE("newness_key by creation orders by the creation number, then the name", "[listing]") {
  const ObjectInfo older{"p/20250101_000000.json", 1, "9"}, newer{"p/20240101_000000.json", 1, "10"};
  CHECK(nbaraw::newness_key(newer, Newest::by_creation) > nbaraw::newness_key(older, Newest::by_creation));
  CHECK(nbaraw::newness_key(newer, Newest::by_name_then_creation) < nbaraw::newness_key(older, Newest::by_name_then_creation));
  // A local file's generation is "size:mtime_ns": the mtime is its creation.
  CHECK(nbaraw::newness_key({"p/a.json", 1, "5:200"}, Newest::by_creation) >
        nbaraw::newness_key({"p/b.json", 1, "900:100"}, Newest::by_creation));
}

TEST_CASE("folder_pattern and describe say the shape", "[listing]") {
  CHECK(nbaraw::folder_pattern(ListingShape{}, "p") == "p/<YYYY-MM-DD>/");
  CHECK(nbaraw::folder_pattern(shape_of(Layout::season_date_folders), "p") == "p/<YYYY-YY>/<YYYY-MM-DD>/");
  CHECK(nbaraw::folder_pattern(shape_of(Layout::whole_prefix), "p") == "p/");
  ListingShape referee;
  referee.first_prefix_with_files = true;
  referee.newest = Newest::by_creation;
  CHECK_THAT(nbaraw::describe(referee), Catch::Contains("first prefix") && Catch::Contains("by creation"));
  CHECK_THAT(nbaraw::describe(shape_of(Layout::season_folders, 9)), Catch::Contains("month 9"));
}
