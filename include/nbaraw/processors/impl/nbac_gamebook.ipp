#pragma once
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/rules/data_hash.hpp>
#include <nbaraw/rules/game_id.hpp>
#include <nbaraw/rules/json_fields.hpp>
#include <nbaraw/rules/names.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>
#include <nbaraw/rules/python_compat.hpp>
#include <nbaraw/rules/team_mapper.hpp>
#include <nbaraw/rules/ascii.hpp>
#include <nbaraw/rules/season.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <tuple>

namespace nbaraw::processors {

namespace nbac_gamebook_detail {

inline ProcessorInfo make_info() {
  using T = ColumnType;
  constexpr auto R = ColumnMode::REQUIRED;
  constexpr auto N = ColumnMode::NULLABLE;
  ProcessorInfo info;
  info.name = "nbac_gamebook";
  info.version = "1";
  info.table.table = "nbac_gamebook_player_stats";
  // nbac_gamebook_tables.sql, in its order.
  info.table.columns = {
      {"game_id", T::STRING, R},
      {"game_code", T::STRING, N},
      {"game_date", T::DATE, R},
      {"season_year", T::INT64, R},
      {"home_team_abbr", T::STRING, N},
      {"away_team_abbr", T::STRING, N},
      {"player_name", T::STRING, N},
      {"player_name_original", T::STRING, R},
      {"player_lookup", T::STRING, N},
      {"team_abbr", T::STRING, N},
      {"player_status", T::STRING, R},
      {"dnp_reason", T::STRING, N},
      {"name_resolution_status", T::STRING, N},
      {"name_resolution_confidence", T::FLOAT64, N},
      {"name_resolution_method", T::STRING, N},
      {"br_team_abbr_used", T::STRING, N},
      {"minutes", T::STRING, N},
      {"minutes_decimal", T::FLOAT64, N},
      {"points", T::INT64, N},
      {"field_goals_made", T::INT64, N},
      {"field_goals_attempted", T::INT64, N},
      {"field_goal_percentage", T::FLOAT64, N},
      {"three_pointers_made", T::INT64, N},
      {"three_pointers_attempted", T::INT64, N},
      {"three_point_percentage", T::FLOAT64, N},
      {"free_throws_made", T::INT64, N},
      {"free_throws_attempted", T::INT64, N},
      {"free_throw_percentage", T::FLOAT64, N},
      {"offensive_rebounds", T::INT64, N},
      {"defensive_rebounds", T::INT64, N},
      {"total_rebounds", T::INT64, N},
      {"assists", T::INT64, N},
      {"steals", T::INT64, N},
      {"blocks", T::INT64, N},
      {"turnovers", T::INT64, N},
      {"personal_fouls", T::INT64, N},
      {"plus_minus", T::INT64, N},
      {"processed_by_run_id", T::STRING, N},
      {"source_file_path", T::STRING, N},
      {"data_hash", T::STRING, N},
      {"processed_at", T::TIMESTAMP, N},  // DEFAULT CURRENT_TIMESTAMP() in the DDL; we emit UTC now
      {"data_quality_flags", T::STRING, ColumnMode::REPEATED},
      {"requires_manual_review", T::BOOLEAN, N},
  };
  info.table.partitioning = {Partitioning::Kind::day, "game_date", 0, 0, 1};
  info.table.clustering = {"season_year", "team_abbr", "player_status", "name_resolution_status"};
  info.table.require_partition_filter = false;
  // The reference: DELETE FROM table WHERE game_id = <the file's game> (no partition filter), then append.
  // Ours: the newest file of a game replaces that game's rows.
  info.strategy = {StrategyKind::merge_update, {"game_id"}};
  info.prefixes = {"nba-com/gamebooks-data"};
  info.selection = Selection::latest_per_folder;
  info.default_start = Date{2021, 10, 1};
  // --validate (spec §5, validation/configs/raw/nbac_gamebook.yaml and its validator): R-009 is critical;
  // the count bounds and missing reasons are warnings there; active players without stats are errors.
  namespace v = nbaraw::validation;
  info.validation.identity = {"game_id", "player_lookup"};
  info.validation.checks = {
      v::per_group("R-009 active players per game at least 1", {"game_id"}, "games",
                   v::count_rows_where(v::equals("player_status", "active")), 1),
      v::per_group("active players per team 5-15", {"game_id", "team_abbr"}, "teams",
                   v::count_rows_where(v::equals("player_status", "active")), 5, 15)
          .among({v::is_not_null("team_abbr")})
          .warning(),
      v::per_group("players per game 20-40", {"game_id"}, "games", v::count_rows(), 20, 40).warning(),
      v::offending_rows("DNP and inactive rows have a reason", {v::is_blank("dnp_reason")})
          .among({v::in("player_status", {"dnp", "inactive"})})
          .warning(),
      v::offending_rows("active players have stats", {v::is_null("points"), v::is_null("minutes")})
          .among({v::equals("player_status", "active")}),
  };
  return info;
}

inline const std::vector<std::string_view> hash_fields{"game_id",       "player_lookup",         "minutes",
                                                       "field_goals_made", "field_goals_attempted", "points",
                                                       "total_rebounds", "assists"};

inline constexpr std::string_view injury_table = "nbac_injury_report";
inline constexpr std::string_view roster_table = "br_rosters_current";
inline constexpr std::string_view bdl_table = "bdl_player_boxscores";
inline constexpr std::string_view schedule_table = "v_nbac_schedule_latest";

/// The schedule columns the season type rests on; the first row of the date answers.
inline LookupQuery season_type_query() {
  LookupQuery q(std::string(schedule_table), {"is_all_star", "is_playoffs", "playoff_round", "is_regular_season"});
  q.distinct = false;
  q.limit = 1;
  return q;
}

inline bool contains(std::string_view text, std::string_view word) { return text.find(word) != std::string_view::npos; }

using ascii::is_digit;

/// Python's truthiness of a lookup value (a BOOL may come back as a bool, 0/1 or text).
inline bool truthy(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::bool_: return v.get_bool();
    case boost::json::kind::int64: return v.get_int64() != 0;
    case boost::json::kind::uint64: return v.get_uint64() != 0;
    case boost::json::kind::double_: return v.get_double() != 0;
    case boost::json::kind::string: {
      const std::string s = py::lower(py::strip(v.get_string()));
      return !s.empty() && s != "false" && s != "0";
    }
    case boost::json::kind::null: return false;
    default: return true;
  }
}

inline std::optional<double> number_of(const boost::json::value& v) {
  if (v.is_int64()) return double(v.get_int64());
  if (v.is_uint64()) return double(v.get_uint64());
  if (v.is_double()) return v.get_double();
  if (v.is_string()) return py::parse_float(v.get_string());
  return std::nullopt;
}

inline std::optional<std::string_view> text_of(const boost::json::value* v) {
  if (!v || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

inline std::string_view text_or_empty(const Row& row, std::string_view key) {
  return text_of(row.if_contains(key)).value_or(std::string_view());
}

/// str.split(sep) for one separator character (empty pieces kept, as BigQuery's SPLIT keeps them).
inline std::vector<std::string_view> split_on(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

/// str.split() with no argument: runs of ASCII whitespace separate, no empty pieces.
inline std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); };
  while (i < s.size()) {
    while (i < s.size() && space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

/// Python strptime("%Y-%m-%d"): four-digit year, month and day of one or two digits, a real date.
inline std::optional<Date> parse_game_date(std::string_view text) {
  auto pieces = split_on(text, '-');
  if (pieces.size() != 3 || pieces[0].size() != 4 || pieces[1].empty() || pieces[1].size() > 2 || pieces[2].empty() ||
      pieces[2].size() > 2)
    return std::nullopt;
  int parts[3] = {0, 0, 0};
  for (int p = 0; p < 3; ++p)
    for (char c : pieces[std::size_t(p)]) {
      if (!is_digit(c)) return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  if (!is_valid_date(parts[0], unsigned(parts[1]), unsigned(parts[2]))) return std::nullopt;
  return Date{parts[0], unsigned(parts[1]), unsigned(parts[2])};
}

inline std::string remove_dashes(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '-') out += c;
  return out;
}

/// How the stats are read: integral numbers and number text; anything else is null and reported.
inline NumberReading stat_reading(std::vector<std::string>& bad) {
  NumberReading how;
  how.text = true;
  how.on_bad = OnBadValue::null_and_report;
  how.problems = &bad;
  return how;
}

/// The row value of a stats key that must hold an integer.
inline boost::json::value int_stat(const boost::json::value* v, std::string_view key, std::vector<std::string>& bad) {
  const auto n = read_int(v, fmt::format("stats.{}", key), stat_reading(bad));
  return n ? boost::json::value(*n) : boost::json::value();
}

/// The row value of a stats key that holds a number: a JSON number as it is (an integer stays one), text as
/// the float it reads as.
inline boost::json::value float_stat(const boost::json::value* v, std::string_view key, std::vector<std::string>& bad) {
  const auto d = read_float(v, fmt::format("stats.{}", key), stat_reading(bad));
  if (!d) return nullptr;
  return v->is_string() ? boost::json::value(*d) : *v;
}

/// True when "MM:SS" holds numbers whose minutes are not finite ("1e400:00"), which minutes_decimal reads as null.
inline bool minutes_not_finite(std::string_view minutes) {
  const auto pieces = split_on(minutes, ':');
  if (pieces.size() != 2) return false;
  const auto mm = py::parse_float(pieces[0]), ss = py::parse_float(pieces[1]);
  return mm && ss && !std::isfinite(*mm + *ss / 60);
}

/// Python dict.get chains: the first key present wins, even when it holds null.
inline const boost::json::value* first_present(const boost::json::object& o, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys)
    if (const auto* v = o.if_contains(k)) return v;
  return nullptr;
}

inline std::string make_run_id() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::random_device rd;
  std::mt19937 gen(rd());
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string suffix;
  for (int i = 0; i < 8; ++i) suffix += "0123456789abcdef"[hex(gen)];
  return fmt::format("run_{:04d}{:02d}{:02d}_{:02d}{:02d}{:02d}_{}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
}

inline LookupQuery::Condition condition(std::string_view column, boost::json::value value, ColumnType type) {
  return LookupQuery::Condition{std::string(column), std::move(value), type};
}

struct RosterEntry {
  boost::json::value full_name, lookup;
};
using Roster = std::map<std::pair<std::string, std::string>, std::vector<RosterEntry>>;

/// A bounded cache: cleared when full, so a long backfill cannot grow it without end.
template <class K, class V>
struct Cache {
  std::map<K, V> entries;
  static constexpr std::size_t max_entries = 4096;
  const V* find(const K& k) const {
    auto it = entries.find(k);
    return it == entries.end() ? nullptr : &it->second;
  }
  void put(const K& k, V v) {
    if (entries.size() >= max_entries) entries.clear();
    entries.insert_or_assign(k, std::move(v));
  }
};

}  // namespace nbac_gamebook_detail

struct NbacGamebook::State {
  std::mutex mutex;
  std::map<int, std::shared_ptr<const nbac_gamebook_detail::Roster>> rosters;                  // season
  nbac_gamebook_detail::Cache<std::pair<std::string, std::string>, std::shared_ptr<const Rows>> injuries;  // (team, date)
  nbac_gamebook_detail::Cache<std::pair<std::string, std::string>, std::shared_ptr<const Rows>> bdl;       // (team, date)
};

NBARAW_DECL NbacGamebook::NbacGamebook(std::shared_ptr<Lookups> lookups)
    : lookups_(lookups ? std::move(lookups) : no_lookups()),
      run_id_(nbac_gamebook_detail::make_run_id()),
      info_(nbac_gamebook_detail::make_info()),
      state_(std::make_shared<State>()),
      schedule_(lookups_, nbac_gamebook_detail::season_type_query()) {}

NBARAW_DECL const ProcessorInfo& NbacGamebook::info() const { return info_; }

NBARAW_DECL void NbacGamebook::set_team_filter(const std::vector<std::string>& tricodes) {
  std::vector<std::string> codes;
  for (const auto& code : tricodes) {
    const std::string upper = ascii::upper(py::strip(code));
    const auto known = nba_tricode(upper);
    if (upper.size() != 3 || !known || *known != upper)
      throw std::invalid_argument(fmt::format("--team-filter: '{}' is not an NBA tricode{}", code,
                                              known ? fmt::format(" (did you mean {}?)", *known) : std::string()));
    if (std::find(codes.begin(), codes.end(), upper) == codes.end()) codes.push_back(upper);
  }
  team_filter_ = codes;
  if (codes.empty()) {
    info_.keep_object = nullptr;
    return;
  }
  // Decided by the game folder when the name has one; other names are kept and decided in transform.
  info_.keep_object = [codes](std::string_view object_name) {
    auto teams = game_folder_teams(object_name);
    if (!teams) return true;
    return std::find(codes.begin(), codes.end(), teams->first) != codes.end() ||
           std::find(codes.begin(), codes.end(), teams->second) != codes.end();
  };
}

NBARAW_DECL std::vector<std::string> NbacGamebook::validate(const boost::json::value& document) const {
  if (!document.is_object())
    return {fmt::format("invalid structure: the document is {}, not an object", json_type_name(document))};
  const auto& o = document.get_object();
  std::vector<std::string> errors;
  if (!o.contains("game_code")) errors.push_back("Missing 'game_code' field");
  bool any = false;
  for (std::string_view key : {"active_players", "dnp_players", "inactive_players"}) {
    const boost::json::value* v = o.if_contains(key);
    if (!v) continue;
    any = true;
    if (!v->is_array() && !v->is_null())
      errors.push_back(fmt::format("invalid structure: '{}' is {}, not a list", key, json_type_name(*v)));
  }
  if (!any)
    errors.push_back(
        "No player arrays found. Expected at least one of: ['active_players', 'dnp_players', 'inactive_players']");
  return errors;
}

NBARAW_DECL std::optional<double> NbacGamebook::minutes_decimal(std::string_view minutes) {
  if (minutes.empty() || minutes == "-") return std::nullopt;
  auto pieces = nbac_gamebook_detail::split_on(minutes, ':');
  if (pieces.size() != 2) return std::nullopt;
  auto mm = py::parse_float(pieces[0]);
  auto ss = py::parse_float(pieces[1]);
  if (!mm || !ss) return std::nullopt;
  const double value = *mm + *ss / 60;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

NBARAW_DECL std::optional<std::pair<std::string, std::string>> NbacGamebook::game_folder_teams(std::string_view name) {
  const std::size_t slash = name.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const std::size_t start = name.rfind('/', slash - 1);
  const std::string_view folder = name.substr(start == std::string_view::npos ? 0 : start + 1,
                                              slash - (start == std::string_view::npos ? 0 : start + 1));
  if (folder.size() != 15 || folder[8] != '-') return std::nullopt;
  for (std::size_t i = 0; i < 8; ++i)
    if (!ascii::is_digit(folder[i])) return std::nullopt;
  for (std::size_t i = 9; i < 15; ++i)
    if (!((folder[i] >= 'A' && folder[i] <= 'Z') || (folder[i] >= 'a' && folder[i] <= 'z'))) return std::nullopt;
  const std::string teams = ascii::upper(folder.substr(9));
  return std::pair{teams.substr(0, 3), teams.substr(3, 3)};
}

NBARAW_DECL std::optional<NbacGamebook::GameInfo> NbacGamebook::game_info(const boost::json::object& doc,
                                                                          std::string_view object_name,
                                                                          std::string* problem) {
  using namespace nbac_gamebook_detail;
  auto fail = [&](std::string why) -> std::optional<GameInfo> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  GameInfo info;
  std::string date_str, date_part;
  std::optional<std::string> away, home;
  std::string game_code;  // the code the path fallback and the game_id fallback use
  const boost::json::value* json_code = doc.if_contains("game_code");

  const auto json_date = text_of(doc.if_contains("date"));
  const auto json_away = text_of(doc.if_contains("away_team"));
  const auto json_home = text_of(doc.if_contains("home_team"));
  if (json_date && json_away && json_home) {
    // Priority 1: the JSON names the game. (A field of another type counts as missing.)
    date_str = std::string(*json_date);
    away = std::string(*json_away);
    home = std::string(*json_home);
    game_code = std::string(text_of(json_code).value_or(""));
    date_part = remove_dashes(date_str);
  } else {
    // Priority 2: nba-com/gamebooks-data/<date>/<YYYYMMDD-AWYHOM>/<ts>.json, or the legacy
    // nba-com/gamebooks-data/<date>/<ts>.json with the game code from the JSON.
    const auto parts = split_on(object_name, '/');
    if (parts.size() >= 5) {
      date_str = std::string(parts[parts.size() - 3]);
      game_code = std::string(parts[parts.size() - 2]);
    } else if (parts.size() == 4) {
      date_str = std::string(parts[parts.size() - 2]);
      game_code = std::string(text_of(json_code).value_or("unknown"));
    } else {
      return fail(fmt::format("unexpected file path structure '{}' and no date/away_team/home_team in the JSON",
                              object_name));
    }
    date_part = game_code.size() >= 8 ? game_code.substr(0, 8) : remove_dashes(date_str);
    const std::string teams = game_code.size() > 9 ? game_code.substr(9) : std::string();
    if (teams.size() >= 6) {
      away = teams.substr(0, 3);
      home = teams.substr(3, 3);
    }
  }

  const auto date = parse_game_date(date_str);
  if (!date) return fail(fmt::format("game date '{}' is not a YYYY-MM-DD date", date_str));
  info.game_date = *date;
  info.season_year = season_start_year(*date);
  if (away && home && !away->empty() && !home->empty()) {
    if (auto standard = standard_game_id(date_str, *away, *home))
      info.game_id = *standard;
    else
      info.game_id = fmt::format("{}_{}_{}", date_part, *away, *home);
  } else {
    info.game_id = game_code;
  }
  if (info.game_id.empty()) return fail("no game id: the teams are unknown and there is no game_code");
  info.away_team_abbr = away;
  info.home_team_abbr = home;
  if (json_code)
    info.game_code = json_code->is_string() || json_code->is_null() ? *json_code
                                                                      : boost::json::value(boost::json::serialize(*json_code));
  else
    info.game_code = game_code;
  return info;
}

NBARAW_DECL std::string NbacGamebook::season_type(const Date& game_date, std::string* error) const {
  using namespace nbac_gamebook_detail;
  const std::string key = game_date.iso();
  std::string type = "Regular Season";
  try {
    const std::shared_ptr<const Rows> rows = schedule_.rows_on(game_date);
    if (!rows->empty()) {
      const Row& r = rows->front();
      auto flag = [&](std::string_view c) {
        const auto* v = r.if_contains(c);
        return v && truthy(*v);
      };
      if (flag("is_all_star"))
        type = "All Star";
      else if (flag("is_playoffs") && text_or_empty(r, "playoff_round") == "play_in")
        type = "PlayIn";
      else if (flag("is_playoffs"))
        type = "Playoffs";
      else if (flag("is_regular_season"))
        type = "Regular Season";
      else
        type = "Pre Season";
    }
    // No schedule row: the reference falls back to the GCS schedule files, then to Regular Season; we read
    // no GCS schedule here, so Regular Season.
  } catch (const std::exception& e) {
    if (error) *error = fmt::format("season type for {} (from {}): {}; taken as Regular Season", key, schedule_table, e.what());
  }
  return type;
}

NBARAW_DECL bool NbacGamebook::sql_like(std::string_view text, std::string_view pattern) {
  // Iterative wildcard match with backtracking to the last '%'. '_' matches one UTF-8 character.
  auto char_len = [](std::string_view s, std::size_t at) {
    const unsigned char c = static_cast<unsigned char>(s[at]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return std::min(n, s.size() - at);
  };
  std::size_t t = 0, p = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == '_') {
      t += char_len(text, t);
      ++p;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++t;
      ++p;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      star_t += char_len(text, star_t);
      t = star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

namespace nbac_gamebook_detail {

/// The injury-report row the reference's disambiguation picks among several matches.
inline const Row& disambiguate(const std::vector<const Row*>& matches, std::string_view gamebook_reason) {
  const std::string g = py::lower(gamebook_reason);
  auto reason_of = [](const Row& r) { return py::lower(text_or_empty(r, "reason")); };
  static constexpr std::string_view injury_words[] = {"injury", "illness", "strain", "sprain"};
  // (a) a keyword in both reasons
  if (!g.empty())
    for (const Row* m : matches) {
      const std::string ir = reason_of(*m);
      if (contains(g, "g league") && contains(ir, "g league")) return *m;
      if (contains(g, "two-way") && contains(ir, "two-way")) return *m;
      for (auto w : injury_words)
        if (contains(g, w) && contains(ir, w)) return *m;
    }
  // (b) the kind of reason
  if (contains(g, "g league") || contains(g, "two-way"))
    for (const Row* m : matches) {
      const std::string ir = reason_of(*m);
      if (contains(ir, "g league") || contains(ir, "two-way")) return *m;
    }
  if (std::any_of(std::begin(injury_words), std::end(injury_words), [&](auto w) { return contains(g, w); }))
    for (const Row* m : matches) {
      const std::string ir = reason_of(*m);
      if (std::any_of(std::begin(injury_words), std::end(injury_words), [&](auto w) { return contains(ir, w); }))
        return *m;
    }
  // (c) exactly one "out"
  const Row* out = nullptr;
  std::size_t outs = 0;
  for (const Row* m : matches)
    if (text_or_empty(*m, "injury_status") == "out") ++outs, out = m;
  if (outs == 1) return *out;
  // (d) the highest confidence_score (the first of equals)
  const Row* best = nullptr;
  double best_score = 0;
  for (const Row* m : matches) {
    const auto* v = m->if_contains("confidence_score");
    if (auto s = v ? number_of(*v) : std::nullopt; s && !std::isnan(*s) && (!best || *s > best_score)) {
      best = m;
      best_score = *s;
    }
  }
  if (best) return *best;
  // (e) alphabetical by full name
  return **std::min_element(matches.begin(), matches.end(), [](const Row* a, const Row* b) {
    return text_or_empty(*a, "player_full_name") < text_or_empty(*b, "player_full_name");
  });
}

}  // namespace nbac_gamebook_detail

NBARAW_DECL NbacGamebook::Resolution NbacGamebook::resolve_inactive(std::string_view name, std::string_view team_abbr,
                                                                    int season_year, const Date& game_date,
                                                                    std::string_view reason) const {
  using namespace nbac_gamebook_detail;
  Resolution res;
  res.player_name = std::string(name);
  res.player_lookup = normalize_name_for_lookup(name);
  const std::string team(team_abbr), date = game_date.iso();
  const std::string lower_name = py::lower(name);

  // 1. The injury report of the game day: rows fetched by (team, game_date), the reference's LIKE filter
  //    applied here, ordered by confidence_score DESC (nulls last; full name, then status and reason, break
  //    ties so that every store gives the same order).
  try {
    std::shared_ptr<const Rows> rows;
    {
      std::lock_guard lock(state_->mutex);
      if (const auto* hit = state_->injuries.find({team, date})) rows = *hit;
    }
    if (!rows) {
      LookupQuery q(std::string(injury_table),
                    {"player_full_name", "player_lookup", "injury_status", "reason", "confidence_score"},
                    {condition("team", boost::json::value(team), ColumnType::STRING), condition("game_date", boost::json::value(date), ColumnType::DATE)});
      q.order_by = "confidence_score";
      q.descending = true;
      Rows fetched = lookups_->find(q);
      auto score = [](const Row& r) {
        const auto* v = r.if_contains("confidence_score");
        auto s = v ? number_of(*v) : std::nullopt;
        return s && !std::isnan(*s) ? s : std::nullopt;
      };
      std::stable_sort(fetched.begin(), fetched.end(), [&](const Row& a, const Row& b) {
        auto sa = score(a), sb = score(b);
        if (sa.has_value() != sb.has_value()) return sa.has_value();
        if (sa && *sa != *sb) return *sa > *sb;
        return std::tuple(text_or_empty(a, "player_full_name"), text_or_empty(a, "injury_status"), text_or_empty(a, "reason")) <
               std::tuple(text_or_empty(b, "player_full_name"), text_or_empty(b, "injury_status"), text_or_empty(b, "reason"));
      });
      rows = std::make_shared<const Rows>(std::move(fetched));
      std::lock_guard lock(state_->mutex);
      state_->injuries.put({team, date}, rows);
    }
    // LOWER(player_full_name) LIKE LOWER('%name%') OR LOWER('name') LIKE LOWER('%' || SPLIT(full, ' ')[1] || '%')
    const std::string name_pattern = "%" + lower_name + "%";
    std::vector<const Row*> matches;
    for (const Row& r : *rows) {
      const auto full = text_of(r.if_contains("player_full_name"));
      if (!full) continue;
      const std::string lower_full = py::lower(*full);
      bool hit = sql_like(lower_full, name_pattern);
      if (!hit) {
        const auto tokens = split_on(*full, ' ');
        // BigQuery's OFFSET(1) fails on a one-word name; such a row can match by the first test only.
        if (tokens.size() >= 2) hit = sql_like(lower_name, "%" + py::lower(tokens[1]) + "%");
      }
      if (hit) matches.push_back(&r);
    }
    if (!matches.empty()) {
      const Row& pick = matches.size() == 1 ? *matches.front() : disambiguate(matches, reason);
      const std::string full(text_or_empty(pick, "player_full_name"));
      res.player_name = full;
      res.player_lookup = normalize_name_for_lookup(full);
      res.status = "resolved";
      res.step = matches.size() == 1 ? "injury_database_single" : "injury_database_disambiguated";
      res.flags = {res.step};
      res.requires_review = false;
      return res;
    }
  } catch (const std::exception& e) {
    res.errors.push_back(fmt::format("{}: {}", injury_table, e.what()));  // then the roster, as the reference
  }

  // 2. The Basketball-Reference roster of the season, keyed by (BR team code, lower-case last name).
  const std::string br_team = br_tricode(team);
  const std::string lookup_name = extract_suffix(name).first;
  std::shared_ptr<const Roster> roster;
  {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->rosters.find(season_year); it != state_->rosters.end()) roster = it->second;
  }
  if (!roster) {
    try {
      LookupQuery q(std::string(roster_table), {"team_abbrev", "player_last_name", "player_full_name", "player_lookup"},
                    {condition("season_year", season_year, ColumnType::INT64)});
      Rows fetched = lookups_->find(q);
      auto built = std::make_shared<Roster>();
      for (const Row& r : fetched) {
        const auto t = text_of(r.if_contains("team_abbrev"));
        const auto last = text_of(r.if_contains("player_last_name"));
        if (!t || !last) continue;  // the reference skips rows with a null team or last name
        const boost::json::value* full = r.if_contains("player_full_name");
        const boost::json::value* lookup = r.if_contains("player_lookup");
        (*built)[{std::string(*t), py::lower(*last)}].push_back(
            {full ? *full : boost::json::value(), lookup ? *lookup : boost::json::value()});
      }
      roster = built;
      std::lock_guard lock(state_->mutex);
      state_->rosters.emplace(season_year, roster);  // an empty roster is cached too; a failed load is not
    } catch (const std::exception& e) {
      // No roster cache for the season: the reference's `no_roster_data` outcome (it ends the resolution).
      res.errors.push_back(fmt::format("{}: {}", roster_table, e.what()));
      res.status = "not_found";
      res.step = "no_roster_data";
      res.flags = {"no_roster_data"};
      res.requires_review = true;
      return res;
    }
  }
  std::vector<std::string> flags;
  if (team != br_team) flags.emplace_back("team_mapped");
  if (lookup_name != name) flags.emplace_back("suffix_handled");
  static const std::vector<RosterEntry> none;
  auto found = roster->find({br_team, py::lower(lookup_name)});
  const std::vector<RosterEntry>& candidates = found == roster->end() ? none : found->second;
  if (candidates.size() == 1) {
    flags.emplace_back("name_resolved");
    const RosterEntry& m = candidates.front();
    res.player_name = m.full_name.is_string() ? std::string(m.full_name.get_string()) : std::string(name);
    res.player_lookup = m.lookup;
    res.status = "resolved";
    res.step = "br_roster";
    res.flags = std::move(flags);
    res.requires_review = false;
    if (!m.full_name.is_string()) res.errors.push_back("br_rosters_current: the matching row has no player_full_name");
    return res;
  }
  if (candidates.size() > 1) {
    flags.emplace_back("multiple_candidates");
    res.status = "multiple_matches";
    res.step = "br_roster_multiple";
    res.flags = std::move(flags);
    res.requires_review = true;
    return res;
  }
  flags.emplace_back("no_roster_match");

  // 3. BDL box scores of the team over the 90 days up to the game, matched on name variants.
  try {
    std::shared_ptr<const Rows> rows;
    {
      std::lock_guard lock(state_->mutex);
      if (const auto* hit = state_->bdl.find({team, date})) rows = *hit;
    }
    if (!rows) {
      LookupQuery q(std::string(bdl_table), {"player_full_name", "player_lookup"}, {condition("team_abbr", boost::json::value(team), ColumnType::STRING)});
      q.range = LookupQuery::Range{"game_date",
                                   boost::json::value(Date::from_days(game_date.days() - std::chrono::days{90}).iso()),
                                   boost::json::value(date), ColumnType::DATE};
      q.order_by = "player_full_name";
      Rows fetched = lookups_->find(q);
      std::stable_sort(fetched.begin(), fetched.end(), [](const Row& a, const Row& b) {
        return text_or_empty(a, "player_full_name") < text_or_empty(b, "player_full_name");
      });
      rows = std::make_shared<const Rows>(std::move(fetched));
      std::lock_guard lock(state_->mutex);
      state_->bdl.put({team, date}, rows);
    }
    std::vector<std::string> variants{lookup_name};
    if (lookup_name.find(' ') != std::string::npos)
      for (auto part : split_whitespace(lookup_name)) variants.emplace_back(part);
    std::vector<const Row*> matches;
    for (const Row& r : *rows) {
      const auto full = text_of(r.if_contains("player_full_name"));
      if (!full) continue;
      const std::string lower_full = py::lower(*full);
      std::string no_spaces;
      for (char c : lower_full)
        if (c != ' ') no_spaces += c;
      const bool hit = std::any_of(variants.begin(), variants.end(), [&](const std::string& v) {
        const std::string pattern = "%" + py::lower(v) + "%";
        return sql_like(lower_full, pattern) || sql_like(no_spaces, pattern);
      });
      if (hit) matches.push_back(&r);
    }
    const Row* pick = nullptr;
    if (matches.size() == 1) {
      pick = matches.front();
    } else if (matches.size() > 1) {
      const std::string wanted = py::lower(lookup_name);
      for (const Row* m : matches) {
        const auto parts = split_whitespace(text_or_empty(*m, "player_full_name"));
        if (parts.size() < 2) continue;
        std::string last = py::lower(parts.back());
        static const std::set<std::string, std::less<>> suffixes{"jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "v"};
        if (suffixes.count(last) && parts.size() > 2) last = py::lower(parts[parts.size() - 2]);
        if (last == wanted) {
          pick = m;
          break;
        }
      }
    }
    if (pick) {
      flags.emplace_back("bdl_fallback");
      res.player_name = std::string(text_or_empty(*pick, "player_full_name"));
      const auto* lookup = pick->if_contains("player_lookup");
      res.player_lookup = lookup ? *lookup : boost::json::value();
      res.status = "resolved";
      res.step = "bdl_fallback";
      res.flags = std::move(flags);
      res.requires_review = false;
      return res;
    }
  } catch (const std::exception& e) {
    res.errors.push_back(fmt::format("{}: {}", bdl_table, e.what()));  // the reference treats it as no match
  }

  // 4. Not found.
  res.status = "not_found";
  res.step = "not_found";
  res.flags = std::move(flags);
  res.requires_review = true;  // inactive players always
  return res;
}

NBARAW_DECL TransformResult NbacGamebook::transform(const boost::json::value& document, const FileContext& context) const {
  using namespace nbac_gamebook_detail;
  TransformResult result;
  const auto& doc = document.get_object();
  auto list = [&](std::string_view key) -> const boost::json::array* {
    const boost::json::value* v = doc.if_contains(key);
    return v && v->is_array() ? &v->get_array() : nullptr;
  };
  const boost::json::array* active = list("active_players");
  const boost::json::array* dnp = list("dnp_players");
  const boost::json::array* inactive = list("inactive_players");
  const std::size_t n_active = active ? active->size() : 0, n_dnp = dnp ? dnp->size() : 0,
                    n_inactive = inactive ? inactive->size() : 0;
  result.records_seen = n_active + n_dnp + n_inactive;

  std::string problem;
  const std::optional<GameInfo> game = game_info(doc, context.object_name, &problem);
  if (!game) {
    for (std::size_t i = 0; i < result.records_seen; ++i) result.skipped.push_back(fmt::format("record {}: {}", i, problem));
    if (result.records_seen == 0) result.warnings.push_back(problem);
    return result;
  }

  if (!team_filter_.empty()) {
    auto in_filter = [&](const std::optional<std::string>& t) {
      return t && std::find(team_filter_.begin(), team_filter_.end(), ascii::upper(py::strip(*t))) != team_filter_.end();
    };
    if (!in_filter(game->away_team_abbr) && !in_filter(game->home_team_abbr)) {
      result.no_rows_reason = fmt::format("filtered out by --team-filter ({}@{})", game->away_team_abbr.value_or("?"),
                                          game->home_team_abbr.value_or("?"));
      result.warnings.push_back(result.no_rows_reason);
      add_counter(result.counters, "files_filtered");
      return result;
    }
  }

  std::string schedule_error;
  const std::string type = season_type(game->game_date, &schedule_error);
  if (!schedule_error.empty()) {
    result.warnings.push_back(schedule_error);
    add_counter(result.counters, "lookup_errors");
  }
  if (type == "All Star" || type == "Pre Season") {
    result.no_rows_reason = fmt::format("{} game: no rows (season type {} for {}; exhibition games are not loaded)",
                                        type == "All Star" ? "all-star" : "preseason", type, game->game_date.iso());
    result.warnings.push_back(result.no_rows_reason);
    add_counter(result.counters, type == "All Star" ? "files_all_star" : "files_preseason");
    return result;
  }

  const std::string game_date = game->game_date.iso();
  const std::string processed_at = utc_now_iso();
  auto opt_text = [](const std::optional<std::string>& s) { return s ? boost::json::value(*s) : boost::json::value(); };
  std::set<std::string> unknown_teams;
  std::vector<std::string> bad_values;
  std::size_t active_rows = 0, other_rows = 0;

  auto team_of = [&](const boost::json::object& player) -> std::optional<std::string> {
    const boost::json::value* t = player.if_contains("team");
    if (!t || t->is_null()) return std::nullopt;
    if (!t->is_string()) {
      unknown_teams.insert(boost::json::serialize(*t).substr(0, 40));
      return std::nullopt;
    }
    const std::string_view name = t->get_string();
    if (name.empty()) return std::nullopt;
    if (auto code = nba_tricode(name)) return *code;
    if (auto code = nba_tricode_fuzzy(name, 80)) return *code;
    unknown_teams.insert(std::string(name));
    return std::nullopt;
  };

  auto base_row = [&](std::string_view player_name, const boost::json::value& lookup,
                      const std::optional<std::string>& team) {
    Row row;
    row.reserve(43);
    row["game_id"] = game->game_id;
    row["game_code"] = game->game_code;
    row["game_date"] = game_date;
    row["season_year"] = game->season_year;
    row["home_team_abbr"] = opt_text(game->home_team_abbr);
    row["away_team_abbr"] = opt_text(game->away_team_abbr);
    row["player_name"] = player_name;
    row["player_name_original"] = player_name;
    row["player_lookup"] = lookup;
    row["team_abbr"] = opt_text(team);
    return row;
  };

  auto finish_row = [&](Row& row, boost::json::array flags, bool review) {
    row["processed_by_run_id"] = run_id_;
    row["source_file_path"] = context.object_name;
    row["data_hash"] = nullptr;  // set below; in DDL order so that sinks read rows without key searches
    row["processed_at"] = processed_at;
    row["data_quality_flags"] = std::move(flags);
    row["requires_manual_review"] = review;
    if (auto hash = data_hash(row, hash_fields)) row["data_hash"] = *hash;
  };

  // The player record as an object with a text name, or a reason to skip it.
  auto player_of = [&](const boost::json::value& v, std::string_view list_name, std::size_t i,
                       std::string_view& name) -> const boost::json::object* {
    if (!v.is_object()) {
      result.skipped.push_back(fmt::format("{}[{}]: the record is {}, not an object", list_name, i, json_type_name(v)));
      return nullptr;
    }
    const boost::json::value* n = v.get_object().if_contains("name");
    if (!n || !n->is_string()) {
      result.skipped.push_back(fmt::format("{}[{}]: name is {}", list_name, i, n ? json_type_name(*n) : "missing"));
      return nullptr;
    }
    name = n->get_string();
    return &v.get_object();
  };

  static const boost::json::object no_stats;
  for (std::size_t i = 0; i < n_active; ++i) {
    std::string_view name;
    const boost::json::object* player = player_of((*active)[i], "active_players", i, name);
    if (!player) continue;
    const std::optional<std::string> team = team_of(*player);
    const boost::json::object* stats = &no_stats;
    if (const auto* s = player->if_contains("stats"); s && !s->is_null()) {
      if (s->is_object())
        stats = &s->get_object();
      else
        bad_values.push_back(fmt::format("active_players[{}].stats is {}, not an object", i, json_type_name(*s)));
    }
    Row row = base_row(name, boost::json::value(normalize_name_for_lookup(name)), team);
    row["player_status"] = "active";
    row["dnp_reason"] = nullptr;
    row["name_resolution_status"] = "original";
    row["name_resolution_confidence"] = nullptr;
    row["name_resolution_method"] = nullptr;
    row["br_team_abbr_used"] = nullptr;
    boost::json::value minutes;
    if (const auto* m = stats->if_contains("minutes"); m && !m->is_null()) {
      if (m->is_string())
        minutes = *m;
      else
        bad_values.push_back(fmt::format("active_players[{}].stats.minutes is {}, not text", i, json_type_name(*m)));
    }
    std::optional<double> decimal = minutes.is_string() ? minutes_decimal(minutes.get_string()) : std::nullopt;
    if (minutes.is_string() && nbac_gamebook_detail::minutes_not_finite(minutes.get_string()))
      bad_values.push_back(fmt::format("active_players[{}].stats.minutes '{}' is not a finite number of minutes", i,
                                       std::string_view(minutes.get_string()).substr(0, 40)));
    row["minutes"] = minutes;
    row["minutes_decimal"] = decimal ? boost::json::value(*decimal) : boost::json::value();
    auto ints = [&](std::string_view key) { row[key] = int_stat(stats->if_contains(key), key, bad_values); };
    auto floats = [&](std::string_view key) { row[key] = float_stat(stats->if_contains(key), key, bad_values); };
    ints("points");
    ints("field_goals_made");
    ints("field_goals_attempted");
    floats("field_goal_percentage");
    ints("three_pointers_made");
    ints("three_pointers_attempted");
    floats("three_point_percentage");
    ints("free_throws_made");
    ints("free_throws_attempted");
    floats("free_throw_percentage");
    ints("offensive_rebounds");
    ints("defensive_rebounds");
    // Declared fix: the scraper writes total_rebounds; the reference read only rebounds_total / rebounds.
    row["total_rebounds"] =
        int_stat(first_present(*stats, {"total_rebounds", "rebounds_total", "rebounds"}), "total_rebounds", bad_values);
    ints("assists");
    ints("steals");
    ints("blocks");
    ints("turnovers");
    row["personal_fouls"] = int_stat(first_present(*stats, {"fouls", "personal_fouls"}), "personal_fouls", bad_values);
    ints("plus_minus");
    finish_row(row, {}, false);
    if (!team) add_counter(result.counters, "rows_unknown_team");
    result.rows.push_back(std::move(row));
    ++active_rows;
  }

  auto not_played = [&](const boost::json::array* players, std::string_view list_name, std::string_view status) {
    const std::size_t n = players ? players->size() : 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view name;
      const boost::json::object* player = player_of((*players)[i], list_name, i, name);
      if (!player) continue;
      const std::optional<std::string> team = team_of(*player);
      const auto dnp_reason = text_of(player->if_contains("dnp_reason"));
      const auto reason = text_of(player->if_contains("reason"));
      // dnp_reason or reason (Python `or`: an empty dnp_reason falls through to reason)
      boost::json::value reason_value;
      if (dnp_reason && !dnp_reason->empty())
        reason_value = *dnp_reason;
      else if (reason)
        reason_value = *reason;

      Resolution res;
      res.player_name = std::string(name);
      res.player_lookup = normalize_name_for_lookup(name);
      res.status = "original";
      bool attempted = false;
      if (status == "inactive" && !name.empty() && team) {
        attempted = true;
        res = resolve_inactive(name, *team, game->season_year, game->game_date, reason.value_or(""));
        for (const auto& e : res.errors) {
          result.warnings.push_back(fmt::format("{}[{}] '{}': lookup failed: {}", list_name, i, name, e));
          add_counter(result.counters, "lookup_errors");
        }
        add_counter(result.counters, "inactive_attempted");
        add_counter(result.counters, fmt::format("resolution:{}", res.status));
        add_counter(result.counters, fmt::format("step:{}", res.step));
        for (const auto& f : res.flags) add_counter(result.counters, fmt::format("flag:{}", f));
      }
      Row row = base_row(name, res.player_lookup, team);
      row["player_name"] = res.player_name;
      row["player_status"] = status;
      row["dnp_reason"] = reason_value;
      row["name_resolution_status"] = res.status;
      boost::json::value confidence, method;
      if (attempted) {
        if (res.status == "resolved") confidence = 1.0, method = "auto_exact";
        else if (res.status == "multiple_matches") confidence = 0.6, method = "pending_review";
        else confidence = 0.0, method = "not_found";
      }
      row["name_resolution_confidence"] = confidence;
      row["name_resolution_method"] = method;
      row["br_team_abbr_used"] = attempted ? boost::json::value(br_tricode(*team)) : boost::json::value();
      for (std::string_view key :
           {"minutes", "minutes_decimal", "points", "field_goals_made", "field_goals_attempted", "field_goal_percentage",
            "three_pointers_made", "three_pointers_attempted", "three_point_percentage", "free_throws_made",
            "free_throws_attempted", "free_throw_percentage", "offensive_rebounds", "defensive_rebounds",
            "total_rebounds", "assists", "steals", "blocks", "turnovers", "personal_fouls", "plus_minus"})
        row[key] = nullptr;
      boost::json::array flags;
      for (const auto& f : res.flags) flags.emplace_back(f);
      finish_row(row, std::move(flags), res.requires_review);
      if (!team) add_counter(result.counters, "rows_unknown_team");
      result.rows.push_back(std::move(row));
      ++other_rows;
    }
  };
  not_played(dnp, "dnp_players", "dnp");
  const std::size_t before_inactive = result.rows.size();
  not_played(inactive, "inactive_players", "inactive");
  const std::size_t inactive_rows = result.rows.size() - before_inactive;

  add_counter(result.counters, "files");
  add_counter(result.counters, "rows", double(result.rows.size()));
  add_counter(result.counters, "rows_active", double(active_rows));
  add_counter(result.counters, "rows_dnp", double(other_rows - inactive_rows));
  add_counter(result.counters, "rows_inactive", double(inactive_rows));
  double review = 0;
  for (const auto& r : result.rows)
    if (const auto* v = r.if_contains("requires_manual_review"); v && v->is_bool() && v->get_bool()) ++review;
  add_counter(result.counters, "rows_review", review);
  if (active_rows == 0 && other_rows > 0) {
    result.warnings.push_back(fmt::format(
        "Incomplete Gamebook Data: 0 active players and {} DNP/inactive rows (probably scraped before the stats existed)",
        other_rows));
    add_counter(result.counters, "files_incomplete");
  }
  if (!unknown_teams.empty()) {
    result.warnings.push_back(fmt::format("unknown team names (team_abbr null): {}", fmt::join(unknown_teams, ", ")));
  }
  if (!bad_values.empty()) {
    add_counter(result.counters, "bad_values", double(bad_values.size()));
    constexpr std::size_t shown = 5;
    std::vector<std::string> first(bad_values.begin(), bad_values.begin() + std::ptrdiff_t(std::min(shown, bad_values.size())));
    result.warnings.push_back(fmt::format("{} values stored as null: {}{}", bad_values.size(), fmt::join(first, "; "),
                                          bad_values.size() > shown ? "; ..." : ""));
  }
  return result;
}

NBARAW_DECL std::vector<std::string> NbacGamebook::summarize(const QualityCounters& counters) const {
  std::map<std::string, double> c(counters.begin(), counters.end());
  std::vector<std::string> lines;
  const double rows = c["rows"];
  if (rows > 0)
    lines.push_back(fmt::format("rows: {} (active {}, dnp {}, inactive {}); {} flagged for manual review", rows,
                                c["rows_active"], c["rows_dnp"], c["rows_inactive"], c["rows_review"]));
  const double inactive = c["rows_inactive"];
  if (inactive > 0) {
    const double resolved = c["resolution:resolved"];
    const double rate = resolved / inactive;
    lines.push_back(fmt::format(
        "inactive name resolution: {} of {} resolved ({:.1f}%): injury report {} (single {}, disambiguated {}), "
        "BR roster {}, BDL fallback {}; multiple matches {}, not found {}{}",
        resolved, inactive, 100 * rate, c["step:injury_database_single"] + c["step:injury_database_disambiguated"],
        c["step:injury_database_single"], c["step:injury_database_disambiguated"], c["step:br_roster"],
        c["step:bdl_fallback"], c["resolution:multiple_matches"], c["resolution:not_found"],
        rate < 0.8 ? "  WARNING: below 80%" : ""));
    std::string flags;
    for (const auto& [key, n] : c)
      if (key.rfind("flag:", 0) == 0) flags += fmt::format("{}{} {}", flags.empty() ? "" : ", ", key.substr(5), n);
    if (!flags.empty()) lines.push_back(fmt::format("resolution flags: {}", flags));
  }
  if (c["files_all_star"] + c["files_preseason"] > 0)
    lines.push_back(fmt::format("exhibition games given no rows: all-star {}, preseason {}", c["files_all_star"],
                                c["files_preseason"]));
  if (c["files_filtered"] > 0) lines.push_back(fmt::format("games filtered out by --team-filter: {}", c["files_filtered"]));
  if (c["files_incomplete"] > 0)
    lines.push_back(fmt::format("WARNING: {} incomplete gamebook(s): 0 active players but DNP/inactive rows",
                                c["files_incomplete"]));
  if (c["rows_unknown_team"] > 0) lines.push_back(fmt::format("rows with an unknown team (team_abbr null): {}", c["rows_unknown_team"]));
  if (c["bad_values"] > 0) lines.push_back(fmt::format("stat values of the wrong type stored as null: {}", c["bad_values"]));
  if (c["lookup_errors"] > 0) lines.push_back(fmt::format("WARNING: {} lookup failures (see the file remarks)", c["lookup_errors"]));
  if (!lines.empty())
    lines.push_back(fmt::format("run {}: the reference's name_resolution_log and resolution_performance tables are not "
                                "written; the lines above replace them",
                                run_id_));
  return lines;
}

}  // namespace nbaraw::processors
