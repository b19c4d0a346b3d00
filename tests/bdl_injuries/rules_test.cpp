// BDL injuries rules, field by field: injury_status and its normalisation, reason_category, return_date in the
// scrape's season, player and team, parsing_confidence with its data_quality_flags, and data_hash.
#include "support/processor_kit.hpp"

#include <nbaraw/processors/bdl_injuries.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace nbaraw::test;
using nbaraw::Date;
using nbaraw::processors::BdlInjuries;

// ---- the inputs each rule varies: one API-shaped record and the scraper's wrapper around records.
namespace {

/// Scraped 2025-07-15 14:30:22, in the 2024 season (July belongs to the season that started in October 2024).
constexpr std::string_view scraped_mid_july = "ball-dont-lie/injuries/2025-07-15/20250715_143022.json";

/// Jaylen Brown, Boston (team 2), Day-To-Day, back "Oct 1", a knee description of 20+ characters: every
/// confidence factor 1.0, category injury.
boost::json::object record() {
  return boost::json::parse(R"({
    "player": {"id": 1001, "first_name": "Jaylen", "last_name": "Brown", "position": "G", "height": "6-6",
               "weight": "223", "jersey_number": "7", "college": "California", "country": "USA",
               "draft_year": 2016, "draft_round": 1, "draft_number": 3, "team_id": 2},
    "return_date": "Oct 1",
    "description": "Jul 14: Brown (knee) is expected to be ready for training camp.",
    "status": "Day-To-Day"
  })").as_object();
}

boost::json::object& player(boost::json::object& rec) { return rec["player"].as_object(); }

/// The GCS file: {ident, timestamp, rowCount, injuries[]}.
boost::json::value document(const boost::json::array& injuries) {
  return boost::json::object{{"ident", "league"},
                             {"timestamp", "2025-07-15T14:30:22+00:00"},
                             {"rowCount", injuries.size()},
                             {"injuries", injuries}};
}

nbaraw::TransformResult transform(const boost::json::value& doc) {
  return transform_as<BdlInjuries>(doc, scraped_mid_july);
}

/// The one row a single record gives.
nbaraw::Row row_of(const boost::json::object& rec, std::string_view object_name = scraped_mid_july) {
  return one_row_of_record<BdlInjuries>(document, rec, object_name);
}

std::vector<std::string> flags_of(const nbaraw::Row& row) { return comma_list(row.at("data_quality_flags")); }

}  // namespace

// ---- injury_status kept as given, injury_status_normalized by the reference's table.
TEST_CASE("bdl_injuries: status normalisation", "[bdl_injuries]") {
  auto [status, normalized] = GENERATE(table<std::string, std::string>({
      {"Out", "out"},
      {"OUT", "out"},
      {"Questionable", "questionable"},
      {"  Doubtful ", "doubtful"},
      {"Probable", "probable"},
      {"Day-To-Day", "day_to_day"},
      {"day to day", "day_to_day"},
      {"DAY TO DAY", "day_to_day"},
      {"", "unknown"},
      {"   ", "unknown"},
      {"Game Time Decision", "game_time_decision"},
      {"Out For Season", "out_for_season"},
      {"Re-Evaluation", "re_evaluation"},
  }));
  boost::json::object rec = record();
  rec["status"] = status;
  const auto row = row_of(rec);
  CHECK(row.at("injury_status").as_string() == status);  // as given
  CHECK(row.at("injury_status_normalized").as_string() == normalized);
  CHECK(nbaraw::processors::BdlInjuries::normalize_status(status) == normalized);
}

TEST_CASE("bdl_injuries: an absent status is stored as \"\", normalised unknown and flagged", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec.erase("status");
  const auto row = row_of(rec);
  CHECK(row.at("injury_status").as_string() == "");
  CHECK(row.at("injury_status_normalized").as_string() == "unknown");
  CHECK(flags_of(row) == std::vector<std::string>{"missing_status"});
}

// ---- reason_category by substring tests in the reference's order, quirks included.
TEST_CASE("bdl_injuries reason_category", "[bdl_injuries]") {
  auto [description, category] = GENERATE(table<std::string, std::string>({
      {"", "other"},
      {"Left ankle sprain", "injury"},
      {"Illness", "injury"},
      {"Concussion protocol", "injury"},
      {"Recovering from surgery", "injury"},
      {"Assigned to the G League", "g_league"},
      {"On a two-way contract", "g_league"},
      {"On assignment with the affiliate", "g_league"},
      {"G League two-way assignment; rest; personal; suspension; knee", "g_league"},  // g_league is tested first
      {"Load management", "rest"},
      {"Injury maintenance", "rest"},  // rest is tested before injury
      {"Will miss the rest of the season after knee surgery", "rest"},  // substring quirk (Tatum in the golden)
      {"Interested in a buyout", "rest"},                                // "interested" holds "rest"
      {"Personal reasons", "personal"},
      {"Family matter, knee soreness", "personal"},  // personal before injury
      {"Bereavement", "personal"},
      {"Away from team", "personal"},
      {"Serving a suspension", "suspension"},
      {"Disciplinary, ankle", "suspension"},  // suspension before injury
      {"Team violation", "suspension"},
      {"Nearing a comeback", "injury"},  // "comeback" holds "back"
      {"Stubbed toe", "injury"},
      {"Suspended one game", "other"},  // "suspended" does not hold "suspension"
      {"Not with team", "other"},
      {"COVID protocols", "other"},
      {"LEFT KNEE", "injury"},  // lower-cased first
  }));
  INFO(description);
  CHECK(nbaraw::processors::BdlInjuries::reason_category(description) == category);
  boost::json::object rec = record();
  rec["description"] = description;
  CHECK(row_of(rec).at("reason_category").as_string() == category);
}

TEST_CASE("bdl_injuries: an absent description is stored as \"\" with category other", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec.erase("description");
  const auto row = row_of(rec);
  CHECK(row.at("injury_description").as_string() == "");
  CHECK(row.at("reason_category").as_string() == "other");
  CHECK(flags_of(row) == std::vector<std::string>{"short_description"});
}

// ---- parse_return_date, the date in the scrape's season, and how it reaches the row.
TEST_CASE("bdl_injuries parse_return_date", "[bdl_injuries]") {
  // text, scrape date, expected date (empty: NULL), parsed, confidence
  auto [text, scraped, expected, parsed, confidence] = GENERATE(table<std::string, Date, std::string, bool, double>({
      {"", Date{2025, 7, 15}, "", false, 0.5},
      {"TBD", Date{2025, 7, 15}, "", false, 0.8},
      {"tbd", Date{2025, 7, 15}, "", false, 0.8},
      {"  Unknown ", Date{2025, 7, 15}, "", false, 0.8},
      {"End of Season", Date{2025, 7, 15}, "", false, 0.8},
      {"Indefinite", Date{2025, 7, 15}, "", false, 0.8},
      {"Out for Season", Date{2025, 7, 15}, "", false, 0.8},
      {"Oct 1", Date{2025, 7, 15}, "2024-10-01", true, 1.0},  // season 2024: October is in the past
      {"Feb 1", Date{2025, 7, 15}, "2025-02-01", true, 1.0},
      {"Jul 17", Date{2025, 7, 15}, "2025-07-17", true, 1.0},
      {"Dec 31", Date{2025, 7, 15}, "2024-12-31", true, 1.0},
      {"Jan 5", Date{2024, 11, 3}, "2025-01-05", true, 1.0},  // season 2024, January of the next year
      {"Nov 20", Date{2024, 11, 3}, "2024-11-20", true, 1.0},
      {"Sep 30", Date{2024, 10, 1}, "2025-09-30", true, 1.0},
      {"OCT 1", Date{2025, 7, 15}, "2024-10-01", true, 1.0},
      {"Jul  4", Date{2025, 7, 15}, "2025-07-04", true, 1.0},   // any whitespace run
      {"Jul 17 (est.)", Date{2025, 7, 15}, "2025-07-17", true, 1.0},  // only the start must match
      {"Oct 123", Date{2025, 7, 15}, "2024-10-12", true, 1.0},  // one or two digits: day 12
      {"Sept 5", Date{2025, 7, 15}, "", false, 0.3},            // the 4th character is not whitespace
      {"Abc 5", Date{2025, 7, 15}, "", false, 0.3},             // three letters, not a month
      {"Oct", Date{2025, 7, 15}, "", false, 0.3},
      {"October 1", Date{2025, 7, 15}, "", false, 0.3},
      {"2025-10-01", Date{2025, 7, 15}, "", false, 0.3},
      {"Feb 30", Date{2025, 7, 15}, "", false, 0.2},  // impossible day
      {"Apr 31", Date{2025, 7, 15}, "", false, 0.2},
      {"Feb 29", Date{2025, 7, 15}, "", false, 0.2},  // season 2024: February 2025 has no 29th
      {"Feb 29", Date{2024, 1, 10}, "2024-02-29", true, 1.0},  // season 2023: February 2024 is a leap month
      {"Jan 0", Date{2025, 7, 15}, "", false, 0.2},
  }));
  INFO("'" << text << "' scraped " << scraped.iso());
  const BdlInjuries::ReturnDate r = BdlInjuries::parse_return_date(text, scraped);
  CHECK(r.parsed == parsed);
  CHECK(r.confidence == confidence);
  CHECK((r.date ? r.date->iso() : std::string()) == expected);
}

TEST_CASE("bdl_injuries: the row stores the parsed date as ISO and the text as given", "[bdl_injuries]") {
  auto [text, scraped_object, return_date, parsed] = GENERATE(table<std::string, std::string, std::string, bool>({
      {"Oct 1", std::string(scraped_mid_july), "2024-10-01", true},
      {"Feb 1", std::string(scraped_mid_july), "2025-02-01", true},
      {"Jan 5", "ball-dont-lie/injuries/2024-11-03/20241103_090000.json", "2025-01-05", true},
      {"Sept 5", std::string(scraped_mid_july), "", false},
  }));
  boost::json::object rec = record();
  rec["return_date"] = text;
  const auto row = row_of(rec, scraped_object);
  CHECK(row.at("return_date_original").as_string() == text);
  CHECK(row.at("return_date_parsed").as_bool() == parsed);
  if (parsed)
    CHECK(row.at("return_date").as_string() == return_date);
  else
    CHECK(row.at("return_date").is_null());
}

TEST_CASE("bdl_injuries: an absent return_date is stored as \"\" with no date and no flag", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec.erase("return_date");
  const auto row = row_of(rec);
  CHECK(row.at("return_date_original").as_string() == "");
  CHECK(row.at("return_date").is_null());
  CHECK_FALSE(row.at("return_date_parsed").as_bool());
  CHECK(row.at("data_quality_flags").is_null());
  CHECK(row.at("parsing_confidence").as_double() == 0.9);  // (1 + 1 + 0.5 + 1 + 1) / 5
}

// ---- player id, full name, lookup, and the BDL team map.
TEST_CASE("bdl_injuries: a record without player.id, or with id 0, gives no row but a reason", "[bdl_injuries]") {
  boost::json::object no_id = record(), zero_id = record(), null_id = record(), good = record();
  player(no_id).erase("id");
  player(zero_id)["id"] = 0;
  player(null_id)["id"] = nullptr;
  player(good)["id"] = 42;
  const auto result = transform(document(boost::json::array{no_id, good, zero_id, null_id}));
  CHECK(result.records_seen == 4);
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("bdl_player_id").as_int64() == 42);
  REQUIRE(result.skipped.size() == 3);
  for (const auto& reason : result.skipped) CHECK_THAT(reason, Catch::Contains("player.id"));
}

TEST_CASE("bdl_injuries: player_full_name is first and last name, each stripped, joined, stripped", "[bdl_injuries]") {
  auto [first, last, full] = GENERATE(table<std::string, std::string, std::string>({
      {"Jaylen", "Brown", "Jaylen Brown"},
      {"  Jaylen ", "\tBrown  ", "Jaylen Brown"},
      {"", "Nene", "Nene"},
      {"Nene", "  ", "Nene"},
      {"Karl-Anthony", "Towns", "Karl-Anthony Towns"},
      {"Mary Ann", "Smith Jones", "Mary Ann Smith Jones"},
  }));
  boost::json::object rec = record();
  player(rec)["first_name"] = first;
  player(rec)["last_name"] = last;
  CHECK(row_of(rec).at("player_full_name").as_string() == full);
}

TEST_CASE("bdl_injuries: player_lookup lower-cases and keeps [a-z0-9] only, with no diacritic folding",
          "[bdl_injuries]") {
  auto [first, last, lookup] = GENERATE(table<std::string, std::string, std::string>({
      {"Nikola", "Jokić", "nikolajoki"},
      {"Luka", "Dončić", "lukadoni"},
      {"D'Angelo", "Russell", "dangelorussell"},
      {"Karl-Anthony", "Towns", "karlanthonytowns"},
      {"P.J.", "Washington Jr.", "pjwashingtonjr"},
      {"Jaren", "Jackson Jr", "jarenjacksonjr"},
      {"Robert", "Williams III", "robertwilliamsiii"},
      {"Player", "2", "player2"},
      {"ÉRIC", "Ölund", "riclund"},  // "É" lower-cases to "é", which is then dropped; so is "ö"
  }));
  boost::json::object rec = record();
  player(rec)["first_name"] = first;
  player(rec)["last_name"] = last;
  CHECK(row_of(rec).at("player_lookup").as_string() == lookup);
}

TEST_CASE("bdl_injuries: BDL team ids 1..30 map to their tricodes", "[bdl_injuries]") {
  // processors_spec.md §4.1 map
  auto [id, abbr] = GENERATE(table<int, std::string>({
      {1, "ATL"},  {2, "BOS"},  {3, "BKN"},  {4, "CHA"},  {5, "CHI"},  {6, "CLE"},  {7, "DAL"},  {8, "DEN"},
      {9, "DET"},  {10, "GSW"}, {11, "HOU"}, {12, "IND"}, {13, "LAC"}, {14, "LAL"}, {15, "MEM"}, {16, "MIA"},
      {17, "MIL"}, {18, "MIN"}, {19, "NOP"}, {20, "NYK"}, {21, "OKC"}, {22, "ORL"}, {23, "PHI"}, {24, "PHX"},
      {25, "POR"}, {26, "SAC"}, {27, "SAS"}, {28, "TOR"}, {29, "UTA"}, {30, "WAS"},
  }));
  boost::json::object rec = record();
  player(rec)["team_id"] = id;
  const auto row = row_of(rec);
  CHECK(row.at("bdl_team_id").as_int64() == id);
  CHECK(row.at("team_abbr").as_string() == abbr);
  CHECK(row.at("data_quality_flags").is_null());
}

TEST_CASE("bdl_injuries: an id outside the map is UNK, flagged, and named in a warning", "[bdl_injuries]") {
  auto id = GENERATE(0, 31, 41, -2);
  boost::json::object rec = record();
  player(rec)["team_id"] = id;
  const auto result = transform(document(boost::json::array{rec}));
  REQUIRE(result.rows.size() == 1);
  const auto& row = result.rows.front();
  CHECK(row.at("bdl_team_id").as_int64() == id);
  CHECK(row.at("team_abbr").as_string() == "UNK");
  CHECK(flags_of(row) == std::vector<std::string>{"unknown_team_mapping"});
  CHECK(row.at("parsing_confidence").as_double() == 0.9);
  CHECK(any_contains(result.warnings, std::to_string(id)));
}

TEST_CASE("bdl_injuries: a null or absent team_id is stored as NULL with team UNK", "[bdl_injuries]") {
  const bool absent = GENERATE(false, true);
  boost::json::object rec = record();
  if (absent)
    player(rec).erase("team_id");
  else
    player(rec)["team_id"] = nullptr;
  const auto row = row_of(rec);
  CHECK(row.at("bdl_team_id").is_null());
  CHECK(row.at("team_abbr").as_string() == "UNK");
  CHECK(flags_of(row) == std::vector<std::string>{"unknown_team_mapping"});
}

// ---- parsing_confidence (mean of five factors, 3 decimals), data_quality_flags, data_hash.
namespace {
const std::string long_description = "Jul 14: Brown (knee) is expected to be ready for training camp.";
}

TEST_CASE("bdl_injuries: parsing_confidence and its flags, in the reference's order", "[bdl_injuries]") {
  // status, return_date, team_id (0: null), description, confidence, flags ("" for NULL)
  auto [status, ret, team, description, confidence, flags] =
      GENERATE_REF(table<std::string, std::string, int, std::string, double, std::string>({
          {"Out", "Oct 1", 2, long_description, 1.0, ""},
          {"", "Oct 1", 2, long_description, 0.86, "missing_status"},               // (1+0.3+1+1+1)/5
          {"Out", "Sept 5", 2, long_description, 0.86, "unparseable_return_date"},  // (1+1+0.3+1+1)/5
          {"Out", "TBD", 2, long_description, 0.96, "unparseable_return_date"},     // 0.8, but text given
          {"Out", "", 2, long_description, 0.9, ""},                                // 0.5, no text: no flag
          {"Out", "Feb 30", 2, long_description, 0.84, "unparseable_return_date"},  // 0.2
          {"Out", "Oct 1", 31, long_description, 0.9, "unknown_team_mapping"},
          {"Out", "Oct 1", 0, long_description, 0.9, "unknown_team_mapping"},
          {"Out", "Oct 1", 2, "Knee", 0.94, "short_description"},  // 4.7/5 is 0.9400000000000001 before rounding
          {"", "Sept 5", 31, "Knee", 0.56,                         // 2.8/5 is 0.5599999999999999 before rounding
           "missing_status,unparseable_return_date,unknown_team_mapping,short_description"},
          {"", "", 31, long_description, 0.66, "missing_status,unknown_team_mapping"},
          {"Out", "Feb 30", 31, "Knee", 0.68, "unparseable_return_date,unknown_team_mapping,short_description"},
      }));
  INFO("status '" << status << "' return '" << ret << "' team " << team << " description '" << description << "'");
  boost::json::object rec = record();
  rec["status"] = status;
  rec["return_date"] = ret;
  rec["description"] = description;
  if (team)
    player(rec)["team_id"] = team;
  else
    player(rec)["team_id"] = nullptr;
  const auto row = row_of(rec);
  CHECK(row.at("parsing_confidence").as_double() == confidence);  // exactly: Python's round(x, 3)
  if (flags.empty())
    CHECK(row.at("data_quality_flags").is_null());
  else
    CHECK(row.at("data_quality_flags").as_string() == flags);
}

TEST_CASE("bdl_injuries: the description length is counted in characters, not bytes", "[bdl_injuries]") {
  // 20 characters (21 bytes) is long enough; 19 characters (20 bytes) is short.
  auto [description, is_short] = GENERATE(table<std::string, bool>({
      {"é" + std::string(19, 'x'), false},
      {"é" + std::string(18, 'x'), true},
      {std::string(20, 'x'), false},
      {std::string(19, 'x'), true},
  }));
  boost::json::object rec = record();
  rec["description"] = description;
  const auto row = row_of(rec);
  CHECK(row.at("parsing_confidence").as_double() == (is_short ? 0.94 : 1.0));
  CHECK((flags_of(row) == std::vector<std::string>{"short_description"}) == is_short);
}

TEST_CASE("bdl_injuries: data_hash equals the spec's verified example", "[bdl_injuries]") {
  // player_lookup jaylenbrown, team BOS, day_to_day, return 2024-10-01, category injury → 216789e1a3a761e4
  const auto row = row_of(record());
  REQUIRE(row.at("player_lookup").as_string() == "jaylenbrown");
  REQUIRE(row.at("team_abbr").as_string() == "BOS");
  REQUIRE(row.at("injury_status_normalized").as_string() == "day_to_day");
  REQUIRE(row.at("return_date").as_string() == "2024-10-01");
  REQUIRE(row.at("reason_category").as_string() == "injury");
  CHECK(row.at("data_hash").as_string() == "216789e1a3a761e4");
}

TEST_CASE("bdl_injuries: data_hash covers exactly the five hash fields", "[bdl_injuries]") {
  const std::string example = "216789e1a3a761e4";
  SECTION("fields outside the hash do not change it") {
    boost::json::object rec = record();
    player(rec)["id"] = 9999;
    rec["status"] = "day to day";                          // same normalised status
    rec["description"] = "Sore left knee, listed for Monday.";  // same category
    const auto row = row_of(rec, "ball-dont-lie/injuries/2025-07-16/20250716_090000.json");  // same season
    CHECK(row.at("data_hash").as_string() == example);
  }
  SECTION("each hash field changes it") {
    boost::json::object rec = record();
    const int which = GENERATE(0, 1, 2, 3, 4);
    switch (which) {
      case 0: player(rec)["first_name"] = "Jalen"; break;  // player_lookup
      case 1: player(rec)["team_id"] = 3; break;           // team_abbr
      case 2: rec["status"] = "Out"; break;                // injury_status_normalized
      case 3: rec["return_date"] = "Oct 2"; break;         // return_date
      case 4: rec["description"] = "Personal reasons, away for a week."; break;  // reason_category
    }
    INFO("variant " << which);
    const auto hash = row_of(rec).at("data_hash");
    REQUIRE(hash.is_string());
    CHECK(hash.as_string().size() == 16);
    CHECK(hash.as_string() != example);
  }
}
