#include <nbaraw/backfill.hpp>

#include "support/object_names.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using nbaraw::ObjectInfo;
using nbaraw::Selection;

using nbaraw::test::names_of;

namespace {

std::vector<ObjectInfo> listing(const std::vector<std::string>& names) {
  std::vector<ObjectInfo> out;
  for (const auto& n : names) out.push_back({n, 10, "10:1"});
  return out;
}

nbaraw::ProcessorInfo info_with(Selection selection) {
  nbaraw::ProcessorInfo info;  // default suffixes: .json and .json.gz
  info.selection = selection;
  return info;
}

}  // namespace

TEST_CASE("select_objects keeps only names with a listed suffix", "[select_objects]") {
  auto kept = nbaraw::select_objects(listing({"p/2024-01-01/a.json", "p/2024-01-01/b.json.gz", "p/2024-01-01/c.pdf",
                                              "p/2024-01-01/d.json.tmp", "p/2024-01-01/ejson", "p/2024-01-01/f.JSON",
                                              "p/2024-01-01/g.gz"}),
                                     info_with(Selection::all_files));
  CHECK(names_of(kept) == std::vector<std::string>{"p/2024-01-01/a.json", "p/2024-01-01/b.json.gz"});

  // The processor's own suffixes replace the default ones.
  auto csv = info_with(Selection::all_files);
  csv.suffixes = {".csv"};
  CHECK(names_of(nbaraw::select_objects(listing({"a.json", "b.csv"}), csv)) == std::vector<std::string>{"b.csv"});
}

TEST_CASE("select_objects all_files keeps every match in listing order", "[select_objects]") {
  const std::vector<std::string> names{"p/2024-01-01/1.json", "p/2024-01-01/2.json", "p/2024-01-02/1.json"};
  CHECK(names_of(nbaraw::select_objects(listing(names), info_with(Selection::all_files))) == names);
}

TEST_CASE("select_objects latest_per_day keeps the newest file per date folder", "[select_objects]") {
  auto kept = nbaraw::select_objects(listing({
                                         "p/2024-01-01/game1/20240101_090000.json",
                                         "p/2024-01-01/game2/20240101_080000.json",
                                         "p/2024-01-01/game2/20240101_070000.json",
                                         "p/2024-01-02/20240102_010000.json.gz",
                                         "p/2024-01-02/20240102_230000.json",
                                         "p/2024-01-02/zzz-notes.json",            // greatest name, but no scrape time
                                         "p/2024-01-02/20240102_235900.pdf",  // newest, but not a JSON file
                                     }),
                                     info_with(Selection::latest_per_day));
  // One per day: the latest scrape time in the file names (core/recency.hpp), not the greatest name.
  CHECK(names_of(kept) ==
        std::vector<std::string>{"p/2024-01-01/game1/20240101_090000.json", "p/2024-01-02/20240102_230000.json"});
}

TEST_CASE("select_objects latest_per_folder keeps the newest file per innermost folder", "[select_objects]") {
  auto kept = nbaraw::select_objects(listing({
                                         "p/2024-01-01/game2/20240101_070000.json",
                                         "p/2024-01-01/game1/20240101_090000.json",
                                         "p/2024-01-01/game2/20240101_080000.json",
                                         "p/2024-01-01/game1/20240101_100000-retry.json",
                                         "p/2024-01-01/game1/20240101_010000.json",
                                         "p/2024-01-02/20240102_230000.json",
                                     }),
                                     info_with(Selection::latest_per_folder));
  CHECK(names_of(kept) == std::vector<std::string>{"p/2024-01-01/game1/20240101_100000-retry.json",
                                                   "p/2024-01-01/game2/20240101_080000.json",
                                                   "p/2024-01-02/20240102_230000.json"});

  // Names without a scrape time: the later creation (generation) wins, not the greater name.
  std::vector<ObjectInfo> unnamed{{"p/2024-01-01/g/b.json", 10, "10:200"}, {"p/2024-01-01/g/a.json", 10, "10:300"}};
  CHECK(names_of(nbaraw::select_objects(unnamed, info_with(Selection::latest_per_folder))) ==
        std::vector<std::string>{"p/2024-01-01/g/a.json"});
}
