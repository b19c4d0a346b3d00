#pragma once
// Small inline BDL box-score inputs: a team, a player entry and a game to vary, the scraper's wrapper around
// games, and a transform call with the FileContext the backfill would give.
#include "support/processor_kit.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test::box {

inline constexpr std::string_view object_name = "ball-dont-lie/boxscores/2024-01-15/20240116_080000.json";

/// A team object as the API gives it, without players.
inline boost::json::object team(std::string_view full_name, std::string_view abbreviation, std::string_view city,
                                std::string_view name) {
  return boost::json::object{{"id", 1},          {"conference", "East"}, {"division", "Atlantic"}, {"city", city},
                             {"name", name},     {"full_name", full_name}, {"abbreviation", abbreviation}};
}

/// A player entry: stats as the API gives them (min is text, percentages fractions).
inline boost::json::object entry(std::int64_t id, std::string_view first, std::string_view last, int pts = 10) {
  boost::json::object e = boost::json::parse(R"({
    "min": "31", "fgm": 4, "fga": 9, "fg_pct": 0.444, "fg3m": 1, "fg3a": 3, "fg3_pct": 0.333,
    "ftm": 1, "fta": 2, "ft_pct": 0.5, "oreb": 1, "dreb": 5, "reb": 6, "ast": 7, "stl": 2, "blk": 1,
    "turnover": 3, "pf": 4, "pts": 10,
    "player": {"id": 0, "first_name": "", "last_name": "", "position": "G", "height": "6-3", "weight": "200",
               "jersey_number": "11", "college": "None", "country": "USA", "draft_year": 2019, "draft_round": 1,
               "draft_number": 9}
  })").as_object();
  e["pts"] = pts;
  auto& p = e["player"].as_object();
  p["id"] = id;
  p["first_name"] = first;
  p["last_name"] = last;
  return e;
}

inline boost::json::object& player(boost::json::object& e) { return e["player"].as_object(); }

/// Houston (visitor) at Philadelphia (home) on 2024-01-15: home players 1 and 2, away player 3.
inline boost::json::object game() {
  boost::json::object home = team("Philadelphia 76ers", "PHI", "Philadelphia", "76ers");
  home["players"] = boost::json::array{entry(1, "Tyrese", "Maxey", 30), entry(2, "Kelly", "Oubre Jr.", 12)};
  boost::json::object away = team("Houston Rockets", "HOU", "Houston", "Rockets");
  away["players"] = boost::json::array{entry(3, "Alperen", "Sengun", 21)};
  return boost::json::object{{"date", "2024-01-15"},
                             {"season", 2023},
                             {"status", "Final"},
                             {"period", 4},
                             {"time", "Final"},
                             {"postseason", false},
                             {"home_team_score", 124},
                             {"visitor_team_score", 115},
                             {"home_team", home},
                             {"visitor_team", away}};
}

inline boost::json::object& home(boost::json::object& g) { return g["home_team"].as_object(); }
inline boost::json::object& away(boost::json::object& g) { return g["visitor_team"].as_object(); }
inline boost::json::array& home_players(boost::json::object& g) { return home(g)["players"].as_array(); }
inline boost::json::array& away_players(boost::json::object& g) { return away(g)["players"].as_array(); }

/// The GCS file: {date, timestamp, rowCount, boxScores[]}.
inline boost::json::value document(const boost::json::array& games) {
  return boost::json::object{{"date", "2024-01-15"},
                             {"timestamp", "2024-01-16T08:00:00+00:00"},
                             {"rowCount", games.size()},
                             {"boxScores", games}};
}

/// Transforms as the backfill does; every row must be loadable, or the backfill would fail the whole file.
inline TransformResult transform(const boost::json::value& doc, std::string_view name = object_name) {
  return transform_checked(processors::BdlBoxscores{}, doc, name);
}

/// The rows of one game.
inline Rows rows_of(const boost::json::object& g) { return transform(document(boost::json::array{g})).rows; }

/// The one row a game with a single home player gives.
inline Row only_row(const boost::json::object& home_entry) {
  boost::json::object g = game();
  home_players(g) = boost::json::array{home_entry};
  away_players(g) = boost::json::array{};
  return one_row(transform(document(boost::json::array{g})));
}

}  // namespace nbaraw::test::box
