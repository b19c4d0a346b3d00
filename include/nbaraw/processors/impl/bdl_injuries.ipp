#pragma once
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>
#include <nbaraw/rules/data_hash.hpp>
#include <nbaraw/rules/json_fields.hpp>
#include <nbaraw/rules/names.hpp>
#include <nbaraw/rules/python_compat.hpp>
#include <nbaraw/rules/ascii.hpp>
#include <nbaraw/rules/bdl_teams.hpp>
#include <nbaraw/rules/season.hpp>

#include <fmt/format.h>

#include <array>
#include <map>
#include <set>

namespace nbaraw::processors {

namespace bdl_injuries_detail {

inline ProcessorInfo make_info() {
  using T = ColumnType;
  constexpr auto R = ColumnMode::REQUIRED;
  constexpr auto N = ColumnMode::NULLABLE;
  ProcessorInfo info;
  info.name = "bdl_injuries";
  info.version = "1";
  info.table.table = "bdl_injuries";
  info.table.columns = {
      {"scrape_date", T::DATE, R},          {"season_year", T::INT64, R},
      {"bdl_player_id", T::INT64, R},       {"player_full_name", T::STRING, R},
      {"player_lookup", T::STRING, R},      {"bdl_team_id", T::INT64, N},
      {"team_abbr", T::STRING, R},          {"injury_status", T::STRING, R},
      {"injury_status_normalized", T::STRING, R}, {"return_date", T::DATE, N},
      {"return_date_original", T::STRING, N},     {"injury_description", T::STRING, N},
      {"reason_category", T::STRING, R},    {"parsing_confidence", T::FLOAT64, R},
      {"data_quality_flags", T::STRING, N}, {"return_date_parsed", T::BOOLEAN, R},
      {"scrape_timestamp", T::TIMESTAMP, N}, {"source_file_path", T::STRING, R},
      {"data_hash", T::STRING, N},          {"processed_at", T::TIMESTAMP, R},
  };
  info.table.partitioning = {Partitioning::Kind::day, "scrape_date"};
  info.table.clustering = {"player_lookup", "team_abbr", "injury_status_normalized"};
  info.strategy = {StrategyKind::append_always, {}};
  info.prefixes = {"ball-dont-lie/injuries"};
  info.selection = Selection::all_files;
  info.default_start = Date{2021, 10, 1};
  // --validate (spec §5): the config's not-null player_id/team_id/status and allowed values are stale names
  // for bdl_player_id, bdl_team_id and injury_status; bdl_team_id may be NULL by the DDL (a player without
  // a team), so its NULLs warn. data_quality_check: an average confidence below 0.8 is not acceptable.
  namespace v = nbaraw::validation;
  info.validation.identity = {"scrape_date", "player_lookup"};
  info.validation.not_null = {"bdl_player_id", "injury_status"};
  info.validation.checks = {
      v::offending_rows("bdl_team_id present", {v::is_null("bdl_team_id")}).warning(),
      v::offending_rows("injury_status allowed",
                        {v::not_in("injury_status", {"Out", "Doubtful", "Questionable", "Probable", "Day-To-Day", "Available"})})
          .warning(),
      v::average_of("average parsing_confidence at least 0.8", "parsing_confidence", 0.8).warning(),
  };
  return info;
}

inline const std::vector<std::string_view> hash_fields{"player_lookup", "team_abbr", "injury_status_normalized",
                                                       "return_date", "reason_category"};

inline bool contains_any(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words)
    if (text.find(w) != std::string_view::npos) return true;
  return false;
}

using ascii::is_digit;
inline bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace bdl_injuries_detail

NBARAW_DECL const ProcessorInfo& BdlInjuries::info() const {
  static const ProcessorInfo info = bdl_injuries_detail::make_info();
  return info;
}

NBARAW_DECL std::vector<std::string> BdlInjuries::validate(const boost::json::value& document) const {
  if (!document.is_object()) return {fmt::format("invalid structure: the document is {}, not an object", json_type_name(document))};
  const boost::json::value* injuries = document.get_object().if_contains("injuries");
  if (!injuries) return {"invalid structure: no 'injuries' field"};
  if (!injuries->is_array()) return {fmt::format("invalid structure: 'injuries' is {}, not a list", json_type_name(*injuries))};
  return {};
}

NBARAW_DECL BdlInjuries::ReturnDate BdlInjuries::parse_return_date(std::string_view text, const Date& scrape_date) {
  using namespace bdl_injuries_detail;
  if (text.empty()) return {std::nullopt, false, 0.5};
  const std::string t(py::strip(py::lower(text)));
  for (std::string_view vague : {"tbd", "unknown", "end of season", "indefinite", "out for season"})
    if (t == vague) return {std::nullopt, false, 0.8};
  // Starts with three letters, whitespace, then one or two digits ("oct 1", "jul 17").
  static constexpr std::array<std::string_view, 12> months{"jan", "feb", "mar", "apr", "may", "jun",
                                                           "jul", "aug", "sep", "oct", "nov", "dec"};
  std::size_t i = 3;
  if (t.size() < 5 || !is_space(t[i])) return {std::nullopt, false, 0.3};
  while (i < t.size() && is_space(t[i])) ++i;
  if (i >= t.size() || !is_digit(t[i])) return {std::nullopt, false, 0.3};
  unsigned day = unsigned(t[i] - '0');
  if (i + 1 < t.size() && is_digit(t[i + 1])) day = day * 10 + unsigned(t[i + 1] - '0');
  unsigned month = 0;
  for (unsigned m = 0; m < months.size(); ++m)
    if (std::string_view(t).substr(0, 3) == months[m]) month = m + 1;
  if (!month) return {std::nullopt, false, 0.3};
  const int season = season_start_year(scrape_date);
  const int year = month >= 10 ? season : season + 1;
  if (!is_valid_date(year, month, day)) return {std::nullopt, false, 0.2};
  return {Date{year, month, day}, true, 1.0};
}

NBARAW_DECL std::string_view BdlInjuries::reason_category(std::string_view description) {
  using bdl_injuries_detail::contains_any;
  if (description.empty()) return "other";
  const std::string d = py::lower(description);
  if (contains_any(d, {"g league", "two-way", "on assignment"})) return "g_league";
  if (contains_any(d, {"rest", "load management", "maintenance"})) return "rest";
  if (contains_any(d, {"personal", "family", "bereavement", "away from team"})) return "personal";
  if (contains_any(d, {"suspension", "disciplinary", "team violation"})) return "suspension";
  if (contains_any(d, {"injury", "illness", "hip", "ankle", "knee", "shoulder", "back", "hamstring", "quad", "calf",
                       "groin", "wrist", "elbow", "foot", "toe", "finger", "head", "concussion", "sprain", "strain",
                       "tear", "surgery", "fracture", "bruise"}))
    return "injury";
  return "other";
}

NBARAW_DECL std::string BdlInjuries::normalize_status(std::string_view status) {
  const std::string s(py::strip(py::lower(status)));
  if (s.empty()) return "unknown";
  if (s == "out" || s == "questionable" || s == "doubtful" || s == "probable") return s;
  if (s == "day-to-day" || s == "day to day") return "day_to_day";
  std::string out = s;
  for (char& c : out)
    if (c == ' ' || c == '-') c = '_';
  return out;
}

NBARAW_DECL std::optional<std::string_view> BdlInjuries::team_abbr(std::int64_t id) {
  return bdl_tricode_of_id(id);
}

NBARAW_DECL std::optional<BdlInjuries::ScrapeTime> BdlInjuries::scrape_time_from_path(std::string_view path) {
  using ascii::is_digit;
  // The leftmost "dddddddd_dddddd.json", as the reference's regex search finds it.
  for (std::size_t at = path.find(".json"); at != std::string_view::npos; at = path.find(".json", at + 1)) {
    if (at < 15) continue;
    std::string_view s = path.substr(at - 15, 15);
    bool shaped = s[8] == '_';
    for (std::size_t i = 0; i < 15 && shaped; ++i) shaped = i == 8 || is_digit(s[i]);
    if (!shaped) continue;
    auto num = [&](std::size_t pos, std::size_t len) {
      int v = 0;
      for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
      return v;
    };
    int y = num(0, 4), mo = num(4, 2), d = num(6, 2), h = num(9, 2), mi = num(11, 2), se = num(13, 2);
    if (!is_valid_date(y, unsigned(mo), unsigned(d)) || h > 23 || mi > 59 || se > 59) return std::nullopt;
    Date date{y, unsigned(mo), unsigned(d)};
    return ScrapeTime{date, fmt::format("{}T{:02d}:{:02d}:{:02d}", date.iso(), h, mi, se)};
  }
  return std::nullopt;
}

NBARAW_DECL TransformResult BdlInjuries::transform(const boost::json::value& document, const FileContext& context) const {
  TransformResult result;
  const auto& injuries = document.at("injuries").get_array();
  result.records_seen = injuries.size();

  // Scrape time from the file name; a file without one takes its date from the date folder, never today.
  std::optional<Date> scrape_date;
  boost::json::value scrape_timestamp;  // null unless the name carries it
  if (auto t = scrape_time_from_path(context.object_name)) {
    scrape_date = t->date;
    scrape_timestamp = t->timestamp;
  } else if (context.folder_date) {
    scrape_date = context.folder_date;
    result.warnings.push_back(
        fmt::format("file name has no YYYYMMDD_HHMMSS timestamp; scrape_date {} taken from the date folder",
                    context.folder_date->iso()));
  }
  if (!scrape_date) {
    for (std::size_t i = 0; i < injuries.size(); ++i)
      result.skipped.push_back(fmt::format(
          "record {}: no scrape date (the file name has no YYYYMMDD_HHMMSS and the path no YYYY-MM-DD folder)", i));
    return result;
  }
  const std::string scrape_date_iso = scrape_date->iso();
  const int season_year = season_start_year(*scrape_date);
  const std::string processed_at = utc_now_iso();
  std::set<std::int64_t> unknown_teams;
  std::size_t low_confidence = 0;

  for (std::size_t i = 0; i < injuries.size(); ++i) {
    try {
      if (!injuries[i].is_object()) throw BadField(fmt::format("the record is {}, not an object", json_type_name(injuries[i])));
      const auto& injury = injuries[i].get_object();
      const boost::json::object* player = optional_object(injury, "player");
      if (!player) throw BadField("no player object");
      const std::optional<std::int64_t> player_id = optional_int(*player, "id", "player.");
      if (!player_id || *player_id == 0) throw BadField("player.id is missing or 0");

      const auto first = optional_string(*player, "first_name", "player.");
      const auto last = optional_string(*player, "last_name", "player.");
      const std::string full_name(py::strip(fmt::format("{} {}", py::strip(first.value_or("")), py::strip(last.value_or("")))));
      // Skip only when both names are null or absent; empty strings still give a row, as in the reference.
      // The reference read absent names as "" and crashed on null ones: a null name is flagged, and a
      // record whose names are both null is skipped.
      auto null_in_player = [&](std::string_view key) {
        const boost::json::value* v = player->if_contains(key);
        return v && v->is_null();
      };
      const bool first_null = null_in_player("first_name"), last_null = null_in_player("last_name");
      if (first_null && last_null) throw BadField("player.first_name and player.last_name are both null");

      const std::optional<std::int64_t> team_id = optional_int(*player, "team_id", "player.");
      const auto team = team_id ? team_abbr(*team_id) : std::nullopt;
      if (team_id && !team) unknown_teams.insert(*team_id);

      // A missing field reads as "", as in the reference; an explicit null is kept as NULL where the
      // column allows it (the reference crashed on a null description).
      auto is_null = [&](std::string_view key) {
        const boost::json::value* v = injury.if_contains(key);
        return v && v->is_null();
      };
      const std::string_view status = optional_string(injury, "status").value_or("");
      const std::string_view return_text = optional_string(injury, "return_date").value_or("");
      const std::string_view description = optional_string(injury, "description").value_or("");
      const std::string normalized = normalize_status(status);
      const ReturnDate ret = parse_return_date(return_text, *scrape_date);

      // parsing_confidence: the mean of five factors, each with the issue code it raises.
      std::vector<std::string_view> flags;
      auto factor = [&](bool ok, double low, std::string_view code) {
        if (!ok) flags.push_back(code);
        return ok ? 1.0 : low;
      };
      double sum = factor(true, 0.0, "missing_player_id");
      sum += factor(!status.empty(), 0.3, "missing_status");
      sum += ret.confidence;
      if (!ret.parsed && !return_text.empty()) flags.push_back("unparseable_return_date");
      sum += factor(team.has_value(), 0.5, "unknown_team_mapping");
      sum += factor(py::length(description) >= 20, 0.7, "short_description");
      if (first_null || last_null) flags.push_back("missing_name");
      const double confidence = py::round(sum / 5, 3);
      if (confidence < 0.6) ++low_confidence;

      Row row;
      row.reserve(20);
      row["scrape_date"] = scrape_date_iso;
      row["season_year"] = season_year;
      row["bdl_player_id"] = *player_id;
      row["player_full_name"] = full_name;
      row["player_lookup"] = bdl_player_lookup(full_name);
      row["bdl_team_id"] = team_id ? boost::json::value(*team_id) : boost::json::value();
      row["team_abbr"] = team ? *team : "UNK";
      row["injury_status"] = status;
      row["injury_status_normalized"] = normalized;
      row["return_date"] = ret.date ? boost::json::value(ret.date->iso()) : boost::json::value();
      row["return_date_original"] = is_null("return_date") ? boost::json::value() : boost::json::value(return_text);
      row["injury_description"] = is_null("description") ? boost::json::value() : boost::json::value(description);
      row["reason_category"] = reason_category(description);
      row["parsing_confidence"] = confidence;
      row["data_quality_flags"] =
          flags.empty() ? boost::json::value() : boost::json::value(fmt::format("{}", fmt::join(flags, ",")));
      row["return_date_parsed"] = ret.parsed;
      row["scrape_timestamp"] = scrape_timestamp;
      row["source_file_path"] = context.object_name;
      row["data_hash"] = nullptr;  // in DDL order, so that sinks read the row without key searches
      row["processed_at"] = processed_at;
      if (auto hash = data_hash(row, bdl_injuries_detail::hash_fields)) row["data_hash"] = *hash;

      add_counter(result.counters, "confidence_sum", confidence);
      if (!team) add_counter(result.counters, "rows_unknown_team");
      if (!flags.empty()) add_counter(result.counters, "rows_flagged");
      for (auto code : flags) add_counter(result.counters, fmt::format("flag:{}", code));
      add_counter(result.counters, fmt::format("status:{}", normalized));
      result.rows.push_back(std::move(row));
    } catch (const BadField& e) {
      result.skipped.push_back(fmt::format("record {}: {}", i, e.what()));
    } catch (const std::exception& e) {  // e.g. a string that does not fit a JSON value
      result.skipped.push_back(fmt::format("record {}: {}", i, e.what()));
    }
  }
  add_counter(result.counters, "rows", double(result.rows.size()));
  add_counter(result.counters, "rows_low_confidence", double(low_confidence));
  if (!unknown_teams.empty())
    result.warnings.push_back(fmt::format("unknown BDL team ids (stored as UNK): {}", fmt::join(unknown_teams, ", ")));
  if (!result.rows.empty() && double(low_confidence) > 0.3 * double(result.rows.size()))
    result.warnings.push_back(fmt::format("{} of {} rows have parsing_confidence below 0.6", low_confidence, result.rows.size()));
  return result;
}

NBARAW_DECL std::vector<std::string> BdlInjuries::summarize(const QualityCounters& counters) const {
  std::map<std::string, double> c(counters.begin(), counters.end());
  const double rows = c["rows"];
  std::vector<std::string> lines;
  if (rows <= 0) return lines;
  auto pct = [&](double n) { return 100.0 * n / rows; };
  lines.push_back(fmt::format("average parsing_confidence {:.3f} over {} rows", c["confidence_sum"] / rows, rows));
  lines.push_back(fmt::format("rows below 0.6 confidence: {} ({:.1f}%){}", c["rows_low_confidence"],
                              pct(c["rows_low_confidence"]), pct(c["rows_low_confidence"]) > 30 ? "  WARNING: over 30%" : ""));
  // Listed by name (c is sorted), so the summary reads the same whatever order files completed in.
  std::string flags, statuses;
  for (const auto& [key, n] : c) {
    if (key.rfind("flag:", 0) == 0) flags += fmt::format("{}{} {}", flags.empty() ? "" : ", ", key.substr(5), n);
    if (key.rfind("status:", 0) == 0) statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", key.substr(7), n);
  }
  lines.push_back(fmt::format("rows with quality flags: {} ({:.1f}%){}{}", c["rows_flagged"], pct(c["rows_flagged"]),
                              flags.empty() ? "" : ": ", flags));
  lines.push_back(fmt::format("rows with team UNK: {}", c["rows_unknown_team"]));
  lines.push_back(fmt::format("status distribution: {}", statuses));
  return lines;
}

}  // namespace nbaraw::processors
