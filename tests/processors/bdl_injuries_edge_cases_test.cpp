// BDL injuries: inputs that crashed the reference or break the types must not fail the whole file.
#include "bdl_injuries_fixture.hpp"

using namespace nbaraw::test::bdl;

namespace {
bool has_flag(const nbaraw::Row& row, std::string_view flag) {
  for (const auto& f : flags_of(row))
    if (f == flag) return true;
  return false;
}
}  // namespace

TEST_CASE("bdl_injuries: a null first_name or last_name keeps the record, flagged missing_name", "[bdl_injuries]") {
  auto [null_field, full_name] = GENERATE(table<std::string, std::string>({
      {"first_name", "Brown"},
      {"last_name", "Jaylen"},
  }));
  boost::json::object rec = record();
  player(rec)[null_field] = nullptr;
  const auto result = transform(document(boost::json::array{rec}));
  REQUIRE(result.rows.size() == 1);
  CHECK(result.skipped.empty());
  CHECK(result.rows.front().at("player_full_name").as_string() == full_name);
  CHECK(has_flag(result.rows.front(), "missing_name"));
}

TEST_CASE("bdl_injuries: a record with neither name is skipped with a reason, the others kept", "[bdl_injuries]") {
  boost::json::object nameless = record();
  player(nameless)["first_name"] = nullptr;
  player(nameless)["last_name"] = nullptr;
  const auto result = transform(document(boost::json::array{record(), nameless}));
  CHECK(result.rows.size() == 1);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("name"));
}

TEST_CASE("bdl_injuries: a null description is kept as NULL, category other, flagged short", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec["description"] = nullptr;
  const auto row = row_of(rec);
  CHECK(row.at("injury_description").is_null());
  CHECK(row.at("reason_category").as_string() == "other");
  CHECK(flags_of(row) == std::vector<std::string>{"short_description"});
  CHECK(row.at("parsing_confidence").as_double() == 0.94);
}

TEST_CASE("bdl_injuries: a null status stores \"\" (NOT NULL column), normalised unknown, flagged", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec["status"] = nullptr;
  const auto row = row_of(rec);
  REQUIRE(row.at("injury_status").is_string());
  CHECK(row.at("injury_status").as_string() == "");
  CHECK(row.at("injury_status_normalized").as_string() == "unknown");
  CHECK(flags_of(row) == std::vector<std::string>{"missing_status"});
  CHECK(row.at("parsing_confidence").as_double() == 0.86);
}

TEST_CASE("bdl_injuries: a record of the wrong type is skipped with a reason naming the field, others kept",
          "[bdl_injuries]") {
  // how the bad record is made, what its reason must name
  auto [make_bad, field] = GENERATE(table<std::string, std::string>({
      {"player.id string", "player.id"},
      {"player.id fraction", "player.id"},
      {"player string", "player"},
      {"record number", "object"},
      {"record null", "object"},
      {"team_id string", "team_id"},
      {"first_name number", "first_name"},
      {"status object", "status"},
      {"description list", "description"},
      {"return_date number", "return_date"},
  }));
  boost::json::value bad = record();
  auto& rec = bad.as_object();
  if (make_bad == "player.id string") player(rec)["id"] = "abc";
  if (make_bad == "player.id fraction") player(rec)["id"] = 12.5;
  if (make_bad == "player string") rec["player"] = "Jaylen Brown";
  if (make_bad == "record number") bad = 42;
  if (make_bad == "record null") bad = nullptr;
  if (make_bad == "team_id string") player(rec)["team_id"] = "BOS";
  if (make_bad == "first_name number") player(rec)["first_name"] = 7;
  if (make_bad == "status object") rec["status"] = boost::json::object{{"code", "out"}};
  if (make_bad == "description list") rec["description"] = boost::json::array{"knee"};
  if (make_bad == "return_date number") rec["return_date"] = 20251001;
  INFO(make_bad);

  boost::json::object first = record(), last = record();
  player(first)["id"] = 1;
  player(last)["id"] = 3;
  nbaraw::TransformResult result;
  REQUIRE_NOTHROW(result = transform(document(boost::json::array{first, bad, last})));
  CHECK(result.records_seen == 3);
  REQUIRE(result.rows.size() == 2);
  CHECK(result.rows[0].at("bdl_player_id").as_int64() == 1);
  CHECK(result.rows[1].at("bdl_player_id").as_int64() == 3);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains(field));
  CHECK_THAT(result.skipped.front(), Catch::Contains("record 1"));  // which record
}

TEST_CASE("bdl_injuries: empty-string names are not null: the record gives a row, as in the reference",
          "[bdl_injuries]") {
  boost::json::object rec = record();
  player(rec)["first_name"] = "";
  player(rec)["last_name"] = " ";
  const auto result = transform(document(boost::json::array{rec}));
  CHECK(result.skipped.empty());
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("player_full_name").as_string() == "");
  CHECK(result.rows.front().at("player_lookup").as_string() == "");
  CHECK_FALSE(has_flag(result.rows.front(), "missing_name"));
}

TEST_CASE("bdl_injuries: absent names read as \"\" without a flag, as in the reference", "[bdl_injuries]") {
  boost::json::object rec = record();
  player(rec).erase("first_name");
  const auto result = transform(document(boost::json::array{rec}));
  CHECK(result.skipped.empty());
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("player_full_name").as_string() == "Brown");
  CHECK_FALSE(has_flag(result.rows.front(), "missing_name"));
}
