// The test kit itself: which files a prefix holds, and the fixtures every job's manifest lists.
#include "support/processor_kit.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace nbaraw::test;

TEST_CASE("kit: files_under lists the files of each prefix's folder, sorted, each once", "[kit]") {
  TempDir root;
  root.write("odds-api/player-props-history/2024-01-24/b.json", "{}");
  root.write("odds-api/player-props-history/2024-01-24/a.json", "{}");
  root.write("odds-api/game-lines-history/2024-01-24/c.json", "{}");
  root.write("odds-api/player-props.json", "{}");  // a file named like the prefix is not under it
  const std::vector<std::string> expected{"odds-api/player-props-history/2024-01-24/a.json",
                                          "odds-api/player-props-history/2024-01-24/b.json"};
  CHECK(files_under(root.path(), {"odds-api/player-props", "odds-api/player-props-history"}) == expected);
  CHECK(files_under(root.path(), {"odds-api/player-props-history", "odds-api"}).size() == 4);  // nested: each once
  CHECK(files_under(root.path(), {"nothing-here"}).empty());
}

TEST_CASE("kit: every path of a fixtures manifest is in the repository, as a sample and a golden", "[kit]") {
  std::size_t listed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures_dir())) {
    if (entry.path().extension() != ".txt") continue;
    std::istringstream lines(read_text(entry.path()));
    std::string line;
    while (std::getline(lines, line)) {
      line = line.substr(0, line.find('#'));
      line.erase(0, line.find_first_not_of(" \t"));
      line.erase(line.find_last_not_of(" \t\r") + 1);
      if (line.empty()) continue;
      INFO(entry.path().filename().string() << ": " << line);
      CHECK(std::filesystem::exists(sample_bucket() / line));
      CHECK(std::filesystem::exists(golden_dir() / line));
      ++listed;
    }
  }
  CHECK(listed >= 4);
  CHECK(std::filesystem::exists(compare_rows_py()));
}

TEST_CASE("kit: one_row, counter and any_contains", "[kit]") {
  nbaraw::TransformResult result;
  result.rows.push_back(nbaraw::Row{{"a", 1}});
  result.counters.emplace_back("rows", 1.0);
  result.skipped.push_back("record 3: no player id");
  CHECK(one_row(result).at("a") == 1);
  CHECK(counter(result.counters, "rows") == 1.0);
  CHECK(counter(result.counters, "missing") == 0.0);
  CHECK(any_contains(result.skipped, "player id"));
  CHECK_FALSE(any_contains(result.skipped, "team"));
}
