// The test kit itself: which files a prefix holds, the fixtures every job's manifest lists, and the helpers
// the processors' tests build their inputs and read their rows with.
#include "support/processor_kit.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/processors/bdl_injuries.hpp>

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

TEST_CASE("kit: one_row_of_record wraps the record, transform_as runs the processor under the object name",
          "[kit]") {
  using nbaraw::processors::BdlInjuries;
  const auto wrap = [](boost::json::array records) { return boost::json::object{{"injuries", std::move(records)}}; };
  const boost::json::value record = boost::json::parse(
      R"({"player":{"id":7,"first_name":"Ja","last_name":"Morant","team_id":15},"status":"Out","description":"Knee"})");
  const std::string name = "ball-dont-lie/injuries/2025-07-15/20250715_143022.json";
  const nbaraw::Row row = one_row_of_record<BdlInjuries>(wrap, record, name);
  CHECK(row.at("bdl_player_id") == 7);
  CHECK(row.at("player_full_name") == "Ja Morant");
  CHECK(row.at("source_file_path").as_string() == name);
  CHECK(row.at("scrape_date") == "2025-07-15");
  const auto result = transform_as<BdlInjuries>(wrap(boost::json::array{record, record}),
                                                "ball-dont-lie/injuries/2024-01-02/20240102_080000.json");
  REQUIRE(result.rows.size() == 2);
  CHECK(result.rows.back().at("scrape_date") == "2024-01-02");
}

TEST_CASE("kit: sample_with replaces members of a real sample object and keeps the rest", "[kit]") {
  const std::string object = "ball-dont-lie/injuries/2025-07-15/20250715_143022.json";
  const boost::json::value sample = read_sample(object);
  REQUIRE(sample.at("injuries").as_array().size() > 1);
  const boost::json::object doc = sample_with(object, {{"injuries", boost::json::array{42}}, {"ident", "team"}});
  CHECK(doc.at("injuries") == boost::json::array{42});
  CHECK(doc.at("ident") == "team");
  CHECK(doc.size() == sample.as_object().size());
  CHECK(doc.at("timestamp") == sample.at("timestamp"));
  CHECK(sample_with(object, {{"extra", true}}).size() == sample.as_object().size() + 1);
  CHECK(sample_with(object, {}) == sample);
}

TEST_CASE("kit: comma_list splits a text column at each comma, and a NULL column is no items", "[kit]") {
  using list = std::vector<std::string>;
  CHECK(comma_list(nullptr).empty());
  CHECK(comma_list("missing_status") == list{"missing_status"});
  CHECK(comma_list("a,b,c") == list{"a", "b", "c"});
  CHECK(comma_list("a,,b ") == list{"a", "", "b "});  // empty items and spaces kept
  CHECK(comma_list("") == list{""});
}
