// nbac_gamebook on bad input: wrong types, missing fields, odd values. Nothing crashes; a record that cannot
// give a row is skipped with a reason, a value of the wrong type is stored as null and reported.
#include "support/processor_kit.hpp"

#include <nbaraw/processors/nbac_gamebook.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <string_view>
#include <vector>

using namespace nbaraw::test;
using nbaraw::processors::NbacGamebook;
using nbaraw::Row;
using nbaraw::TransformResult;

// ---- the inputs: the sample game's file around players of the sample, one thing of them broken.
namespace {

/// MEM at CLE on 2024-04-10.
constexpr std::string_view memcle_sample = "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json";

/// The first player of one of the sample's lists (active: GG Jackson with his stats; dnp: Santi Aldama, an
/// injury; inactive: Bane, an injury), under another name when one is given.
boost::json::object first_player(std::string_view list, std::string_view name = "") {
  const boost::json::value sample = read_sample(memcle_sample);
  boost::json::object player = sample.at(list).at(0).as_object();
  if (!name.empty()) player["name"] = name;
  return player;
}

/// The sample file holding these players instead of its own.
boost::json::object game_file(boost::json::array active, boost::json::array dnp = {},
                              boost::json::array inactive = {}) {
  return sample_with(memcle_sample, {{"active_players", std::move(active)},
                                     {"dnp_players", std::move(dnp)},
                                     {"inactive_players", std::move(inactive)}});
}

TransformResult transformed(const boost::json::value& doc) { return transform_as<NbacGamebook>(doc, memcle_sample); }

}  // namespace

TEST_CASE("nbac_gamebook: player records that are not objects or have no text name are skipped", "[nbac_gamebook]") {
  // record JSON, words of the skip reason
  auto [record, words] = GENERATE(table<std::string, std::vector<std::string>>({
      {R"("GG Jackson")", {"active_players[0]", "not an object"}},
      {R"(42)", {"not an object"}},
      {R"(null)", {"not an object"}},
      {R"([1,2])", {"not an object"}},
      {R"({"team":"Memphis Grizzlies"})", {"name", "missing"}},
      {R"({"name":null,"team":"Memphis Grizzlies"})", {"name", "null"}},
      {R"({"name":7,"team":"Memphis Grizzlies"})", {"name", "integer"}},
      {R"({"name":["GG"],"team":"Memphis Grizzlies"})", {"name", "list"}},
  }));
  INFO(record);
  const auto doc = game_file({boost::json::parse(record), first_player("active_players")});
  TransformResult result;
  REQUIRE_NOTHROW(result = transformed(doc));
  CHECK(result.rows.size() == 1);  // the good record still gives its row
  CHECK(result.records_seen == 2);
  REQUIRE(result.skipped.size() == 1);
  for (const auto& w : words) CHECK_THAT(result.skipped.front(), Catch::Contains(w));
}

TEST_CASE("nbac_gamebook: a bad record in the DNP or inactive list is skipped too", "[nbac_gamebook]") {
  const auto result = transformed(game_file({}, {boost::json::value(3), first_player("dnp_players")},
                                            {boost::json::value("x"), first_player("inactive_players")}));
  CHECK(result.rows.size() == 2);
  REQUIRE(result.skipped.size() == 2);
  CHECK_THAT(result.skipped[0], Catch::Contains("dnp_players[0]"));
  CHECK_THAT(result.skipped[1], Catch::Contains("inactive_players[0]"));
}

TEST_CASE("nbac_gamebook: stat values of the wrong type are null and reported, numeric text is read",
          "[nbac_gamebook]") {
  // stat key, JSON value, expected JSON in the row
  auto [key, value, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"points", R"("22")", "22"},
      {"points", R"(" -3 ")", "-3"},
      {"points", R"(22.0)", "22"},
      {"points", R"(22.5)", "null"},
      {"points", R"("twenty")", "null"},
      {"points", R"(true)", "null"},
      {"points", R"([22])", "null"},
      {"points", R"({"v":22})", "null"},
      {"points", R"(1e300)", "null"},
      {"field_goal_percentage", R"("0.5")", "0.5"},
      {"field_goal_percentage", R"(1)", "1"},
      {"field_goal_percentage", R"("n/a")", "null"},
      {"field_goal_percentage", R"(false)", "null"},
      {"field_goal_percentage", R"(1e400)", "null"},    // infinity: no table can hold it
      {"field_goal_percentage", R"(-1e400)", "null"},
      {"field_goal_percentage", R"("1e400")", "null"},
      {"minutes", R"(35)", "null"},
      {"minutes", R"(null)", "null"},
      {"plus_minus", R"(null)", "null"},
  }));
  auto player = first_player("active_players");
  player["stats"].as_object()[key] = boost::json::parse(value);
  const auto result = transformed(game_file({player}));
  const Row row = one_row(result);
  INFO(key << " = " << value);
  CHECK(row.at(key) == boost::json::parse(expected));
  const bool reported = expected == "null" && value != "null";
  CHECK((counter(result.counters, "bad_values") > 0) == reported);
  if (key == "minutes") CHECK(row.at("minutes_decimal").is_null());
}

TEST_CASE("nbac_gamebook: stats missing, null or not an object give null stats", "[nbac_gamebook]") {
  auto stats = GENERATE(as<std::string>{}, "absent", "null", R"("35:42")", "[]", "{}");
  auto player = first_player("active_players");
  if (stats == "absent")
    player.erase("stats");
  else
    player["stats"] = boost::json::parse(stats);
  const Row row = one_row(transformed(game_file({player})));
  INFO(stats);
  for (auto key : {"minutes", "minutes_decimal", "points", "total_rebounds", "personal_fouls"}) CHECK(row.at(key).is_null());
  CHECK(row.at("player_status").as_string() == "active");
}

TEST_CASE("nbac_gamebook: team of the wrong type is null with a warning", "[nbac_gamebook]") {
  auto team = GENERATE(as<std::string>{}, "17", "[\"MEM\"]", "{\"name\":\"Memphis\"}", "null", "true");
  auto player = first_player("active_players");
  player["team"] = boost::json::parse(team);
  const auto result = transformed(game_file({player}));
  INFO(team);
  CHECK(one_row(result).at("team_abbr").is_null());
  if (team != "null") CHECK(counter(result.counters, "rows_unknown_team") == 1);
}

TEST_CASE("nbac_gamebook: header fields of odd types never crash", "[nbac_gamebook]") {
  // field, JSON value
  auto [field, value] = GENERATE(table<std::string, std::string>({
      {"game_code", "null"},
      {"game_code", "20240410"},
      {"game_code", "{\"a\":1}"},
      {"away_team", "null"},
      {"away_team", "3"},
      {"home_team", "\"\""},
      {"date", "null"},
      {"date", "[2024,4,10]"},
  }));
  auto doc =
      game_file({first_player("active_players")}, {first_player("dnp_players")}, {first_player("inactive_players")});
  doc[field] = boost::json::parse(value);
  INFO(field << " = " << value);
  TransformResult result;
  REQUIRE_NOTHROW(result = transformed(doc));
  CHECK(result.rows.size() + result.skipped.size() == 3);
  for (const auto& row : result.rows) CHECK_FALSE(row.at("game_id").as_string().empty());
}

TEST_CASE("nbac_gamebook: a game with no teams and no game code gives no rows, with the reason", "[nbac_gamebook]") {
  auto doc = game_file({first_player("active_players")});
  doc["game_code"] = nullptr;
  doc["home_team"] = "";
  const auto result = transformed(doc);
  CHECK(result.rows.empty());
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("game id"));
}

TEST_CASE("nbac_gamebook: names with odd characters still give rows", "[nbac_gamebook]") {
  auto name = GENERATE(as<std::string>{}, "Nikola Jokić", "Dāvis Bertāns", "O'Neale", "100%_Real", "李",
                       std::string("bad\xff\xfe utf8"), std::string(5000, 'a'));
  const auto result =
      transformed(game_file({first_player("active_players", name)}, {}, {first_player("inactive_players", name)}));
  CHECK(result.rows.size() == 2);
  for (const auto& row : result.rows) CHECK(row.at("player_name_original").as_string() == name);
}

TEST_CASE("nbac_gamebook: a number beyond a double's range is null with its own reason, minutes included",
          "[nbac_gamebook]") {
  auto player = first_player("active_players");
  player["stats"].as_object()["field_goal_percentage"] = boost::json::parse("1e400");
  player["stats"].as_object()["minutes"] = "1e400:00";
  const auto result = transformed(game_file({player}));
  const Row row = one_row(result);
  CHECK(row.at("field_goal_percentage").is_null());
  CHECK(row.at("minutes") == "1e400:00");  // the text as given
  CHECK(row.at("minutes_decimal").is_null());
  CHECK(counter(result.counters, "bad_values") == 2);
  REQUIRE(result.warnings.size() >= 1);
  std::string all;
  for (const auto& w : result.warnings) all += w + "\n";
  CHECK_THAT(all, Catch::Contains("stats.field_goal_percentage is not a finite number") &&
                      Catch::Contains("stats.minutes '1e400:00' is not a finite number of minutes"));
}
