// Bad input never crashes the processor: structural problems fail validation with a reason; wrong types,
// missing fields, bad dates and paths skip the records they concern with specific reasons; nothing it emits
// is unloadable. Plus a sweep that replaces every value of a real document with every other JSON type.
#include "support/golden.hpp"
#include "support/processor_kit.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/backfill.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/processors/odds_api_props.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

using namespace nbaraw::test;
using nbaraw::processors::OddsApiProps;
using nbaraw::TransformResult;

// ---- the inputs: the sample capture cut to Stephen Curry's line at DraftKings, one thing of it broken.
namespace {

/// The sample's historical capture: ATL at GSW, snapshot 2024-01-25 03:55:40 UTC.
constexpr std::string_view props_sample =
    "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_041000-snap-0410.json";

boost::json::array& books_of(boost::json::object& ev) { return ev["bookmakers"].as_array(); }

/// A bookmaker's player_points market.
boost::json::object& points_market(boost::json::value& book) {
  auto& markets = book.as_object()["markets"].as_array();
  const auto points = std::find_if(markets.begin(), markets.end(),
                                   [](const boost::json::value& m) { return m.at("key") == "player_points"; });
  REQUIRE(points != markets.end());
  return points->as_object();
}

/// The outcomes of the event's first bookmaker's player_points market.
boost::json::array& points_outcomes(boost::json::object& ev) {
  return points_market(books_of(ev).at(0))["outcomes"].as_array();
}

/// The sample's event (Atlanta at Golden State, tip-off 2024-01-25 03:20:30 UTC) cut to its first bookmaker,
/// DraftKings, and there to Stephen Curry's Over and Under 28.5 (its spreads and totals kept, to ignore).
boost::json::object curry_event() {
  const boost::json::value sample = read_sample(props_sample);
  boost::json::object ev = sample.at("data").as_object();
  books_of(ev).resize(1);
  REQUIRE(books_of(ev)[0].at("key") == "draftkings");
  auto& outcomes = points_outcomes(ev);
  outcomes.resize(2);
  for (const auto& o : outcomes) REQUIRE(o.at("description") == "Stephen Curry");
  return ev;
}

/// The sample capture around an event, its snapshot time given.
boost::json::object sample_envelope(boost::json::object ev, std::string_view timestamp = "2024-01-25T03:55:40Z") {
  boost::json::object doc = sample_with(props_sample, {{"data", std::move(ev)}});
  doc["timestamp"] = timestamp;
  return doc;
}

/// A player_points outcome as a short JSON object.
boost::json::value an_outcome(std::string_view json) { return boost::json::parse(json); }

/// Transform without requiring validation to pass (for documents validate() rejects, the call must still not throw).
TransformResult transform_unchecked(const boost::json::value& doc, std::string_view path = props_sample) {
  const OddsApiProps processor;
  TransformResult r;
  REQUIRE_NOTHROW(r = processor.transform(doc, nbaraw::FileContext{std::string(path), nbaraw::date_folder_of(path)}));
  for (const auto& row : r.rows) CHECK_FALSE(nbaraw::row_problem(processor.info().table, row).has_value());
  return r;
}

bool all_skipped_with(const TransformResult& r, std::string_view reason) {
  if (r.skipped.size() != r.records_seen || r.records_seen == 0 || !r.rows.empty()) return false;
  for (const auto& s : r.skipped)
    if (s.find(reason) == std::string::npos) return false;
  return true;
}

}  // namespace

TEST_CASE("bad input: validate rejects what the processor cannot read at all", "[odds_api_props][bad_input]") {
  const OddsApiProps p;
  CHECK(p.validate(boost::json::array{}) == std::vector<std::string>{"invalid structure: the document is a list, not an object"});
  CHECK(p.validate("text") == std::vector<std::string>{"invalid structure: the document is a string, not an object"});
  CHECK(p.validate(nullptr) == std::vector<std::string>{"invalid structure: the document is null, not an object"});
  CHECK(p.validate(boost::json::object{{"timestamp", "2024-01-25T03:55:40Z"}, {"data", boost::json::array{}}}) ==
        std::vector<std::string>{"invalid structure: 'data' (the event of a historical capture) is a list, not an object"});
  auto ev = curry_event();
  ev["bookmakers"] = "draftkings";
  CHECK(p.validate(sample_envelope(ev)) == std::vector<std::string>{"invalid structure: 'bookmakers' is a string, not a list"});
  ev["bookmakers"] = boost::json::object{};
  CHECK(p.validate(ev) == std::vector<std::string>{"invalid structure: 'bookmakers' is an object, not a list"});
  // Accepted (advisory problems only): null or missing bookmakers, an empty object, data without timestamp.
  ev["bookmakers"] = nullptr;
  CHECK(p.validate(sample_envelope(ev)).empty());
  CHECK(p.validate(boost::json::object{}).empty());
  CHECK(p.validate(boost::json::object{{"data", 1}}).empty());  // not historical: read as a (bare) event
}

TEST_CASE("bad input: no bookmakers or no player_points market gives no rows and the advisory warnings",
          "[odds_api_props][bad_input]") {
  auto ev = curry_event();
  SECTION("empty bookmakers") { books_of(ev).clear(); }
  SECTION("null bookmakers") { ev["bookmakers"] = nullptr; }
  SECTION("empty markets") { books_of(ev)[0].as_object()["markets"] = boost::json::array{}; }
  SECTION("no markets key") { books_of(ev)[0].as_object().erase("markets"); }
  SECTION("empty outcomes") { points_outcomes(ev).clear(); }
  SECTION("no outcomes key") { points_market(books_of(ev)[0]).erase("outcomes"); }
  const TransformResult r = transform_unchecked(sample_envelope(ev));
  CHECK(r.rows.empty());
  CHECK(r.records_seen == 0);
  CHECK(r.skipped.empty());
}

TEST_CASE("bad input: an empty document and missing event fields", "[odds_api_props][bad_input]") {
  TransformResult r = transform_unchecked(
      boost::json::object{},
      "odds-api/player-props/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20240124_230500-snap-2305.json");
  CHECK(r.rows.empty());
  CHECK(any_contains(r.warnings, "validation (advisory, as in the reference): Empty data"));

  auto ev = curry_event();
  ev.erase("id");
  r = transform_unchecked(sample_envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("odds_api_event_id") == "");  // game_data.get('id', '')
  CHECK(any_contains(r.warnings, "Missing required field: id"));
  CHECK(counter(r.counters, "files_with_validation_errors") == 1);

  ev = curry_event();
  ev["id"] = 12345;
  r = transform_unchecked(sample_envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("odds_api_event_id") == "");
  CHECK(any_contains(r.warnings, "the event id is an integer, not a string"));
}

TEST_CASE("bad input: a missing or wrongly typed team skips every record with the reason", "[odds_api_props][bad_input]") {
  auto [field, value, reason] = GENERATE(table<std::string, std::string, std::string>({
      {"home_team", "", "the event has no home_team"},
      {"away_team", "null", "the event has no away_team"},
      {"home_team", "42", "the event's home_team is an integer, not a string"},
      {"away_team", "\"\"", "the event's away_team is empty"},
  }));
  auto ev = curry_event();
  if (value.empty())
    ev.erase(field);
  else
    ev[field] = boost::json::parse(value);
  const TransformResult r = transform_unchecked(sample_envelope(ev));
  INFO(field << " " << value << "\n" << (r.skipped.empty() ? "" : r.skipped.front()));
  CHECK(r.records_seen == 2);
  CHECK(all_skipped_with(r, reason));
  CHECK(r.skipped.front().find("bookmaker 0 (draftkings) player_points outcome 0 (Stephen Curry)") == 0);
}

TEST_CASE("bad input: bad dates and paths skip every record with the reason", "[odds_api_props][bad_input]") {
  auto [path, reason] = GENERATE(table<std::string, std::string>({
      {"odds-api/player-props-history/2024-13-01/abc-ATLGSW/20250812_041000-snap-0410.json",
       "the date folder '2024-13-01'"},
      {"odds-api/player-props-history/latest/abc-ATLGSW/20250812_041000-snap-0410.json", "the date folder 'latest'"},
      {"odds-api/player-props-history/2023-02-29/abc-ATLGSW/20250812_041000-snap-0410.json",
       "is not a YYYY-MM-DD date"},
      {"player-props/2024-01-24/abc-ATLGSW/20250812_041000-snap-0410.json", "invalid file path format"},
      {"x.json", "fewer than 5 '/'-separated parts"},
  }));
  const TransformResult r = transform_unchecked(sample_envelope(curry_event()), path);
  INFO(path << "\n" << (r.skipped.empty() ? "" : r.skipped.front()));
  CHECK(all_skipped_with(r, reason));
}

TEST_CASE("bad input: no usable snapshot time skips every record", "[odds_api_props][bad_input]") {
  SECTION("historical: the envelope timestamp is not ISO") {
    const TransformResult r = transform_unchecked(sample_envelope(curry_event(), "yesterday"));
    CHECK(all_skipped_with(r, "the envelope timestamp 'yesterday' is not an ISO timestamp"));
  }
  SECTION("historical: the envelope timestamp is null or empty") {
    auto doc = sample_envelope(curry_event());
    doc["timestamp"] = nullptr;
    CHECK(all_skipped_with(transform_unchecked(doc), "no snapshot time: the envelope timestamp is empty"));
    doc["timestamp"] = "";
    CHECK(all_skipped_with(transform_unchecked(doc), "no snapshot time: the envelope timestamp is empty"));
  }
  SECTION("historical: the envelope timestamp is a number") {
    auto doc = sample_envelope(curry_event());
    doc["timestamp"] = 1706154940;
    CHECK(all_skipped_with(transform_unchecked(doc), "the envelope timestamp is an integer, not a string"));
  }
  SECTION("current: the file name has no capture time") {
    const TransformResult r =
        transform_unchecked(curry_event(), "odds-api/player-props/2024-01-24/abc-ATLGSW/latest-snap-0410.json");
    CHECK(all_skipped_with(r, "no snapshot time: a current capture takes it from the file name, and 'latest' is not "
                              "YYYYMMDD_HHMMSS"));
  }
  SECTION("with no records, the reason is a warning") {
    auto ev = curry_event();
    books_of(ev).clear();
    const TransformResult r = transform_unchecked(sample_envelope(ev, "yesterday"));
    CHECK(r.records_seen == 0);
    CHECK(any_contains(r.warnings, "the envelope timestamp 'yesterday' is not an ISO timestamp"));
  }
}

TEST_CASE("bad input: unparseable optional timestamps are stored null with a warning", "[odds_api_props][bad_input]") {
  auto ev = curry_event();
  ev["commence_time"] = "tonight";
  books_of(ev)[0].as_object()["last_update"] = "just now";
  TransformResult r = transform_unchecked(sample_envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_start_time").is_null());
  CHECK(r.rows[0].at("minutes_before_tipoff").is_null());
  CHECK(r.rows[0].at("bookmaker_last_update").is_null());
  CHECK(any_contains(r.warnings, "commence_time 'tonight' is not an ISO timestamp"));
  CHECK(any_contains(r.warnings, "bookmaker 0 (draftkings): last_update 'just now' is not an ISO timestamp"));

  ev["commence_time"] = 1706152830;
  books_of(ev)[0].as_object()["last_update"] = boost::json::array{};
  r = transform_unchecked(sample_envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(any_contains(r.warnings, "commence_time is an integer, not a string"));
  CHECK(any_contains(r.warnings, "last_update is a list, not a string"));
}

TEST_CASE("bad input: malformed bookmakers, markets and outcomes are skipped record by record", "[odds_api_props][bad_input]") {
  auto ev = curry_event();
  auto& books = books_of(ev);
  books.push_back("not a bookmaker");
  boost::json::value keyless = books.at(0);  // DraftKings' with its key null and one Trae Young outcome
  keyless.as_object()["key"] = nullptr;
  points_market(keyless)["outcomes"] =
      boost::json::array{an_outcome(R"({"name":"Over","description":"Trae Young","price":2.1,"point":27.5})")};
  books.push_back(keyless);
  books.push_back(boost::json::object{{"key", "betmgm"}, {"markets", 7}});
  books.push_back(boost::json::object{{"key", "caesars"}, {"markets", boost::json::array{true}}});
  books.push_back(boost::json::object{
      {"key", "pointsbet"}, {"markets", boost::json::array{boost::json::object{{"key", "player_points"}, {"outcomes", "x"}}}}});
  auto& outcomes = points_outcomes(ev);
  outcomes.push_back(3.5);
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"price", 1.9}, {"point", 10.5}});
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", nullptr}, {"price", 1.9}});
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", ""}, {"price", 1.9}});
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", 23}, {"price", 1.9}});
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", "Price Text"}, {"price", "1.9"}, {"point", 5.5}});
  outcomes.push_back(boost::json::object{{"name", "Under"}, {"description", "Price Bool"}, {"price", true}, {"point", 5.5}});
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", "Null Point"}, {"price", 1.9}, {"point", nullptr}});
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", "Text Point"}, {"price", 1.9}, {"point", "5.5"}});
  // A later outcome of a known player with a bad point is fine: only the first outcome's point is used.
  outcomes.push_back(boost::json::object{{"name", "Over"}, {"description", "Stephen Curry"}, {"price", 1.8}, {"point", nullptr}});

  const TransformResult r = transform_unchecked(sample_envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("over_price") == 1.8);
  CHECK(r.rows[0].at("points_line") == 28.5);
  const std::vector<std::string> expected{
      "bookmaker 0 (draftkings) player_points outcome 2: is a number, not an object",
      "bookmaker 0 (draftkings) player_points outcome 3: no description (the player's name)",
      "bookmaker 0 (draftkings) player_points outcome 4: no description (the player's name)",
      "bookmaker 0 (draftkings) player_points outcome 5: no description (the player's name)",
      "bookmaker 0 (draftkings) player_points outcome 6: description is an integer, not a string",
      "bookmaker 0 (draftkings) player_points outcome 7 (Price Text, Over): price is a string, not a number",
      "bookmaker 0 (draftkings) player_points outcome 8 (Price Bool, Under): price is a boolean, not a number",
      "bookmaker 0 (draftkings) player_points outcome 9 (Null Point): point is null, not a number, and the player's "
      "first outcome gives points_line",
      "bookmaker 0 (draftkings) player_points outcome 10 (Text Point): point is a string, not a number, and the "
      "player's first outcome gives points_line",
      "bookmaker 1: is a string, not an object",
      "bookmaker 2 player_points outcome 0: the bookmaker's key is null, not a string",
      "bookmaker 3 (betmgm): markets is an integer, not a list",
      "bookmaker 4 (caesars) market 0: is a boolean, not an object",
      "bookmaker 5 (pointsbet) player_points market 0: outcomes is a string, not a list",
  };
  CHECK(r.skipped == expected);
  CHECK(r.records_seen == 3 + expected.size());  // Curry's three outcomes gave the row
}

TEST_CASE("bad input: every value of the sample replaced by every JSON type never throws",
          "[odds_api_props][bad_input]") {
  const std::string name(props_sample);
  const boost::json::value original = boost::json::parse(nbaraw::test::read_file(nbaraw::test::sample_file(name)));
  const std::vector<boost::json::value> replacements{nullptr, true, 0, 1.0, -3, "", "x", "2024-01-25T03:55:40Z",
                                                     boost::json::array{}, boost::json::object{}};
  // Every path into the document (object keys and array indices).
  std::vector<std::vector<boost::json::string>> paths;  // an index is stored as its digits
  std::function<void(const boost::json::value&, std::vector<boost::json::string>&)> walk =
      [&](const boost::json::value& v, std::vector<boost::json::string>& path) {
        if (!path.empty()) paths.push_back(path);
        if (v.is_object())
          for (const auto& [k, child] : v.get_object()) {
            path.emplace_back(k);
            walk(child, path);
            path.pop_back();
          }
        if (v.is_array())
          for (std::size_t i = 0; i < v.get_array().size(); ++i) {
            path.emplace_back(std::to_string(i));
            walk(v.get_array()[i], path);
            path.pop_back();
          }
      };
  std::vector<boost::json::string> root;
  walk(original, root);
  REQUIRE(paths.size() > 50);

  const OddsApiProps processor;
  std::size_t documents = 0, accepted = 0;
  for (const auto& path : paths)
    for (const auto& replacement : replacements) {
      boost::json::value doc = original;
      boost::json::value* at = &doc;
      for (const auto& step : path)
        at = at->is_object() ? &at->get_object()[step] : &at->get_array()[std::stoul(std::string(step))];
      *at = replacement;
      ++documents;
      std::vector<std::string> errors;
      REQUIRE_NOTHROW(errors = processor.validate(doc));
      if (!errors.empty()) continue;
      ++accepted;
      TransformResult r;
      REQUIRE_NOTHROW(r = processor.transform(doc, nbaraw::FileContext{name, nbaraw::date_folder_of(name)}));
      CHECK(r.skipped.size() <= r.records_seen);
      for (const auto& row : r.rows) {
        const auto problem = nbaraw::row_problem(processor.info().table, row);
        if (problem) FAIL_CHECK(boost::json::serialize(doc) << "\n" << *problem);
      }
    }
  CHECK(accepted > documents / 2);
}

TEST_CASE("bad input: a price or a line beyond a double's range skips its row with the reason, never loads Infinity",
          "[odds_api_props][bad_input]") {
  // 1e400 reads as infinity. As the backfill runs the file: the row of that player is a bad record, named; the
  // other player's row loads; nothing written holds a token JSON cannot carry.
  const std::string field = GENERATE(as<std::string>{}, "price", "point");
  auto ev = curry_event();
  points_outcomes(ev).push_back(an_outcome(R"({"name":"Over","description":"Trae Young","price":1.91,"point":26.5})"));
  points_outcomes(ev).push_back(an_outcome(R"({"name":"Under","description":"Trae Young","price":1.89,"point":26.5})"));
  points_outcomes(ev)[0].as_object()[field] = 123.456789;  // Stephen Curry's Over: a sentinel to replace as text
  std::string text = boost::json::serialize(sample_envelope(ev));
  const std::string sentinel = boost::json::serialize(boost::json::value(123.456789));
  const std::size_t at = text.find(sentinel);
  REQUIRE(at != std::string::npos);
  text.replace(at, sentinel.size(), "1e400");
  INFO(text);

  const OddsApiProps processor;
  const nbaraw::FileOutcome out = nbaraw::process_bytes(processor, nbaraw::ObjectInfo{std::string(props_sample), text.size(), "1"}, text);
  REQUIRE(out.result.status == nbaraw::FileStatus::success);
  REQUIRE(out.rows.size() == 1);
  CHECK(out.rows[0].at("player_name") == "Trae Young");
  CHECK(out.records_skipped == 1);
  CHECK(any_contains(out.remarks, field == "price" ? "over_price is not a finite number" : "points_line is not a finite number"));
  for (const auto& row : out.rows) CHECK(boost::json::serialize(row).find("Infinity") == std::string::npos);
}
