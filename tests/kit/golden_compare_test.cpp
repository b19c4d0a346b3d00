// Self-test of tests/support/golden.hpp: it must catch real differences and accept the README's equivalences.
#include "support/golden.hpp"

#include <nbaraw/detail/sqlite.hpp>
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <tuple>

using nbaraw::test::compare_rows;
using nbaraw::test::GoldenDiff;

namespace {

boost::json::object row(std::string_view json) { return boost::json::parse(json).as_object(); }

boost::json::array golden(std::initializer_list<std::string_view> rows) {
  boost::json::array out;
  for (auto r : rows) out.push_back(row(r));
  return out;
}

std::vector<boost::json::object> actual(std::initializer_list<std::string_view> rows) {
  std::vector<boost::json::object> out;
  for (auto r : rows) out.push_back(row(r));
  return out;
}

constexpr std::string_view a_row = R"({"id":1,"team":"BOS","data_hash":"216789e1a3a761e4","processed_at":"2025-07-15T14:30:22.1"})";
constexpr std::string_view b_row = R"({"id":2,"team":"LAL","data_hash":"0000000000000000","processed_at":"2025-07-15T14:30:22.1"})";

}  // namespace

TEST_CASE("golden comparison accepts identical rows in any order", "[golden]") {
  const GoldenDiff diff = compare_rows(golden({a_row, b_row}), actual({b_row, a_row}));
  INFO(diff.message());
  CHECK(diff.ok());
  CHECK(diff.matched == 2);
}

TEST_CASE("golden comparison reports a changed value with column, golden and actual value", "[golden]") {
  const GoldenDiff diff =
      compare_rows(golden({a_row}), actual({R"({"id":1,"team":"BOS","data_hash":"216789e1a3a761e5"})"}));
  CHECK_FALSE(diff.ok());
  CHECK(diff.matched == 0);
  CHECK_THAT(diff.message(), Catch::Contains("data_hash") && Catch::Contains("216789e1a3a761e4") &&
                                 Catch::Contains("216789e1a3a761e5"));
  CHECK_THAT(diff.message(), !Catch::Contains("team:"));  // only the differing field is listed
}

TEST_CASE("golden comparison reports a missing row", "[golden]") {
  const GoldenDiff diff = compare_rows(golden({a_row, b_row}), actual({a_row}));
  CHECK_FALSE(diff.ok());
  CHECK(diff.matched == 1);
  CHECK_THAT(diff.message(), Catch::Contains("row count: golden 2, actual 1") && Catch::Contains("missing row"));
}

TEST_CASE("golden comparison reports an extra row", "[golden]") {
  const GoldenDiff diff = compare_rows(golden({a_row}), actual({a_row, b_row}));
  CHECK_FALSE(diff.ok());
  CHECK(diff.matched == 1);
  CHECK_THAT(diff.message(), Catch::Contains("row count: golden 1, actual 2") && Catch::Contains("extra actual row") &&
                                 Catch::Contains("LAL"));
}

TEST_CASE("golden comparison treats rows as a multiset: a duplicate does not stand in for another row", "[golden]") {
  CHECK_FALSE(compare_rows(golden({a_row, b_row}), actual({a_row, a_row})).ok());
  CHECK_FALSE(compare_rows(golden({a_row, a_row}), actual({a_row, b_row})).ok());
  CHECK(compare_rows(golden({a_row, a_row}), actual({a_row, a_row})).ok());
}

TEST_CASE("golden comparison ignores only the volatile columns", "[golden]") {
  auto column = GENERATE(as<std::string>{}, "processed_at", "created_at", "processed_by_run_id", "scrape_timestamp");
  const bool is_volatile = column != "scrape_timestamp";
  boost::json::object g = row(R"({"id":1})"), a = g;
  g[column] = "2025-07-15T14:30:22";
  a[column] = "2026-01-01T00:00:00";
  INFO(column);
  CHECK(compare_rows(boost::json::array{g}, {a}).ok() == is_volatile);
}

TEST_CASE("golden comparison flags a column the golden lacks only when it holds a value", "[golden]") {
  CHECK(compare_rows(golden({R"({"id":1})"}), actual({R"({"id":1,"nba_game_id":null})"})).ok());
  const GoldenDiff diff = compare_rows(golden({R"({"id":1})"}), actual({R"({"id":1,"nba_game_id":"0022400561"})"}));
  CHECK_FALSE(diff.ok());
  CHECK_THAT(diff.message(), Catch::Contains("nba_game_id"));
}

TEST_CASE("golden comparison equivalences: timestamps as instants, numbers as numbers, bools as 0/1, arrays as text",
          "[golden]") {
  // golden value, actual value (both JSON), equal?
  auto [g, a, equal] = GENERATE(table<std::string, std::string, bool>({
      {R"("2025-07-15T14:30:22")", R"("2025-07-15 14:30:22+00:00")", true},
      {R"("2025-07-15T14:30:22")", R"("2025-07-15T14:30:22Z")", true},
      {R"("2025-07-15 14:30:22+00:00")", R"("2025-07-15T14:30:22Z")", true},
      {R"("2025-07-15T14:30:22")", R"("2025-07-15T16:30:22+02:00")", true},   // offset applied
      {R"("2025-07-15T14:30:22")", R"("2025-07-15T13:30:22-0100")", true},    // offset without colon
      {R"("2025-07-15T14:30:22")", R"("2025-07-15T14:30:22-01:00")", false},  // that is 15:30:22 UTC
      {R"("2025-07-15T14:30:22")", R"("2025-07-15T14:30:23")", false},
      {R"("2025-07-15T14:30:22.5")", R"("2025-07-15 14:30:22.500000+00:00")", true},
      {R"("2025-07-15T14:30:22.5")", R"("2025-07-15T14:30:22")", false},
      {R"("2025-07-15")", R"("2025-07-15T00:00:00")", false},  // a date is text, not an instant
      {R"("2025-07-15")", R"("2025-07-15")", true},
      {"1", "1.0", true},
      {"56677795", "56677795.0", true},
      {"0.3", "0.30000000000000004", true},  // relative 1e-9
      {"0.86", "0.8600000001", true},
      {"0.86", "0.861", false},
      {"100", "101", false},
      {"true", "1", true},
      {"false", "0", true},
      {"true", "0", false},
      {"false", "true", false},
      {"1", "true", true},
      {R"(["a","b"])", R"("[\"a\",\"b\"]")", true},  // arrays may arrive as JSON text
      {R"(["a","b"])", R"("[\"a\"]")", false},
      {R"(["a","b"])", R"("not json")", false},
      {"[1,2]", "[1.0,2.0]", true},
      {R"("BOS")", R"("bos")", false},  // text exactly
      {R"("abc")", R"("abc ")", false},
      {R"("216789e1a3a761e4")", R"("216789e1a3a761e4")", true},
      {"null", "null", true},
      {"null", R"("")", false},
      {"null", "0", false},
      {R"("")", "null", false},
      {R"("1")", "1", false},
      {"1", R"("1")", false},
  }));
  boost::json::object grow{{"v", boost::json::parse(g)}}, arow{{"v", boost::json::parse(a)}};
  const GoldenDiff diff = compare_rows(boost::json::array{grow}, {arow});
  INFO("golden " << g << " actual " << a << "\n" << diff.message());
  CHECK(diff.ok() == equal);
}

TEST_CASE("golden loaders read golden arrays, NDJSON rows and typed SQLite rows filtered by source_file_path",
          "[golden]") {
  nbaraw::test::TempDir dir;

  SECTION("a golden file must be a JSON array") {
    CHECK(nbaraw::test::load_golden(dir.write("g.json", R"([{"a":1},{"a":2}])")).size() == 2);
    CHECK_THROWS(nbaraw::test::load_golden(dir.write("bad.json", R"({"a":1})")));
  }

  SECTION("NDJSON") {
    const auto path = dir.write("t.ndjson",
                                "{\"source_file_path\":\"x/1.json\",\"n\":1}\n\n"
                                "{\"source_file_path\":\"x/2.json\",\"n\":2}\n"
                                "{\"source_file_path\":\"x/1.json\",\"n\":3}\n");
    CHECK(nbaraw::test::rows_from_ndjson(path).size() == 3);
    const auto rows = nbaraw::test::rows_from_ndjson(path, "x/1.json");
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].at("n").as_int64() == 3);
  }

  SECTION("SQLite") {
    const auto db_path = dir / "t.db";
    {
      nbaraw::detail::SqliteDatabase db(db_path.string(), false);
      db.exec(
          "CREATE TABLE t (source_file_path TEXT, n INTEGER, f REAL, flag INTEGER, s TEXT);"
          "INSERT INTO t VALUES ('x/1.json', 7, 0.1, 1, 'BOS'), ('x/2.json', 'n/a', NULL, 0, NULL),"
          " ('x/1.json', 8, 0.30000000000000004, 0, '2025-07-15 14:30:22+00:00');");
    }
    CHECK(nbaraw::test::rows_from_sqlite(db_path, "t").size() == 3);
    const auto rows = nbaraw::test::rows_from_sqlite(db_path, "t", "x/1.json");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].at("n").is_int64());
    CHECK(rows[0].at("n").as_int64() == 7);
    CHECK(rows[0].at("f").is_double());
    CHECK(rows[0].at("f").as_double() == 0.1);
    CHECK(rows[1].at("f").as_double() == 0.30000000000000004);  // read back exactly, not to 15 digits
    CHECK(rows[0].at("s").as_string() == "BOS");
    const auto other = nbaraw::test::rows_from_sqlite(db_path, "t", "x/2.json");
    REQUIRE(other.size() == 1);
    CHECK(other[0].at("n").as_string() == "n/a");  // what is stored, not 0: an INTEGER column can hold text
    CHECK(other[0].at("f").is_null());
    CHECK(other[0].at("s").is_null());
    // A BOOLEAN column read back as 0/1 compares equal to the golden's true/false.
    CHECK(compare_rows(golden({R"({"source_file_path":"x/1.json","n":7,"f":0.1,"flag":true,"s":"BOS"})",
                               R"({"source_file_path":"x/1.json","n":8,"f":0.30000000000000004,"flag":false,)"
                               R"("s":"2025-07-15T14:30:22Z"})"}),
                       rows)
              .ok());
    CHECK_THROWS(nbaraw::test::rows_from_sqlite(db_path, "no_such_table"));
  }
}
