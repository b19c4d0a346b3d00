#pragma once
// Small gamebook inputs to vary, a fake Lookups that answers each table from rows the test gives (and
// records the queries), and a transform call with the FileContext the backfill would give.
#include "support/processor_kit.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test::gamebook {

using processors::NbacGamebook;

/// MEM at CLE on 2024-04-10, the sample's game.
inline constexpr std::string_view mem_cle = "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json";

inline boost::json::object active_player(std::string_view name = "GG Jackson", std::string_view team = "Memphis Grizzlies") {
  boost::json::object p = boost::json::parse(R"({
    "status": "active",
    "stats": {"minutes": "35:42", "field_goals_made": 7, "field_goals_attempted": 21, "three_pointers_made": 2,
              "three_pointers_attempted": 10, "free_throws_made": 6, "free_throws_attempted": 6,
              "offensive_rebounds": 0, "defensive_rebounds": 2, "total_rebounds": 2, "assists": 2,
              "personal_fouls": 2, "steals": 2, "turnovers": 1, "blocks": 1, "plus_minus": -13, "points": 22,
              "field_goal_percentage": 0.333, "three_point_percentage": 0.2, "free_throw_percentage": 1.0}
  })").as_object();
  p["name"] = name;
  p["team"] = team;
  return p;
}

inline boost::json::object dnp_player(std::string_view name = "Santi Aldama", std::string_view team = "Memphis Grizzlies",
                                      std::string_view reason = "NWT - Injury/Illness - Right Foot; Strain") {
  return {{"name", name}, {"team", team}, {"status", "did_not_play"}, {"dnp_reason", reason}, {"category", "NWT"}};
}

inline boost::json::object inactive_player(std::string_view name = "Bane", std::string_view team = "Memphis Grizzlies",
                                           std::string_view reason = "Injury/Illness - Lumbar; Disc Bulge") {
  return {{"name", name}, {"team", team}, {"status", "inactive"}, {"reason", reason}, {"category", "inactive"}};
}

/// The scraper's JSON with the header of the MEM@CLE sample and the given player lists.
inline boost::json::object document(boost::json::array active = {}, boost::json::array dnp = {},
                                    boost::json::array inactive = {}) {
  boost::json::object d{{"game_code", "20240410/MEMCLE"},
                        {"date", "2024-04-10"},
                        {"matchup", "MEM@CLE"},
                        {"away_team", "MEM"},
                        {"home_team", "CLE"},
                        {"pdf_version", "short"}};
  d["active_players"] = std::move(active);
  d["dnp_players"] = std::move(dnp);
  d["inactive_players"] = std::move(inactive);
  return d;
}

/// Answers each table from the rows given for it, applying the equality conditions and the range (values
/// compared as JSON), the order and the limit as a store would; records every query; can fail per table.
class FakeLookups final : public Lookups {
 public:
  std::map<std::string, Rows> tables;
  std::map<std::string, std::string> failing;  ///< table → error message
  std::vector<LookupQuery> queries;

  Rows find(const LookupQuery& q) override {
    std::lock_guard lock(mutex_);
    queries.push_back(q);
    if (auto f = failing.find(q.table); f != failing.end()) throw std::runtime_error(f->second);
    Rows out;
    auto t = tables.find(q.table);
    if (t == tables.end()) return out;
    for (const Row& r : t->second) {
      bool keep = true;
      for (const auto& c : q.equals) {
        const auto* v = r.if_contains(c.column);
        if (!v || *v != c.value) keep = false;
      }
      if (q.range) {
        const auto* v = r.if_contains(q.range->column);
        if (!v || !v->is_string() || v->get_string() < q.range->low.get_string() || v->get_string() > q.range->high.get_string())
          keep = false;
      }
      if (!keep) continue;
      Row selected;
      for (const auto& c : q.columns) selected[c] = r.contains(c) ? r.at(c) : boost::json::value();
      if (q.distinct && std::find(out.begin(), out.end(), selected) != out.end()) continue;
      out.push_back(std::move(selected));
    }
    if (q.limit && out.size() > q.limit) out.resize(q.limit);
    return out;
  }

  std::size_t count(std::string_view table) {
    std::lock_guard lock(mutex_);
    return std::size_t(std::count_if(queries.begin(), queries.end(), [&](const LookupQuery& q) { return q.table == table; }));
  }

 private:
  std::mutex mutex_;
};

inline Row injury_row(std::string_view full, std::string_view team, std::string_view date, std::string_view status,
                      std::string_view reason, boost::json::value confidence = 0.95) {
  return {{"player_full_name", full}, {"player_lookup", "x"},      {"injury_status", status},
          {"reason", reason},         {"confidence_score", confidence}, {"team", team},
          {"game_date", date}};
}

inline Row roster_row(std::string_view team, std::string_view last, std::string_view full, std::string_view lookup,
                      std::int64_t season = 2023) {
  return {{"team_abbrev", team}, {"player_last_name", last}, {"player_full_name", full}, {"player_lookup", lookup},
          {"season_year", season}};
}

inline Row bdl_row(std::string_view full, std::string_view lookup, std::string_view team, std::string_view date) {
  return {{"player_full_name", full}, {"player_lookup", lookup}, {"team_abbr", team}, {"game_date", date}};
}

inline Row schedule_row(std::string_view date, bool all_star, bool playoffs, std::string_view round, bool regular) {
  return {{"game_date", date},
          {"is_all_star", all_star},
          {"is_playoffs", playoffs},
          {"playoff_round", round.empty() ? boost::json::value() : boost::json::value(round)},
          {"is_regular_season", regular}};
}

/// Transforms as the backfill does; every row must be loadable, or the backfill would fail the whole file.
inline TransformResult transform(const NbacGamebook& processor, const boost::json::value& doc,
                                 std::string_view object_name = mem_cle) {
  return transform_checked(processor, doc, object_name);
}

inline TransformResult transform(const boost::json::value& doc, std::string_view object_name = mem_cle) {
  const NbacGamebook processor;
  return transform(processor, doc, object_name);
}

inline std::vector<std::string> flags_of(const Row& row) {
  std::vector<std::string> out;
  for (const auto& f : row.at("data_quality_flags").as_array()) out.emplace_back(f.as_string());
  return out;
}

}  // namespace nbaraw::test::gamebook
