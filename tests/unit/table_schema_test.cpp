#include <nbaraw/core/table_schema.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <string>

using nbaraw::Column;
using nbaraw::ColumnMode;
using nbaraw::ColumnType;
using nbaraw::Partitioning;
using nbaraw::Strategy;
using nbaraw::StrategyKind;
using nbaraw::TableSchema;

namespace {

TableSchema sound_schema() {
  TableSchema s;
  s.table = "injuries";
  s.columns = {{"player_lookup", ColumnType::STRING, ColumnMode::REQUIRED},
               {"report_date", ColumnType::DATE},
               {"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED}};
  s.partitioning = {Partitioning::Kind::day, "report_date"};
  s.clustering = {"player_lookup"};
  return s;
}

const Strategy merge_on_player{StrategyKind::merge_update, {"player_lookup"}};

nbaraw::Row row(const char* json) { return boost::json::parse(json).as_object(); }

}  // namespace

TEST_CASE("schema_problem accepts a sound schema", "[table_schema]") {
  CHECK_FALSE(nbaraw::schema_problem(sound_schema(), merge_on_player));
  CHECK_FALSE(nbaraw::schema_problem(sound_schema(), Strategy{}));  // append_always needs no keys
  CHECK_FALSE(nbaraw::schema_problem(sound_schema(), Strategy{StrategyKind::replace_table, {}}));
  CHECK_FALSE(nbaraw::schema_problem(sound_schema(), Strategy{StrategyKind::merge_keep, {"player_lookup"}, {"report_date"}}));
  CHECK(sound_schema().qualified_name() == "nba_raw.injuries");
}

TEST_CASE("schema_problem rejects names that are not identifiers", "[table_schema]") {
  const std::string bad = GENERATE(as<std::string>{}, "a-b", "1x", "a\"b", "a b", "a.b", "`a`", "");
  INFO("name: '" << bad << "'");
  SECTION("column") {
    auto s = sound_schema();
    s.columns.push_back({bad});
    auto problem = nbaraw::schema_problem(s, merge_on_player);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("column name '" + bad + "'"));
  }
  SECTION("table") {
    auto s = sound_schema();
    s.table = bad;
    auto problem = nbaraw::schema_problem(s, merge_on_player);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("table name '" + bad + "'"));
  }
  SECTION("dataset") {
    auto s = sound_schema();
    s.dataset = bad;
    auto problem = nbaraw::schema_problem(s, merge_on_player);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("dataset name '" + bad + "'"));
  }
}

TEST_CASE("schema_problem accepts identifiers with digits and underscores", "[table_schema]") {
  auto s = sound_schema();
  s.columns.push_back({"_x1"});
  s.columns.push_back({"Pts_2024"});
  CHECK_FALSE(nbaraw::schema_problem(s, merge_on_player));
}

TEST_CASE("schema_problem names what is wrong", "[table_schema]") {
  auto s = sound_schema();
  Strategy strategy = merge_on_player;
  std::string expected;

  SECTION("a column declared twice") {
    s.columns.push_back({"report_date", ColumnType::STRING});
    expected = "report_date is declared twice";
  }
  SECTION("no columns") {
    s.columns.clear();
    expected = "no columns";
  }
  SECTION("no source_file_path") {
    s.columns.pop_back();
    expected = "source_file_path";
  }
  SECTION("source_file_path that is not a STRING") {
    s.columns.back().type = ColumnType::INT64;
    expected = "source_file_path";
  }
  SECTION("merge_update without keys") {
    strategy.keys.clear();
    expected = "merge_update needs key columns";
  }
  SECTION("insert_new_only without keys") {
    strategy = Strategy{StrategyKind::insert_new_only, {}};
    expected = "insert_new_only needs key columns";
  }
  SECTION("replace_table with keys") {
    strategy = Strategy{StrategyKind::replace_table, {"player_lookup"}};
    expected = "replace_table takes no key columns";
  }
  SECTION("insert_new_keys without keys") {
    strategy = Strategy{StrategyKind::insert_new_keys, {}};
    expected = "insert_new_keys needs key columns";
  }
  SECTION("merge_keep without columns to keep") {
    strategy = Strategy{StrategyKind::merge_keep, {"player_lookup"}};
    expected = "merge_keep needs the columns to keep";
  }
  SECTION("a kept column that is not a column") {
    strategy = Strategy{StrategyKind::merge_keep, {"player_lookup"}, {"first_seen_date"}};
    expected = "kept column first_seen_date is not a column";
  }
  SECTION("a kept column that is a key") {
    strategy = Strategy{StrategyKind::merge_keep, {"player_lookup"}, {"player_lookup"}};
    expected = "kept column player_lookup is a key column";
  }
  SECTION("kept columns under another strategy") {
    strategy = Strategy{StrategyKind::merge_update, {"player_lookup"}, {"player_lookup"}};
    expected = "keeps no columns";
  }
  SECTION("a key that is not a column") {
    strategy.keys.push_back("game_id");
    expected = "key column game_id";
  }
  SECTION("a partition field that is not a column") {
    s.partitioning.field = "game_date";
    expected = "partition field game_date";
  }
  SECTION("a clustering column that is not a column") {
    s.clustering.push_back("team_abbr");
    expected = "clustering column team_abbr";
  }
  auto problem = nbaraw::schema_problem(s, strategy);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains(expected));
}

TEST_CASE("row_problem accepts a fitting row and ignores unknown columns", "[table_schema]") {
  const auto s = sound_schema();
  CHECK_FALSE(nbaraw::row_problem(s, row(R"({"player_lookup":"x","report_date":"2024-01-01","source_file_path":"f"})")));
  // Nullable columns may be null or absent; extra columns are ignored.
  CHECK_FALSE(nbaraw::row_problem(s, row(R"({"player_lookup":"x","report_date":null,"source_file_path":"f"})")));
  CHECK_FALSE(nbaraw::row_problem(s, row(R"({"player_lookup":"x","source_file_path":"f","extra":[1,{}]})")));
}

TEST_CASE("row_problem: a required column missing or null", "[table_schema]") {
  const auto s = sound_schema();
  auto missing = nbaraw::row_problem(s, row(R"({"source_file_path":"f"})"));
  REQUIRE(missing);
  CHECK(*missing == "required column player_lookup is missing");
  auto null = nbaraw::row_problem(s, row(R"({"player_lookup":null,"source_file_path":"f"})"));
  REQUIRE(null);
  CHECK(*null == "required column player_lookup is null");
}

TEST_CASE("row_problem checks each value against its column type", "[table_schema]") {
  struct Case {
    ColumnType type;
    ColumnMode mode;
    const char* value;
    bool fits;
  };
  const auto c = GENERATE(values<Case>({
      {ColumnType::STRING, ColumnMode::NULLABLE, R"("s")", true},
      {ColumnType::STRING, ColumnMode::NULLABLE, "5", false},
      {ColumnType::STRING, ColumnMode::NULLABLE, "true", false},
      {ColumnType::INT64, ColumnMode::NULLABLE, "5", true},
      {ColumnType::INT64, ColumnMode::NULLABLE, "-5", true},
      {ColumnType::INT64, ColumnMode::NULLABLE, "18446744073709551615", true},
      {ColumnType::INT64, ColumnMode::NULLABLE, "5.0", false},
      {ColumnType::INT64, ColumnMode::NULLABLE, R"("5")", false},
      {ColumnType::FLOAT64, ColumnMode::NULLABLE, "5.5", true},
      {ColumnType::FLOAT64, ColumnMode::NULLABLE, "5", true},
      {ColumnType::FLOAT64, ColumnMode::NULLABLE, R"("5.5")", false},
      {ColumnType::NUMERIC, ColumnMode::NULLABLE, "0.25", true},
      {ColumnType::BOOLEAN, ColumnMode::NULLABLE, "false", true},
      {ColumnType::BOOLEAN, ColumnMode::NULLABLE, "1", false},
      {ColumnType::BOOLEAN, ColumnMode::NULLABLE, R"("true")", false},
      {ColumnType::DATE, ColumnMode::NULLABLE, R"("2024-01-01")", true},
      {ColumnType::DATE, ColumnMode::NULLABLE, "20240101", false},
      {ColumnType::TIMESTAMP, ColumnMode::NULLABLE, R"("2024-01-01T00:00:00Z")", true},
      {ColumnType::TIMESTAMP, ColumnMode::NULLABLE, "1704067200", false},
      {ColumnType::JSON, ColumnMode::NULLABLE, R"({"any":[1]})", true},
      {ColumnType::STRING, ColumnMode::REPEATED, R"(["a","b"])", true},
      {ColumnType::STRING, ColumnMode::REPEATED, "[]", true},
      {ColumnType::STRING, ColumnMode::REPEATED, R"("a")", false},
      {ColumnType::STRING, ColumnMode::REPEATED, R"(["a",1])", false},
      {ColumnType::INT64, ColumnMode::REPEATED, "[1,2.5]", false},
  }));
  TableSchema s;
  s.table = "t";
  s.columns = {{"v", c.type, c.mode}, {"source_file_path"}};
  const std::string json = std::string(R"({"source_file_path":"f","v":)") + c.value + "}";
  INFO(nbaraw::to_string(c.type) << " " << nbaraw::to_string(c.mode) << " given " << c.value);
  auto problem = nbaraw::row_problem(s, row(json.c_str()));
  CHECK(!problem == c.fits);
  if (problem) {
    CHECK_THAT(*problem, Catch::Contains("column v"));
    if (c.mode == ColumnMode::REPEATED && c.value[0] != '[') CHECK_THAT(*problem, Catch::Contains("array"));
    else CHECK_THAT(*problem, Catch::Contains(std::string(nbaraw::to_string(c.type))));
  }
}

TEST_CASE("key_of tells values, types and null apart", "[table_schema]") {
  const std::vector<std::string> keys{"a", "b"};
  const auto base = nbaraw::key_of(row(R"({"a":"x","b":1})"), keys);
  CHECK(base == nbaraw::key_of(row(R"({"b":1,"a":"x","c":"ignored"})"), keys));
  CHECK(base != nbaraw::key_of(row(R"({"a":"x","b":2})"), keys));
  CHECK(base != nbaraw::key_of(row(R"({"a":"x","b":"1"})"), keys));  // 1 and "1" differ
  CHECK(base != nbaraw::key_of(row(R"({"a":1,"b":"x"})"), keys));    // position matters
  CHECK(nbaraw::key_of(row(R"({"a":null,"b":1})"), keys) != nbaraw::key_of(row(R"({"a":"null","b":1})"), keys));
  CHECK(nbaraw::key_of(row(R"({"a":null,"b":1})"), keys) != base);
}
