#pragma once
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>
#include <nbaraw/rules/data_hash.hpp>
#include <nbaraw/rules/json_fields.hpp>
#include <nbaraw/rules/names.hpp>
#include <nbaraw/rules/python_compat.hpp>
#include <nbaraw/rules/bdl_teams.hpp>
#include <nbaraw/rules/season.hpp>

#include <fmt/format.h>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

namespace nbaraw::processors {

namespace bdl_boxscores_detail {

inline ProcessorInfo make_info() {
  using T = ColumnType;
  constexpr auto R = ColumnMode::REQUIRED;
  constexpr auto N = ColumnMode::NULLABLE;
  ProcessorInfo info;
  info.name = "bdl_boxscores";
  info.version = "1";
  info.table.table = "bdl_player_boxscores";
  info.table.columns = {
      {"game_id", T::STRING, R},
      {"game_date", T::DATE, R},
      {"season_year", T::INT64, R},
      {"game_status", T::STRING, N},
      {"period", T::INT64, N},
      {"is_postseason", T::BOOLEAN, R},
      {"home_team_abbr", T::STRING, R},
      {"away_team_abbr", T::STRING, R},
      {"home_team_score", T::INT64, N},
      {"away_team_score", T::INT64, N},
      {"team_abbr", T::STRING, R},
      {"player_full_name", T::STRING, R},
      {"player_lookup", T::STRING, R},
      {"bdl_player_id", T::INT64, N},
      {"jersey_number", T::STRING, N},
      {"position", T::STRING, N},
      {"minutes", T::STRING, N},
      {"points", T::INT64, N},
      {"assists", T::INT64, N},
      {"rebounds", T::INT64, N},
      {"offensive_rebounds", T::INT64, N},
      {"defensive_rebounds", T::INT64, N},
      {"steals", T::INT64, N},
      {"blocks", T::INT64, N},
      {"turnovers", T::INT64, N},
      {"personal_fouls", T::INT64, N},
      {"field_goals_made", T::INT64, N},
      {"field_goals_attempted", T::INT64, N},
      {"field_goal_pct", T::FLOAT64, N},
      {"three_pointers_made", T::INT64, N},
      {"three_pointers_attempted", T::INT64, N},
      {"three_point_pct", T::FLOAT64, N},
      {"free_throws_made", T::INT64, N},
      {"free_throws_attempted", T::INT64, N},
      {"free_throw_pct", T::FLOAT64, N},
      {"source_file_path", T::STRING, R},
      {"created_at", T::TIMESTAMP, R},
      {"data_hash", T::STRING, N},
      {"processed_at", T::TIMESTAMP, R},
  };
  info.table.partitioning = {Partitioning::Kind::day, "game_date"};
  info.table.clustering = {"player_lookup", "team_abbr", "game_date"};
  info.table.require_partition_filter = true;
  // The reference DELETEs (game_id, game_date) and appends; our sinks replace a game's rows with the newest
  // file's rows for that key, which is the same outcome without the reference's 90-minute window.
  info.strategy = {StrategyKind::merge_update, {"game_id", "game_date"}};
  info.prefixes = {"ball-dont-lie/boxscores"};
  info.selection = Selection::all_files;
  info.default_start = Date{2021, 10, 1};  // the reference job's START_DATE
  // --validate (spec §5, validation/configs/raw/bdl_boxscores.yaml): player counts per game and team,
  // minutes, the primary key (player_lookup, game_id); points is among the config's critical NULL fields.
  namespace v = nbaraw::validation;
  info.validation.identity = {"game_id", "player_lookup"};
  info.validation.not_null = {"points"};
  info.validation.checks = {
      v::per_group("players per game 20-40", {"game_id"}, "games", v::count_rows(), 20, 40),
      v::per_group("players per team at least 10", {"game_id", "team_abbr"}, "teams", v::count_rows(), 10),
      v::offending_rows("minutes between 0 and 60", {v::outside(v::leading_integer("minutes"), 0, 60)}),
      v::per_group("unique (player_lookup, game_id)", {"game_id", "player_lookup"}, "keys", v::count_rows(), std::nullopt, 1),
  };
  return info;
}

inline const std::vector<std::string_view> hash_fields{"game_id",          "player_lookup",         "points", "rebounds",
                                                       "assists",          "field_goals_made",      "field_goals_attempted"};

inline const std::map<std::string, std::string_view, std::less<>>& team_names() {
  static const std::map<std::string, std::string_view, std::less<>> names{
      {"atlanta hawks", "ATL"},          {"boston celtics", "BOS"},        {"brooklyn nets", "BKN"},
      {"charlotte hornets", "CHA"},      {"chicago bulls", "CHI"},         {"cleveland cavaliers", "CLE"},
      {"dallas mavericks", "DAL"},       {"denver nuggets", "DEN"},        {"detroit pistons", "DET"},
      {"golden state warriors", "GSW"},  {"houston rockets", "HOU"},       {"indiana pacers", "IND"},
      {"los angeles clippers", "LAC"},   {"los angeles lakers", "LAL"},    {"memphis grizzlies", "MEM"},
      {"miami heat", "MIA"},             {"milwaukee bucks", "MIL"},       {"minnesota timberwolves", "MIN"},
      {"new orleans pelicans", "NOP"},   {"new york knicks", "NYK"},       {"oklahoma city thunder", "OKC"},
      {"orlando magic", "ORL"},          {"philadelphia 76ers", "PHI"},    {"phoenix suns", "PHX"},
      {"portland trail blazers", "POR"}, {"sacramento kings", "SAC"},      {"san antonio spurs", "SAS"},
      {"toronto raptors", "TOR"},        {"utah jazz", "UTA"},             {"washington wizards", "WAS"},
  };
  return names;
}

/// The first `count` characters of Python's str.upper() of the text: simple upper-casing per code point,
/// plus the few full mappings that turn one character into several (ß → SS, the Latin ligatures).
inline std::string upper_prefix(std::string_view utf8, std::size_t count) {
  std::vector<utf8proc_int32_t> out;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  utf8proc_ssize_t left = utf8proc_ssize_t(utf8.size());
  while (left > 0 && out.size() < count) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // not UTF-8: the byte as it is (never a valid tricode)
      out.push_back(0xFFFD);
      ++p;
      --left;
      continue;
    }
    p += n;
    left -= n;
    std::u32string_view expansion;
    switch (cp) {
      case 0x00DF: expansion = U"SS"; break;   // ß
      case 0xFB00: expansion = U"FF"; break;   // ﬀ
      case 0xFB01: expansion = U"FI"; break;   // ﬁ
      case 0xFB02: expansion = U"FL"; break;   // ﬂ
      case 0xFB03: expansion = U"FFI"; break;  // ﬃ
      case 0xFB04: expansion = U"FFL"; break;  // ﬄ
      case 0xFB05:                             // ﬅ
      case 0xFB06: expansion = U"ST"; break;   // ﬆ
      default: break;
    }
    if (!expansion.empty()) {
      for (char32_t c : expansion) out.push_back(utf8proc_int32_t(c));
    } else {
      out.push_back(cp < 0x80 ? (cp >= 'a' && cp <= 'z' ? cp - 32 : cp) : utf8proc_toupper(cp));
    }
  }
  if (out.size() > count) out.resize(count);
  std::string text;
  for (utf8proc_int32_t cp : out) {
    utf8proc_uint8_t encoded[4];
    utf8proc_ssize_t m = utf8proc_encode_char(cp, encoded);
    text.append(reinterpret_cast<const char*>(encoded), std::size_t(m));
  }
  return text;
}

/// Python's int() of a counting stat: null or absent → 0 (the reference's rule), integers as they are,
/// other numbers truncated toward zero, booleans as 0/1, integer text read as int() reads it; anything else
/// (a fraction in text, a list, an object) is a wrong type.
inline std::int64_t count_stat(const boost::json::object& o, std::string_view key) {
  NumberReading python_int;
  python_int.truncate_fractions = python_int.booleans = python_int.text = true;
  return read_int(o.if_contains(key), key, python_int).value_or(0);
}

/// float() of a percentage: null or absent stays null; numbers, booleans and number text as a float;
/// anything else, or a value that is not finite (no JSON for it), is a wrong type.
inline boost::json::value pct_stat(const boost::json::object& o, std::string_view key) {
  NumberReading python_float;
  python_float.booleans = python_float.text = true;
  const auto d = read_float(o.if_contains(key), key, python_float);
  return d ? boost::json::value(*d) : boost::json::value();
}

/// The field as JSON text or null (absent reads as the given default).
inline boost::json::value string_or_null(const boost::json::object& o, std::string_view key, std::string_view path,
                                         std::optional<std::string_view> when_absent = std::nullopt) {
  const boost::json::value* v = o.if_contains(key);
  if (!v) return when_absent ? boost::json::value(*when_absent) : boost::json::value();
  if (auto s = optional_string(o, key, path)) return boost::json::value(*s);
  return nullptr;
}

inline boost::json::value int_or_null(const boost::json::object& o, std::string_view key, std::string_view path) {
  auto v = optional_int(o, key, path);
  return v ? boost::json::value(*v) : boost::json::value();
}

/// A game that gives no rows, with the reference's reason category.
struct SkipGame {
  std::string_view category;  // no_date, team_extraction_failed, invalid_game_id, wrong_type
  std::string detail;
};

/// The player entries of one side, or nullptr when the side lists none; BadField when players is not a list.
inline const boost::json::array* players_of(const boost::json::value* team, std::string_view side) {
  if (!team || !team->is_object()) return nullptr;
  const boost::json::value* players = team->get_object().if_contains("players");
  if (!players || players->is_null()) return nullptr;
  if (!players->is_array())
    throw BadField(fmt::format("{}.players is {}, not a list", side, json_type_name(*players)));
  return &players->get_array();
}

inline std::size_t player_count(const boost::json::object& game) {
  std::size_t n = 0;
  for (std::string_view side : {"home_team", "visitor_team"}) {
    const boost::json::value* team = game.if_contains(side);
    if (team && team->is_object())
      if (const boost::json::value* players = team->get_object().if_contains("players"); players && players->is_array())
        n += players->get_array().size();
  }
  return n;
}

inline bool is_falsy_date(const boost::json::value* v) {
  return !v || v->is_null() || (v->is_string() && v->get_string().empty());
}

}  // namespace bdl_boxscores_detail

NBARAW_DECL const ProcessorInfo& BdlBoxscores::info() const {
  static const ProcessorInfo info = bdl_boxscores_detail::make_info();
  return info;
}

NBARAW_DECL bool BdlBoxscores::is_valid_team(std::string_view abbr) {
  return is_bdl_tricode(abbr);
}

NBARAW_DECL BdlBoxscores::NameLookup BdlBoxscores::lookup_team_name(std::string_view name) {
  using namespace bdl_boxscores_detail;
  std::string normalized(py::strip(py::lower(name)));
  if (normalized == "la lakers") normalized = "los angeles lakers";
  if (normalized == "la clippers") normalized = "los angeles clippers";
  const auto& names = team_names();
  if (auto it = names.find(normalized); it != names.end()) return {std::string(it->second), false};
  std::string fallback = bdl_boxscores_detail::upper_prefix(name, 3);
  if (is_valid_team(fallback)) return {std::move(fallback), true};
  return {std::nullopt, true};
}

NBARAW_DECL BdlBoxscores::TeamAbbreviation BdlBoxscores::extract_team_abbreviation(const boost::json::object& team) {
  TeamAbbreviation out;
  auto by_name = [&](std::string_view name, std::string_view what) -> bool {
    const NameLookup found = lookup_team_name(name);
    if (found.fallback)
      out.notes.push_back(found.abbr ? fmt::format("team {} '{}' is not in the team map; its first three characters "
                                                   "give {}",
                                                   what, name, *found.abbr)
                                     : fmt::format("team {} '{}' is not in the team map and its first three "
                                                   "characters are no team",
                                                   what, name));
    if (found.abbr) {
      out.abbr = *found.abbr;
      out.by_fallback = found.fallback;
    }
    return found.abbr.has_value();
  };
  // 1. full_name
  const std::string_view full_name = optional_string(team, "full_name", "team.").value_or("");
  if (!full_name.empty() && by_name(full_name, "full_name")) return out;
  // 2. abbreviation, upper-cased (ASCII tricodes only can be valid)
  const std::string_view abbreviation = optional_string(team, "abbreviation", "team.").value_or("");
  if (!abbreviation.empty()) {
    std::string upper = bdl_boxscores_detail::upper_prefix(abbreviation, 4);  // 4: a longer text is no tricode
    if (is_valid_team(upper)) {
      out.abbr = std::move(upper);
      return out;
    }
  }
  // 3. city + " " + name, through the same normalisation as the full name
  const std::string_view city = optional_string(team, "city", "team.").value_or("");
  const std::string_view nickname = optional_string(team, "name", "team.").value_or("");
  const std::string combined = fmt::format("{} {}", city, nickname);
  if (!py::strip(combined).empty() && by_name(combined, "city and name")) return out;
  out.abbr.clear();
  return out;
}

NBARAW_DECL BdlBoxscores::GameIdCheck BdlBoxscores::check_game_id(std::string_view game_id) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t underscore = game_id.find('_', start);
    parts.push_back(game_id.substr(start, underscore == std::string_view::npos ? std::string_view::npos : underscore - start));
    if (underscore == std::string_view::npos) break;
    start = underscore + 1;
  }
  if (parts.size() != 3)
    return {false, fmt::format("game_id '{}' has {} '_'-separated parts, not 3", game_id, parts.size())};
  const std::string_view date = parts[0];
  if (date.size() != 8 || !std::all_of(date.begin(), date.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {false, fmt::format("game_id '{}': the date part '{}' is not 8 digits", game_id, date)};
  for (std::string_view team : {parts[1], parts[2]})
    if (py::length(team) != 3)
      return {false, fmt::format("game_id '{}': team '{}' is not 3 characters", game_id, team)};
  for (std::string_view team : {parts[1], parts[2]})
    if (!is_valid_team(team)) return {true, fmt::format("game_id '{}': '{}' is not a known team", game_id, team)};
  return {true, {}};
}

NBARAW_DECL bool BdlBoxscores::is_dnp(std::optional<std::string_view> minutes) {
  if (!minutes) return true;
  const std::string_view m = py::strip(*minutes);
  return std::all_of(m.begin(), m.end(), [](char c) { return c == '0' || c == ':' || c == '.'; });
}

NBARAW_DECL std::vector<std::string> BdlBoxscores::date_problems(const boost::json::array& games, std::size_t max) {
  std::vector<std::string> problems;
  std::size_t more = 0;
  for (std::size_t i = 0; i < games.size(); ++i) {
    if (!games[i].is_object()) continue;  // a record problem, not a file problem
    const boost::json::value* date = games[i].get_object().if_contains("date");
    if (bdl_boxscores_detail::is_falsy_date(date)) continue;  // no date: the game is skipped (no_date)
    std::string problem;
    if (!date->is_string())
      problem = fmt::format("boxScores[{}].date is {}, not a YYYY-MM-DD string", i, json_type_name(*date));
    else if (!parse_iso_date(date->get_string()))
      problem = fmt::format("boxScores[{}].date '{}' is not a YYYY-MM-DD date (a timestamp is not accepted)", i,
                            std::string_view(date->get_string()).substr(0, 40));
    if (problem.empty()) continue;
    if (problems.size() < max)
      problems.push_back(std::move(problem));
    else
      ++more;
  }
  if (more) problems.push_back(fmt::format("{} more games with a bad date", more));
  return problems;
}

NBARAW_DECL std::vector<std::string> BdlBoxscores::validate(const boost::json::value& document) const {
  if (!document.is_object()) return {fmt::format("invalid structure: the document is {}, not an object", json_type_name(document))};
  const boost::json::value* games = document.get_object().if_contains("boxScores");
  if (!games) return {"invalid structure: no 'boxScores' field"};
  if (!games->is_array()) return {fmt::format("invalid structure: 'boxScores' is {}, not a list", json_type_name(*games))};
  return date_problems(games->get_array());
}

NBARAW_DECL TransformResult BdlBoxscores::transform(const boost::json::value& document, const FileContext& context) const {
  using namespace bdl_boxscores_detail;
  TransformResult result;
  const auto& games = document.at("boxScores").get_array();

  // A date that is not YYYY-MM-DD fails the whole file, as the reference's strptime does: every game is
  // rejected with the reason (validate() reports the same before a backfill gets here).
  if (auto problems = date_problems(games); !problems.empty()) {
    result.records_seen = games.size();
    const std::string reason = fmt::format("file rejected: {}", fmt::join(problems, "; "));
    for (std::size_t i = 0; i < games.size(); ++i) result.skipped.push_back(fmt::format("game {}: {}", i, reason));
    result.warnings.push_back(reason);
    return result;
  }

  // A day without games: the scraper writes an empty list. No data, not a failure (the reference's
  // validation rejected it, which made every off day of a backfill an error).
  if (games.empty()) {
    result.no_rows_reason = "no games: 'boxScores' is an empty list (a day without games)";
    add_counter(result.counters, "files_without_games");
    return result;
  }

  const std::string now = utc_now_iso() + "+00:00";  // created_at and processed_at: UTC, ISO with +00:00
  std::vector<std::string> skipped_games, notes;
  std::size_t dnp_rows = 0, players_skipped = 0, fallbacks = 0;
  bool all_upcoming = !games.empty();

  for (std::size_t gi = 0; gi < games.size(); ++gi) {
    const boost::json::value& game_value = games[gi];
    {
      const boost::json::value* period = game_value.is_object() ? game_value.get_object().if_contains("period") : nullptr;
      if (!(period && period->is_number() && period->to_number<double>() == 0)) all_upcoming = false;
    }
    std::string label = fmt::format("game {}", gi);
    auto skip_game = [&](const SkipGame& skip) {
      const std::size_t players = game_value.is_object() ? player_count(game_value.get_object()) : 0;
      ++result.records_seen;
      result.skipped.push_back(fmt::format("{}: {}: {} ({} listed players give no rows)", label, skip.category,
                                           skip.detail, players));
      skipped_games.push_back(fmt::format("{} {} ({})", label, skip.category, skip.detail));
      add_counter(result.counters, "games_skipped");
      add_counter(result.counters, fmt::format("games_skipped:{}", skip.category));
    };
    add_counter(result.counters, "games");
    try {
      if (!game_value.is_object())
        throw SkipGame{"wrong_type", fmt::format("the game is {}, not an object", json_type_name(game_value))};
      const boost::json::object& game = game_value.get_object();

      // Date and season.
      if (is_falsy_date(game.if_contains("date"))) throw SkipGame{"no_date", "the game has no date"};
      const Date game_date = *parse_iso_date(game.at("date").get_string());  // checked by date_problems
      std::int64_t season_year = season_start_year(game_date);
      try {
        if (auto season = optional_int(game, "season"); season && *season != 0) season_year = *season;
      } catch (const BadField& e) {
        throw SkipGame{"wrong_type", e.what()};
      }

      // Teams.
      std::string abbrs[2];
      const char* sides[2] = {"home_team", "visitor_team"};
      for (int s = 0; s < 2; ++s) {
        const boost::json::value* team = game.if_contains(sides[s]);
        if (team && !team->is_null() && !team->is_object())
          throw SkipGame{"team_extraction_failed",
                         fmt::format("{} is {}, not an object", sides[s], json_type_name(*team))};
        if (!team || team->is_null()) continue;
        try {
          TeamAbbreviation t = extract_team_abbreviation(team->get_object());
          for (auto& n : t.notes) notes.push_back(fmt::format("{}: {}", label, std::move(n)));
          if (t.by_fallback) ++fallbacks;
          abbrs[s] = std::move(t.abbr);
        } catch (const BadField& e) {
          throw SkipGame{"team_extraction_failed", fmt::format("{}: {}", sides[s], e.what())};
        }
      }
      const std::string& home = abbrs[0];
      const std::string& away = abbrs[1];
      if (home.empty() || away.empty())
        throw SkipGame{"team_extraction_failed",
                       fmt::format("no abbreviation for {}", home.empty() && away.empty() ? "either team"
                                                             : home.empty()                 ? "home_team"
                                                                                            : "visitor_team")};

      const std::string game_id = fmt::format("{}_{}_{}", game_date.compact(), away, home);
      label = fmt::format("game {} ({})", gi, game_id);
      if (GameIdCheck check = check_game_id(game_id); !check.valid)
        throw SkipGame{"invalid_game_id", check.message};
      else if (!check.message.empty())
        notes.push_back(check.message);

      // Game columns, the same for every row of the game.
      boost::json::object base;
      try {
        base["game_id"] = game_id;
        base["game_date"] = game_date.iso();
        base["season_year"] = season_year;
        base["game_status"] = string_or_null(game, "status", "", std::string_view(""));
        base["period"] = int_or_null(game, "period", "");
        const boost::json::value* postseason = game.if_contains("postseason");
        if (postseason && !postseason->is_null() && !postseason->is_bool())
          throw BadField(fmt::format("postseason is {}, not a boolean", json_type_name(*postseason)));
        // An explicit null reads as false: the column is NOT NULL (the reference would have failed the load).
        base["is_postseason"] = postseason && postseason->is_bool() && postseason->get_bool();
        base["home_team_abbr"] = home;
        base["away_team_abbr"] = away;
        base["home_team_score"] = int_or_null(game, "home_team_score", "");
        base["away_team_score"] = int_or_null(game, "visitor_team_score", "");
      } catch (const BadField& e) {
        throw SkipGame{"wrong_type", e.what()};
      }

      // Rows: the home players, then the away players, each in file order.
      for (int s = 0; s < 2; ++s) {
        const std::string_view side = s == 0 ? "home" : "away";
        const boost::json::array* players = nullptr;
        try {
          players = players_of(game.if_contains(sides[s]), sides[s]);
        } catch (const BadField& e) {
          ++result.records_seen;
          ++players_skipped;
          result.skipped.push_back(fmt::format("{} {} players: {}", label, side, e.what()));
          continue;
        }
        if (!players) continue;
        for (std::size_t pi = 0; pi < players->size(); ++pi) {
          ++result.records_seen;
          try {
            const boost::json::value& entry_value = (*players)[pi];
            if (!entry_value.is_object())
              throw BadField(fmt::format("the entry is {}, not an object", json_type_name(entry_value)));
            const boost::json::object& entry = entry_value.get_object();
            const boost::json::object* player = optional_object(entry, "player");
            if (!player) throw BadField("no player object (no first_name/last_name)");
            const std::string_view first = optional_string(*player, "first_name", "player.").value_or("");
            const std::string_view last = optional_string(*player, "last_name", "player.").value_or("");
            if (first.empty() || last.empty())
              throw BadField(fmt::format("player.{} is missing or empty", first.empty() ? "first_name" : "last_name"));
            const std::string full_name = fmt::format("{} {}", first, last);
            const std::optional<std::string_view> minutes = optional_string(entry, "min");

            Row row;
            row.reserve(39);
            for (const auto& [key, value] : base) row[key] = value;
            row["team_abbr"] = s == 0 ? home : away;
            row["player_full_name"] = full_name;
            row["player_lookup"] = bdl_player_lookup(full_name);
            row["bdl_player_id"] = int_or_null(*player, "id", "player.");
            row["jersey_number"] = string_or_null(*player, "jersey_number", "player.");
            row["position"] = string_or_null(*player, "position", "player.");
            row["minutes"] = minutes ? boost::json::value(*minutes) : boost::json::value();
            row["points"] = count_stat(entry, "pts");
            row["assists"] = count_stat(entry, "ast");
            row["rebounds"] = count_stat(entry, "reb");
            row["offensive_rebounds"] = count_stat(entry, "oreb");
            row["defensive_rebounds"] = count_stat(entry, "dreb");
            row["steals"] = count_stat(entry, "stl");
            row["blocks"] = count_stat(entry, "blk");
            row["turnovers"] = count_stat(entry, "turnover");
            row["personal_fouls"] = count_stat(entry, "pf");
            row["field_goals_made"] = count_stat(entry, "fgm");
            row["field_goals_attempted"] = count_stat(entry, "fga");
            row["field_goal_pct"] = pct_stat(entry, "fg_pct");
            row["three_pointers_made"] = count_stat(entry, "fg3m");
            row["three_pointers_attempted"] = count_stat(entry, "fg3a");
            row["three_point_pct"] = pct_stat(entry, "fg3_pct");
            row["free_throws_made"] = count_stat(entry, "ftm");
            row["free_throws_attempted"] = count_stat(entry, "fta");
            row["free_throw_pct"] = pct_stat(entry, "ft_pct");
            row["source_file_path"] = context.object_name;
            row["created_at"] = now;
            row["data_hash"] = nullptr;  // in DDL order, so that sinks read the row without key searches
            row["processed_at"] = now;
            if (auto hash = data_hash(row, hash_fields)) row["data_hash"] = *hash;

            if (is_dnp(minutes)) ++dnp_rows;
            result.rows.push_back(std::move(row));
          } catch (const std::exception& e) {  // BadField, or a value that does not fit: only this player
            ++players_skipped;
            result.skipped.push_back(fmt::format("{} {} player {}: {}", label, side, pi, e.what()));
          }
        }
      }
    } catch (const SkipGame& skip) {
      skip_game(skip);
    }
  }

  add_counter(result.counters, "rows", double(result.rows.size()));
  add_counter(result.counters, "rows_dnp", double(dnp_rows));
  add_counter(result.counters, "players_skipped", double(players_skipped));
  add_counter(result.counters, "team_name_fallbacks", double(fallbacks));

  // Notes in file order, each once.
  std::vector<std::string> seen;
  for (auto& n : notes)
    if (std::find(seen.begin(), seen.end(), n) == seen.end()) seen.push_back(std::move(n));
  for (auto& n : seen) result.warnings.push_back(std::move(n));
  if (!skipped_games.empty()) {
    constexpr std::size_t listed = 10;
    std::string list;
    for (std::size_t i = 0; i < skipped_games.size() && i < listed; ++i) list += (i ? "; " : "") + skipped_games[i];
    if (skipped_games.size() > listed) list += fmt::format("; and {} more", skipped_games.size() - listed);
    result.warnings.push_back(fmt::format("skipped {} of {} games: {}", skipped_games.size(), games.size(), list));
  }
  if (result.rows.empty() && !games.empty()) {
    if (all_upcoming) {
      add_counter(result.counters, "files_upcoming_only");
      result.no_rows_reason = fmt::format("upcoming games only: all {} games have period 0, no rows", games.size());
      result.warnings.push_back(result.no_rows_reason);
    } else {
      add_counter(result.counters, "files_without_rows");
      result.warnings.push_back(fmt::format("no rows from {} games that are not all upcoming", games.size()));
    }
  }
  return result;
}

NBARAW_DECL std::vector<std::string> BdlBoxscores::summarize(const QualityCounters& counters) const {
  std::map<std::string, double> c(counters.begin(), counters.end());
  std::vector<std::string> lines;
  if (c["files_without_games"] > 0)
    lines.push_back(fmt::format("files without games (an empty boxScores list, no data): {}", c["files_without_games"]));
  if (c["games"] <= 0) return lines;
  const double rows = c["rows"];
  lines.push_back(fmt::format("player rows {} from {} games ({} games listed)", rows, c["games"] - c["games_skipped"],
                              c["games"]));
  lines.push_back(fmt::format("DNP rows (no minutes): {} ({:.1f}%)", c["rows_dnp"],
                              rows > 0 ? 100.0 * c["rows_dnp"] / rows : 0.0));
  // Listed by name (c is sorted), so the summary reads the same whatever order files completed in.
  std::string reasons;
  for (const auto& [key, n] : c)
    if (key.rfind("games_skipped:", 0) == 0)
      reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", key.substr(14), n);
  lines.push_back(fmt::format("games skipped: {}{}{}", c["games_skipped"], reasons.empty() ? "" : " (", reasons.empty() ? "" : reasons + ")"));
  lines.push_back(fmt::format("players skipped (no name or a wrong type): {}", c["players_skipped"]));
  if (c["team_name_fallbacks"] > 0)
    lines.push_back(fmt::format("team names not in the team map, resolved by their first three characters: {}",
                                c["team_name_fallbacks"]));
  if (c["files_upcoming_only"] > 0)
    lines.push_back(fmt::format("files with upcoming games only (every period 0, no rows): {}", c["files_upcoming_only"]));
  if (c["files_without_rows"] > 0)
    lines.push_back(fmt::format("files whose games gave no rows: {}  WARNING", c["files_without_rows"]));
  return lines;
}

}  // namespace nbaraw::processors
