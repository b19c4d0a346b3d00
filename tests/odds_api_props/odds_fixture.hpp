#pragma once
// Small Odds API inputs to vary (an event, its bookmakers and outcomes, the historical envelope), a transform
// call with the FileContext the backfill would give, and a fake Lookups that answers the schedule.
#include "support/processor_kit.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processors/odds_api_props.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test::odds {

using processors::OddsApiProps;

/// A historical capture's object name (the sample's event, 2024-01-24, ATL at GSW).
inline constexpr std::string_view historical_path =
    "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_041000-snap-0410.json";
/// A current capture's object name: the snapshot time comes from its 20240124_230500.
inline constexpr std::string_view current_path =
    "odds-api/player-props/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20240124_230500-snap-2305.json";

inline boost::json::object outcome(std::string_view side, std::string_view player, double price, double point) {
  return boost::json::object{{"name", side}, {"description", player}, {"price", price}, {"point", point}};
}

/// A bookmaker with one player_points market holding the outcomes (and a totals market to ignore).
inline boost::json::object bookmaker(std::string_view key, boost::json::array outcomes,
                                     std::string_view last_update = "2024-01-25T03:55:22Z") {
  return boost::json::object{
      {"key", key},
      {"title", key},
      {"last_update", last_update},
      {"markets", boost::json::array{
                      boost::json::object{{"key", "totals"},
                                          {"outcomes", boost::json::array{outcome("Over", "", 1.87, 248.5)}}},
                      boost::json::object{{"key", "player_points"}, {"last_update", last_update}, {"outcomes", outcomes}},
                  }},
  };
}

/// The bare event (what a current capture holds): Atlanta at Golden State, tip-off 2024-01-25 03:20:30 UTC,
/// DraftKings with Stephen Curry Over/Under 28.5.
inline boost::json::object event() {
  return boost::json::object{
      {"id", "cd0bc7d0c238f4446ce1c03d0cea7ec4"},
      {"sport_key", "basketball_nba"},
      {"sport_title", "NBA"},
      {"commence_time", "2024-01-25T03:20:30Z"},
      {"home_team", "Golden State Warriors"},
      {"away_team", "Atlanta Hawks"},
      {"bookmakers", boost::json::array{bookmaker(
                         "draftkings", {outcome("Over", "Stephen Curry", 1.87, 28.5), outcome("Under", "Stephen Curry", 1.95, 28.5)})}},
  };
}

/// The historical envelope around an event, snapshot 2024-01-25 03:55:40 UTC.
inline boost::json::object envelope(boost::json::object ev, std::string_view timestamp = "2024-01-25T03:55:40Z") {
  return boost::json::object{{"timestamp", timestamp},
                             {"previous_timestamp", "2024-01-25T03:50:38Z"},
                             {"next_timestamp", "2024-01-25T04:00:38Z"},
                             {"data", std::move(ev)}};
}

inline boost::json::array& bookmakers_of(boost::json::object& ev) { return ev["bookmakers"].as_array(); }
inline boost::json::array& outcomes_of(boost::json::object& ev, std::size_t book = 0) {
  return bookmakers_of(ev)[book].as_object()["markets"].as_array()[1].as_object()["outcomes"].as_array();
}

/// Transforms as the backfill does (validate first); every row must be loadable into the table.
inline TransformResult transform(const boost::json::value& doc, std::string_view object_name = historical_path,
                                 const OddsApiProps& processor = OddsApiProps{}) {
  INFO(boost::json::serialize(doc));
  return transform_checked(processor, doc, object_name);
}

/// The one row a document gives.
inline Row row_of(const boost::json::value& doc, std::string_view object_name = historical_path) {
  return one_row(transform(doc, object_name));
}

/// Lookups answering from a handler, counting the queries and remembering the last one.
class FakeLookups final : public Lookups {
 public:
  using Handler = std::function<Rows(const LookupQuery&)>;
  explicit FakeLookups(Handler handler) : handler_(std::move(handler)) {}
  Rows find(const LookupQuery& query) override {
    calls++;
    {
      std::lock_guard lock(mutex_);
      last_ = query;
    }
    return handler_(query);
  }
  LookupQuery last() {
    std::lock_guard lock(mutex_);
    return last_;
  }
  std::atomic<int> calls{0};

 private:
  Handler handler_;
  std::mutex mutex_;
  LookupQuery last_;
};

/// A schedule row as nbac_schedule holds it.
inline Row schedule_row(std::string_view game_id, std::string_view away, std::string_view home) {
  Row r;
  r["game_id"] = game_id;
  r["away_team_tricode"] = away;
  r["home_team_tricode"] = home;
  return r;
}

}  // namespace nbaraw::test::odds
