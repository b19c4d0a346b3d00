#pragma once
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/rules/data_hash.hpp>
#include <nbaraw/rules/json_fields.hpp>
#include <nbaraw/rules/names.hpp>
#include <nbaraw/processors/odds_api_props.hpp>
#include <nbaraw/rules/team_mapper.hpp>
#include <nbaraw/rules/ascii.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <mutex>
#include <set>

namespace nbaraw::processors {

namespace odds_api_props_detail {

inline ProcessorInfo make_info() {
  using T = ColumnType;
  constexpr auto R = ColumnMode::REQUIRED;
  constexpr auto N = ColumnMode::NULLABLE;
  ProcessorInfo info;
  info.name = "odds_api_props";
  info.version = "1";
  info.table.table = "odds_api_player_points_props";
  info.table.columns = {
      {"game_id", T::STRING, R},
      {"odds_api_event_id", T::STRING, R},
      {"game_date", T::DATE, R},
      {"game_start_time", T::TIMESTAMP, N},
      {"home_team_abbr", T::STRING, R},
      {"away_team_abbr", T::STRING, R},
      {"snapshot_timestamp", T::TIMESTAMP, R},
      {"snapshot_tag", T::STRING, N},
      {"capture_timestamp", T::TIMESTAMP, N},
      {"minutes_before_tipoff", T::INT64, N},
      {"bookmaker", T::STRING, R},
      {"player_name", T::STRING, R},
      {"player_lookup", T::STRING, N},
      {"points_line", T::FLOAT64, R},
      {"over_price", T::FLOAT64, N},
      {"over_price_american", T::INT64, N},
      {"under_price", T::FLOAT64, N},
      {"under_price_american", T::INT64, N},
      {"bookmaker_last_update", T::TIMESTAMP, N},
      {"source_file_path", T::STRING, N},
      {"data_source", T::STRING, N},
      {"data_hash", T::STRING, N},
      {"processed_at", T::TIMESTAMP, N},  // DEFAULT CURRENT_TIMESTAMP() in the DDL; we set it
  };
  info.table.partitioning = {Partitioning::Kind::day, "game_date"};
  info.table.clustering = {"player_lookup", "game_date", "bookmaker"};
  info.table.require_partition_filter = false;
  info.strategy = {StrategyKind::append_always, {}};
  info.prefixes = {"odds-api/player-props", "odds-api/player-props-history"};
  info.selection = Selection::all_files;
  info.default_start = Date{2023, 5, 1};  // the job's START_DATE: Odds API collection starts May 2023
  // --validate (spec §5, validation/configs/raw/odds_api_props.yaml): the required fields; line, odds and
  // coverage checks are warnings there ("unusual", "insufficient coverage"), and so they are here.
  namespace v = nbaraw::validation;
  info.validation.identity = {"game_id", "bookmaker", "player_lookup"};
  info.validation.not_null = {"game_id", "game_date", "player_name", "player_lookup", "bookmaker", "points_line"};
  info.validation.checks = {
      v::offending_rows("points_line between 3.5 and 55.5", {v::outside("points_line", 3.5, 55.5)}).warning(),
      v::offending_rows("American odds within -500..500",
                        {v::outside("over_price_american", -500, 500), v::outside("under_price_american", -500, 500)})
          .warning(),
      v::per_group("bookmakers per game at least 2", {"game_id"}, "games", v::count_distinct("bookmaker"), 2).warning(),
      v::per_group("players per game at least 10", {"game_id"}, "games", v::count_distinct("player_lookup"), 10).warning(),
  };
  return info;
}

inline const std::vector<std::string_view> hash_fields{"player_lookup", "game_date", "game_id",
                                                       "bookmaker",     "points_line", "snapshot_timestamp"};

using ascii::is_digit;

/// One schedule game, its tricodes as the comparison sees them.
struct ScheduleGame {
  std::string game_id, away, home;
};

/// NBA ids are "00" + a season-type digit + ...: 2 regular season, 4 playoffs, 5 play-in (1 pre-season,
/// 3 All-Star and 6 the NBA Cup final are not among the games the reference's schedule service keeps).
inline bool is_regular_play_in_or_playoff(std::string_view game_id) {
  if (game_id.size() != 10) return false;
  for (char c : game_id)
    if (!is_digit(c)) return false;
  return game_id[0] == '0' && game_id[1] == '0' && (game_id[2] == '2' || game_id[2] == '4' || game_id[2] == '5');
}

inline std::string number_text(const boost::json::value& v) { return hash_text(v); }

}  // namespace odds_api_props_detail

NBARAW_DECL OddsApiProps::OddsApiProps(std::shared_ptr<Lookups> lookups)
    : schedule_(std::move(lookups),
                LookupQuery(std::string(schedule_table), {"game_id", "away_team_tricode", "home_team_tricode"})) {}

NBARAW_DECL const ProcessorInfo& OddsApiProps::info() const {
  static const ProcessorInfo info = odds_api_props_detail::make_info();
  return info;
}

// ---- rules ----------------------------------------------------------------------------------------------

NBARAW_DECL bool OddsApiProps::is_historical(const boost::json::value& document) {
  const auto* o = document.if_object();
  return o && o->contains("data") && o->contains("timestamp");
}

NBARAW_DECL std::string_view OddsApiProps::data_source(const boost::json::value& document, std::string_view path) {
  if (is_historical(document)) return "historical";
  if (path.find("player-props-history") != std::string_view::npos || path.find("/historical/") != std::string_view::npos)
    return "historical";
  return "current";  // "player-props", "/current/" or anything else
}

NBARAW_DECL std::optional<std::int64_t> OddsApiProps::decimal_to_american(double d) {
  if (d == 0 || !std::isfinite(d)) return std::nullopt;
  double american = 0;
  if (d >= 2.0) {
    american = (d - 1) * 100;
  } else {
    if (d - 1 == 0) return std::nullopt;
    american = -100 / (d - 1);
  }
  american = std::trunc(american);
  if (!(american > -9.2e18 && american < 9.2e18)) return std::nullopt;
  return std::int64_t(american);
}

NBARAW_DECL std::optional<OddsApiProps::PathInfo> OddsApiProps::parse_path(std::string_view name) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t slash = name.find('/', start);
    parts.push_back(name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 5) return std::nullopt;
  PathInfo info;
  info.date_folder = parts[parts.size() - 3];

  // "<hex>-<AWY><HOM>", else split at the last '-'.
  const std::string_view folder = parts[parts.size() - 2];
  const std::size_t dash = folder.rfind('-');
  auto upper3 = [](std::string_view s) {
    for (char c : s)
      if (c < 'A' || c > 'Z') return false;
    return s.size() == 3;
  };
  bool matched = false;
  if (dash != std::string_view::npos && dash > 0 && folder.size() - dash - 1 == 6) {
    const std::string_view hex = folder.substr(0, dash), teams = folder.substr(dash + 1);
    matched = upper3(teams.substr(0, 3)) && upper3(teams.substr(3)) &&
              std::all_of(hex.begin(), hex.end(), [](char c) { return ascii::is_digit(c) || (c >= 'a' && c <= 'f'); });
    if (matched) {
      info.event_id = hex;
      info.away = std::string(teams.substr(0, 3));
      info.home = std::string(teams.substr(3));
    }
  }
  if (!matched) {
    info.event_id = folder.substr(0, dash);  // the whole folder when there is no '-'
    const std::string_view teams = dash == std::string_view::npos ? std::string_view() : folder.substr(dash + 1);
    if (teams.size() >= 3) info.away = std::string(teams.substr(0, 3));
    if (teams.size() >= 6) info.home = std::string(teams.substr(3, 3));
  }

  // "<capture>-snap-<HHMM>.json": the extension removed (every ".json", as the reference's replace does).
  std::string file(parts.back());
  if (file.size() >= 8 && file.compare(file.size() - 8, 8, ".json.gz") == 0) file.resize(file.size() - 3);
  for (std::size_t at; (at = file.find(".json")) != std::string::npos;) file.erase(at, 5);
  const std::size_t snap = file.find("-snap-");
  info.capture = file.substr(0, snap);
  if (snap != std::string::npos) {
    const std::size_t next = file.find("-snap-", snap + 6);
    info.snapshot_tag = "snap-" + file.substr(snap + 6, next == std::string::npos ? std::string::npos : next - snap - 6);
  }
  return info;
}

NBARAW_DECL std::optional<OddsApiProps::Timestamp> OddsApiProps::parse_iso_timestamp(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == 'Z')
      s += "+00:00";
    else
      s += c;
  }
  return py::fromisoformat(s);
}

NBARAW_DECL std::optional<OddsApiProps::Timestamp> OddsApiProps::parse_capture(std::string_view text) {
  auto digits_at = [text](std::size_t pos, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (char c : text.substr(pos, n)) {
      if (!ascii::is_digit(c)) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  if (text.size() != 15 || text[8] != '_') return std::nullopt;
  const auto y = digits_at(0, 4), mo = digits_at(4, 2), d = digits_at(6, 2);
  const auto h = digits_at(9, 2), mi = digits_at(11, 2), s = digits_at(13, 2);
  if (!y || !mo || !d || !h || !mi || !s || !is_valid_date(*y, unsigned(*mo), unsigned(*d)) || *h > 23 || *mi > 59 || *s > 61)
    return std::nullopt;
  if (*s > 59) return std::nullopt;  // strptime takes 60 and 61, datetime() then rejects them
  Timestamp t;
  t.local_micros = (std::int64_t(Date{*y, unsigned(*mo), unsigned(*d)}.days().time_since_epoch().count()) * 86400 +
                    *h * 3600 + *mi * 60 + *s) *
                   1000000;
  return t;
}

NBARAW_DECL std::int64_t OddsApiProps::minutes_before_tipoff(const Timestamp& start, const Timestamp& snapshot) {
  // timedelta.total_seconds() is the microseconds divided by 10**6 (correctly rounded), then / 60, then int().
  const double seconds = double(start.utc_micros() - snapshot.utc_micros()) / 1e6;
  return std::int64_t(std::trunc(seconds / 60));
}

NBARAW_DECL std::optional<std::string> OddsApiProps::schedule_game_id(const Date& date, std::string_view away,
                                                                      std::string_view home) const {
  using namespace odds_api_props_detail;
  const std::shared_ptr<const Rows> rows = schedule_.rows_on(date);
  const std::string a = nba_tricode(away).value_or(ascii::upper(away));
  const std::string h = nba_tricode(home).value_or(ascii::upper(home));
  for (const Row& row : *rows) {
    auto text = [&](std::string_view column) -> std::string {
      const boost::json::value* v = row.if_contains(column);
      if (v && v->is_string()) return std::string(v->get_string());
      if (v && v->is_int64()) return fmt::format("{:010d}", v->get_int64());  // an id stored as a number
      return {};
    };
    ScheduleGame game{text("game_id"), text("away_team_tricode"), text("home_team_tricode")};
    if (!is_regular_play_in_or_playoff(game.game_id) || game.away.empty() || game.home.empty()) continue;
    if (nba_tricode(game.away).value_or(game.away) == a && nba_tricode(game.home).value_or(game.home) == h)
      return game.game_id;
  }
  return std::nullopt;
}

// ---- the processor --------------------------------------------------------------------------------------

NBARAW_DECL std::vector<std::string> OddsApiProps::validate(const boost::json::value& document) const {
  if (!document.is_object())
    return {fmt::format("invalid structure: the document is {}, not an object", json_type_name(document))};
  const boost::json::object* event = &document.get_object();
  if (is_historical(document)) {
    const boost::json::value& data = event->at("data");
    if (!data.is_object())
      return {fmt::format("invalid structure: 'data' (the event of a historical capture) is {}, not an object",
                          json_type_name(data))};
    event = &data.get_object();
  }
  if (const boost::json::value* bookmakers = event->if_contains("bookmakers"); bookmakers && !bookmakers->is_null() &&
                                                                              !bookmakers->is_array())
    return {fmt::format("invalid structure: 'bookmakers' is {}, not a list", json_type_name(*bookmakers))};
  return {};
}

NBARAW_DECL TransformResult OddsApiProps::transform(const boost::json::value& document, const FileContext& context) const {
  using namespace odds_api_props_detail;
  TransformResult result;
  const std::string& path = context.object_name;
  const boost::json::object& top = document.get_object();
  const bool historical = is_historical(document);
  const std::string_view source = data_source(document, path);
  const boost::json::object& event = historical ? top.at("data").get_object() : top;

  // The reference's validation is advisory: it notifies and processing goes on.
  {
    std::vector<std::string> advisory;
    if (top.empty()) {
      advisory.push_back("Empty data");
    } else {
      for (std::string_view field : {"id", "commence_time", "home_team", "away_team", "bookmakers"})
        if (!event.contains(field)) advisory.push_back(fmt::format("Missing required field: {}", field));
      const boost::json::value* b = event.if_contains("bookmakers");
      if (!b || b->is_null() || (b->is_array() && b->get_array().empty())) advisory.push_back("No bookmakers found");
    }
    if (!advisory.empty()) {
      result.warnings.push_back(fmt::format("validation (advisory, as in the reference): {}", fmt::join(advisory, "; ")));
      add_counter(result.counters, "files_with_validation_errors");
    }
  }

  // 1. The records: outcomes of player_points markets, grouped per (bookmaker, market) by player.
  struct Book {
    std::string key;
    boost::json::value last_update;  // ISO text or null
    std::optional<std::string> problem;
  };
  struct Group {
    std::size_t book = 0;
    std::string player;
    boost::json::value line, over, under;  // over/under null until an Over/Under outcome sets them
  };
  std::vector<Book> books;
  std::vector<Group> groups;
  std::vector<std::string> accepted;  // one label per outcome that went into a group
  std::size_t alternates = 0;
  auto skip = [&](std::string reason) { result.skipped.push_back(std::move(reason)); };

  static const boost::json::array no_bookmakers;
  const boost::json::value* bookmakers_value = event.if_contains("bookmakers");
  const boost::json::array& bookmakers =
      bookmakers_value && bookmakers_value->is_array() ? bookmakers_value->get_array() : no_bookmakers;
  for (std::size_t bi = 0; bi < bookmakers.size(); ++bi) {
    std::string where = fmt::format("bookmaker {}", bi);
    if (!bookmakers[bi].is_object()) {
      ++result.records_seen;
      skip(fmt::format("{}: is {}, not an object", where, json_type_name(bookmakers[bi])));
      continue;
    }
    const boost::json::object& bookmaker = bookmakers[bi].get_object();
    Book book;
    if (const boost::json::value* key = bookmaker.if_contains("key")) {
      if (key->is_string())
        book.key = key->get_string();
      else
        book.problem = fmt::format("key is {}, not a string", json_type_name(*key));
    }
    if (!book.problem) where = fmt::format("bookmaker {} ({})", bi, book.key);
    if (const boost::json::value* update = bookmaker.if_contains("last_update"); update && !update->is_null()) {
      if (!update->is_string()) {
        result.warnings.push_back(fmt::format("{}: last_update is {}, not a string; bookmaker_last_update stored null",
                                              where, json_type_name(*update)));
      } else if (!update->get_string().empty()) {
        if (auto t = parse_iso_timestamp(update->get_string()))
          book.last_update = t->iso();
        else
          result.warnings.push_back(fmt::format("{}: last_update '{}' is not an ISO timestamp; bookmaker_last_update stored null",
                                                where, std::string_view(update->get_string())));
      }
    }
    books.push_back(std::move(book));
    const Book& current_book = books.back();

    const boost::json::value* markets_value = bookmaker.if_contains("markets");
    if (!markets_value) continue;
    if (!markets_value->is_array()) {
      ++result.records_seen;
      skip(fmt::format("{}: markets is {}, not a list", where, json_type_name(*markets_value)));
      continue;
    }
    const boost::json::array& markets = markets_value->get_array();
    for (std::size_t mi = 0; mi < markets.size(); ++mi) {
      if (!markets[mi].is_object()) {
        ++result.records_seen;
        skip(fmt::format("{} market {}: is {}, not an object", where, mi, json_type_name(markets[mi])));
        continue;
      }
      const boost::json::object& market = markets[mi].get_object();
      const boost::json::value* key = market.if_contains("key");
      if (!key || !key->is_string() || key->get_string() != market_key) continue;
      const boost::json::value* outcomes_value = market.if_contains("outcomes");
      if (!outcomes_value) continue;
      if (!outcomes_value->is_array()) {
        ++result.records_seen;
        skip(fmt::format("{} {} market {}: outcomes is {}, not a list", where, market_key, mi,
                         json_type_name(*outcomes_value)));
        continue;
      }
      const boost::json::array& outcomes = outcomes_value->get_array();
      std::map<std::string, std::size_t, std::less<>> by_player;  // a fresh grouping per market, as the reference
      for (std::size_t oi = 0; oi < outcomes.size(); ++oi) {
        ++result.records_seen;
        const std::string label = fmt::format("{} {} outcome {}", where, market_key, oi);
        if (current_book.problem) {
          skip(fmt::format("{}: the bookmaker's {}", label, *current_book.problem));
          continue;
        }
        if (!outcomes[oi].is_object()) {
          skip(fmt::format("{}: is {}, not an object", label, json_type_name(outcomes[oi])));
          continue;
        }
        const boost::json::object& outcome = outcomes[oi].get_object();
        const boost::json::value* description = outcome.if_contains("description");
        if (!description || description->is_null() || (description->is_string() && description->get_string().empty())) {
          skip(fmt::format("{}: no description (the player's name)", label));
          continue;
        }
        if (!description->is_string()) {
          skip(fmt::format("{}: description is {}, not a string", label, json_type_name(*description)));
          continue;
        }
        const std::string player(description->get_string());
        const boost::json::value* name = outcome.if_contains("name");
        const std::string_view side = name && name->is_string() ? std::string_view(name->get_string()) : std::string_view();
        const bool over = side == "Over", under = side == "Under";
        boost::json::value price = 0;  // outcome.get('price', 0)
        if (const boost::json::value* p = outcome.if_contains("price")) price = *p;
        if ((over || under) && !price.is_null() && !price.is_number()) {
          skip(fmt::format("{} ({}, {}): price is {}, not a number", label, player, side, json_type_name(price)));
          continue;
        }
        boost::json::value point = 0;  // outcome.get('point', 0)
        if (const boost::json::value* p = outcome.if_contains("point")) point = *p;

        auto found = by_player.find(player);
        if (found == by_player.end()) {
          if (!point.is_number()) {  // it would be the row's points_line, which is NOT NULL FLOAT64
            skip(fmt::format("{} ({}): point is {}, not a number, and the player's first outcome gives points_line",
                             label, player, json_type_name(point)));
            continue;
          }
          groups.push_back(Group{books.size() - 1, player, point, nullptr, nullptr});
          found = by_player.emplace(player, groups.size() - 1).first;
        } else if (point.is_number() && point.to_number<double>() != groups[found->second].line.to_number<double>()) {
          ++alternates;  // an alternate line: collapsed into the player's row, its price may replace the main one
        }
        Group& group = groups[found->second];
        if (over) group.over = price;
        if (under) group.under = price;
        accepted.push_back(label + " (" + player + ")");
      }
    }
  }

  // 2. What the whole file shares: date, snapshot, teams, game id. A failure here skips every record.
  std::optional<std::string> fatal;
  const std::optional<PathInfo> path_info = parse_path(path);
  std::optional<Date> game_date;
  std::optional<Timestamp> snapshot;
  if (!path_info) {
    fatal = fmt::format("invalid file path format: '{}' has fewer than 5 '/'-separated parts "
                        "(.../<date>/<event>-<AWY><HOM>/<capture>-snap-<HHMM>.json)", path);
  } else if (!(game_date = parse_iso_date(path_info->date_folder))) {
    fatal = fmt::format("the date folder '{}' of '{}' is not a YYYY-MM-DD date", path_info->date_folder, path);
  } else if (historical) {
    const boost::json::value& stamp = top.at("timestamp");
    if (stamp.is_string() && !stamp.get_string().empty()) {
      if (!(snapshot = parse_iso_timestamp(stamp.get_string())))
        fatal = fmt::format("the envelope timestamp '{}' is not an ISO timestamp", std::string_view(stamp.get_string()));
    } else if (stamp.is_string() || stamp.is_null()) {
      fatal = "no snapshot time: the envelope timestamp is empty";
    } else {
      fatal = fmt::format("no snapshot time: the envelope timestamp is {}, not a string", json_type_name(stamp));
    }
  } else if (auto capture = parse_capture(path_info->capture)) {
    snapshot = Timestamp{capture->local_micros, 0};  // the capture time, UTC
  } else {
    fatal = fmt::format("no snapshot time: a current capture takes it from the file name, and '{}' is not "
                        "YYYYMMDD_HHMMSS", path_info->capture);
  }

  std::string home, away;
  std::set<std::string> unknown_teams;
  bool fuzzy_team = false;
  auto team = [&](std::string_view field, std::string& abbr) -> std::optional<std::string> {
    const boost::json::value* v = event.if_contains(field);
    if (!v || v->is_null()) return fmt::format("the event has no {}", field);
    if (!v->is_string()) return fmt::format("the event's {} is {}, not a string", field, json_type_name(*v));
    const std::string_view name = v->get_string();
    if (name.empty()) return fmt::format("the event's {} is empty", field);
    if (auto code = nba_tricode(name)) {
      abbr = *code;
    } else if (auto fuzzy = nba_tricode_fuzzy(name, team_fuzzy_cutoff)) {
      abbr = *fuzzy;
      fuzzy_team = true;
      result.warnings.push_back(fmt::format("{} '{}' fuzzy-matched to {}", field, name, abbr));
    } else {
      abbr = name;  // kept as given, as the reference does
      unknown_teams.emplace(name);
    }
    return std::nullopt;
  };
  if (!fatal) fatal = team("home_team", home);
  if (!fatal) fatal = team("away_team", away);
  if (!unknown_teams.empty())
    result.warnings.push_back(fmt::format("unknown team names (stored as given in the team columns): {}",
                                          fmt::join(unknown_teams, ", ")));
  if (!fatal && path_info && path_info->away && path_info->home) {
    const auto folder_away = nba_tricode(*path_info->away), folder_home = nba_tricode(*path_info->home);
    if (folder_away && folder_home && (*folder_away != away || *folder_home != home))
      result.warnings.push_back(fmt::format("the event folder names {}@{} but the event is {}@{}", *folder_away,
                                            *folder_home, away, home));
  }

  std::string game_id;
  bool from_schedule = false;
  if (!fatal) {
    try {
      if (auto id = schedule_game_id(*game_date, away, home)) {
        game_id = *id;
        from_schedule = true;
      }
    } catch (const std::exception& e) {
      add_counter(result.counters, "schedule_lookup_failures");
      result.warnings.push_back(fmt::format("schedule look-up for {} failed ({}); game_id falls back to YYYYMMDD_AWAY_HOME",
                                            game_date->iso(), e.what()));
    }
    if (!from_schedule) game_id = fmt::format("{}_{}_{}", game_date->compact(), away, home);
  }

  if (fatal) {
    for (const auto& label : accepted) skip(fmt::format("{}: {}", label, *fatal));
    if (accepted.empty()) result.warnings.push_back(*fatal);
    return result;
  }

  // 3. Per-file values.
  std::optional<Timestamp> start;
  if (const boost::json::value* commence = event.if_contains("commence_time"); commence && !commence->is_null()) {
    if (!commence->is_string()) {
      result.warnings.push_back(fmt::format("commence_time is {}, not a string; game_start_time and "
                                            "minutes_before_tipoff stored null", json_type_name(*commence)));
    } else if (!commence->get_string().empty() && !(start = parse_iso_timestamp(commence->get_string()))) {
      result.warnings.push_back(fmt::format("commence_time '{}' is not an ISO timestamp; game_start_time and "
                                            "minutes_before_tipoff stored null", std::string_view(commence->get_string())));
    }
  }
  const boost::json::value minutes = start ? boost::json::value(minutes_before_tipoff(*start, *snapshot)) : boost::json::value();
  const std::optional<Timestamp> capture = parse_capture(path_info->capture);
  boost::json::value event_id = "";
  if (const boost::json::value* id = event.if_contains("id"); id && !id->is_null()) {
    if (id->is_string())
      event_id = id->get_string();
    else
      result.warnings.push_back(fmt::format("the event id is {}, not a string; odds_api_event_id stored ''", json_type_name(*id)));
  }
  const std::string game_date_iso = game_date->iso();
  const std::string snapshot_iso = snapshot->iso(), snapshot_str = snapshot->python_str();
  const std::string processed_at = utc_now_iso();
  std::set<std::string> bad_prices;

  auto american = [&](const boost::json::value& price) -> boost::json::value {
    if (!price.is_number()) return nullptr;
    const double d = price.to_number<double>();
    if (d == 0) return nullptr;  // falsy in the reference
    if (auto a = decimal_to_american(d)) return *a;
    bad_prices.insert(number_text(price));
    return nullptr;
  };

  // 4. One row per group, in DDL column order.
  for (const Group& group : groups) {
    const Book& book = books[group.book];
    const std::optional<std::string> lookup = normalize_name_odds(group.player);
    Row row;
    row.reserve(23);
    row["game_id"] = game_id;
    row["odds_api_event_id"] = event_id;
    row["game_date"] = game_date_iso;
    row["game_start_time"] = start ? boost::json::value(start->iso()) : boost::json::value();
    row["home_team_abbr"] = home;
    row["away_team_abbr"] = away;
    row["snapshot_timestamp"] = snapshot_iso;
    row["snapshot_tag"] = path_info->snapshot_tag ? boost::json::value(*path_info->snapshot_tag) : boost::json::value();
    row["capture_timestamp"] = capture ? boost::json::value(capture->iso()) : boost::json::value();
    row["minutes_before_tipoff"] = minutes;
    row["bookmaker"] = book.key;
    row["player_name"] = group.player;
    row["player_lookup"] = lookup ? boost::json::value(*lookup) : boost::json::value();
    row["points_line"] = group.line;
    row["over_price"] = group.over;
    row["over_price_american"] = american(group.over);
    row["under_price"] = group.under;
    row["under_price_american"] = american(group.under);
    row["bookmaker_last_update"] = book.last_update;
    row["source_file_path"] = path;
    row["data_source"] = source;
    row["data_hash"] = nullptr;
    row["processed_at"] = processed_at;
    // data_hash over the values as Python's str() shows them: the date as YYYY-MM-DD, the snapshot as
    // "YYYY-MM-DD HH:MM:SS+00:00".
    Row hashed;
    hashed["player_lookup"] = row["player_lookup"];
    hashed["game_date"] = game_date_iso;
    hashed["game_id"] = game_id;
    hashed["bookmaker"] = book.key;
    hashed["points_line"] = group.line;
    hashed["snapshot_timestamp"] = snapshot_str;
    if (auto hash = data_hash(hashed, hash_fields)) row["data_hash"] = *hash;

    auto& c = result.counters;
    add_counter(c, source == "historical" ? "rows_historical" : "rows_current");
    add_counter(c, from_schedule ? "rows_schedule_game_id" : "rows_fallback_game_id");
    add_counter(c, fmt::format("bookmaker:{}", book.key.empty() ? "(none)" : book.key));
    if (!unknown_teams.empty()) add_counter(c, "rows_unknown_team");
    if (fuzzy_team) add_counter(c, "rows_fuzzy_team");
    if (minutes.is_null()) add_counter(c, "rows_no_tipoff_time");
    else if (minutes.get_int64() < 0) add_counter(c, "rows_after_tipoff");
    if (group.over.is_null()) add_counter(c, "rows_no_over_price");
    if (group.under.is_null()) add_counter(c, "rows_no_under_price");
    if (!lookup || lookup->empty()) add_counter(c, "rows_empty_player_lookup");
    const double line = group.line.to_number<double>();
    if (line < 5.5 || line > 50.5) add_counter(c, "rows_line_out_of_range");
    for (const char* column : {"over_price_american", "under_price_american"})
      if (const auto& a = row[column]; a.is_int64() && (a.get_int64() > 500 || a.get_int64() < -500)) {
        add_counter(c, "rows_odds_beyond_500");
        break;
      }
    result.rows.push_back(std::move(row));
  }
  add_counter(result.counters, "rows", double(result.rows.size()));
  if (alternates) add_counter(result.counters, "alternate_lines_collapsed", double(alternates));
  if (!bad_prices.empty())
    result.warnings.push_back(fmt::format("prices with no American odds (the reference divides by zero or overflows), "
                                          "stored null: {}", fmt::join(bad_prices, ", ")));
  return result;
}

NBARAW_DECL std::vector<std::string> OddsApiProps::summarize(const QualityCounters& counters) const {
  std::map<std::string, double> c(counters.begin(), counters.end());
  std::vector<std::string> lines;
  const double rows = c["rows"];
  if (c["files_with_validation_errors"] > 0)
    lines.push_back(fmt::format("files with advisory validation errors: {}", c["files_with_validation_errors"]));
  if (c["schedule_lookup_failures"] > 0)
    lines.push_back(fmt::format("schedule look-ups that failed (game_id fell back): {}", c["schedule_lookup_failures"]));
  if (rows <= 0) return lines;
  auto pct = [&](double n) { return 100.0 * n / rows; };
  lines.push_back(fmt::format("{} rows: {} historical, {} current", rows, c["rows_historical"], c["rows_current"]));
  lines.push_back(fmt::format("game_id from the schedule: {} ({:.1f}%); YYYYMMDD_AWAY_HOME fallback: {}",
                              c["rows_schedule_game_id"], pct(c["rows_schedule_game_id"]), c["rows_fallback_game_id"]));
  std::string bookmakers;
  for (const auto& [key, n] : c)
    if (key.rfind("bookmaker:", 0) == 0) bookmakers += fmt::format("{}{} {}", bookmakers.empty() ? "" : ", ", key.substr(10), n);
  lines.push_back(fmt::format("rows by bookmaker: {}", bookmakers));
  lines.push_back(fmt::format("snapshots after tip-off (minutes_before_tipoff < 0): {} ({:.1f}%); without a tip-off time: {}",
                              c["rows_after_tipoff"], pct(c["rows_after_tipoff"]), c["rows_no_tipoff_time"]));
  lines.push_back(fmt::format("rows without an over price: {}, without an under price: {}", c["rows_no_over_price"],
                              c["rows_no_under_price"]));
  lines.push_back(fmt::format("rows with an unknown team name: {}{}; fuzzy-matched team: {}", c["rows_unknown_team"],
                              c["rows_unknown_team"] > 0 ? "  WARNING" : "", c["rows_fuzzy_team"]));
  lines.push_back(fmt::format("points_line outside 5.5-50.5: {} ({:.1f}%); American odds beyond +/-500: {}",
                              c["rows_line_out_of_range"], pct(c["rows_line_out_of_range"]), c["rows_odds_beyond_500"]));
  lines.push_back(fmt::format("alternate-line outcomes collapsed into a player's row: {}; rows with an empty player_lookup: {}",
                              c["alternate_lines_collapsed"], c["rows_empty_player_lookup"]));
  return lines;
}

}  // namespace nbaraw::processors
