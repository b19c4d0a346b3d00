#pragma once
// Tables filled with made-up rows of the four processors' schemas, loaded through the SQLite sink (or the
// BigQuery sink and its test server), then validated; and finding a check's result in the report.
#include "support/temp_dir.hpp"

#include <nbaraw/processors/bdl_boxscores.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>
#include <nbaraw/processors/odds_api_props.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sinks/sqlite_validation.hpp>
#include <nbaraw/validation/validator.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw::test {

inline const ProcessorInfo& boxscores_info() { return processors::BdlBoxscores{}.info(); }
inline const ProcessorInfo& odds_info() { return processors::OddsApiProps{}.info(); }
inline const ProcessorInfo& injuries_info() { return processors::BdlInjuries{}.info(); }
inline const ProcessorInfo& gamebook_info() {
  static const ProcessorInfo info = processors::NbacGamebook{}.info();  // the instance owns its info
  return info;
}

inline Date day(unsigned d) { return Date{2024, 1, d}; }

/// A row of the schema: each REQUIRED column with a plain value of its type, then `values` on top.
inline Row table_row(const TableSchema& schema, const Date& date, const Row& values) {
  Row row;
  for (const auto& c : schema.columns) {
    if (c.mode != ColumnMode::REQUIRED) continue;
    switch (c.type) {
      case ColumnType::DATE: row[c.name] = date.iso(); break;
      case ColumnType::TIMESTAMP: row[c.name] = date.iso() + "T12:00:00"; break;
      case ColumnType::INT64: row[c.name] = 1; break;
      case ColumnType::FLOAT64:
      case ColumnType::NUMERIC: row[c.name] = 1.0; break;
      case ColumnType::BOOLEAN: row[c.name] = false; break;
      default: row[c.name] = "x";
    }
  }
  if (schema.find("source_file_path")) row["source_file_path"] = fmt::format("test/{}/file.json", date.iso());
  for (const auto& kv : values) row[kv.key()] = kv.value();
  return row;
}

inline std::string lower(std::string s) {
  for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

/// Box-score rows of one game: `home` players of the home team, `away` of the away team.
inline Rows box_game(const Date& date, std::string away, std::string home, int n_away, int n_home) {
  Rows rows;
  const std::string game = date.compact() + "_" + away + "_" + home;
  for (const auto& [team, n] : {std::pair{home, n_home}, std::pair{away, n_away}})
    for (int i = 0; i < n; ++i) {
      const std::string lookup = lower(team) + "player" + std::to_string(i);
      rows.push_back(table_row(boxscores_info().table, date,
                               Row{{"game_id", game},
                                   {"home_team_abbr", home},
                                   {"away_team_abbr", away},
                                   {"team_abbr", team},
                                   {"player_full_name", team + " Player " + std::to_string(i)},
                                   {"player_lookup", lookup},
                                   {"minutes", i % 3 == 0 ? fmt::format("{}:12", 20 + i) : fmt::format("{:02}", 10 + i)},
                                   {"points", 2 * i}}));
    }
  return rows;
}

/// Odds rows of one game: `players` players at each of `bookmakers`.
inline Rows odds_game(const Date& date, std::string away, std::string home, std::vector<std::string> bookmakers, int players) {
  Rows rows;
  for (const auto& book : bookmakers)
    for (int i = 0; i < players; ++i)
      rows.push_back(table_row(odds_info().table, date,
                               Row{{"game_id", date.compact() + "_" + away + "_" + home},
                                   {"home_team_abbr", home},
                                   {"away_team_abbr", away},
                                   {"bookmaker", book},
                                   {"player_name", "Player " + std::to_string(i)},
                                   {"player_lookup", "player" + std::to_string(i)},
                                   {"points_line", 10.5 + i},
                                   {"over_price_american", -110},
                                   {"under_price_american", 105}}));
  return rows;
}

/// Gamebook rows of one game: per team, `active` active players, `dnp` DNP and `inactive` inactive ones.
inline Rows gamebook_game(const Date& date, std::string away, std::string home, int active, int dnp, int inactive) {
  Rows rows;
  const std::string game = date.compact() + "_" + away + "_" + home;
  for (const auto& team : {home, away}) {
    int n = 0;
    auto add = [&](std::string_view status, int count) {
      for (int i = 0; i < count; ++i, ++n) {
        Row values{{"game_id", game},
                   {"team_abbr", team},
                   {"player_name_original", team + " Player " + std::to_string(n)},
                   {"player_lookup", fmt::format("{}player{}", lower(team), n)},
                   {"player_status", status}};
        if (status == "active") {
          values["minutes"] = "24:30";
          values["points"] = 10;
        } else {
          values["dnp_reason"] = "Injury/Illness - Knee";
        }
        rows.push_back(table_row(gamebook_info().table, date, values));
      }
    };
    add("active", active);
    add("dnp", dnp);
    add("inactive", inactive);
  }
  return rows;
}

/// Injury rows of one scrape: `n` players.
inline Rows injury_rows(const Date& date, int n) {
  Rows rows;
  for (int i = 0; i < n; ++i)
    rows.push_back(table_row(injuries_info().table, date,
                             Row{{"bdl_player_id", 100 + i},
                                 {"player_lookup", "player" + std::to_string(i)},
                                 {"bdl_team_id", 1 + i % 30},
                                 {"injury_status", i % 2 ? "Out" : "Day-To-Day"},
                                 {"parsing_confidence", 0.9}}));
  return rows;
}

inline Rows concat(Rows a, const Rows& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// The rows as load files, one per date (merge_update keeps every row of a key that one file has).
inline std::vector<LoadFile> files_of(const Rows& rows) {
  std::map<std::string, Rows> by_file;
  for (const Row& r : rows) by_file[std::string(r.at("source_file_path").as_string())].push_back(r);
  std::vector<LoadFile> files;
  for (auto& [name, file_rows] : by_file) files.push_back({ObjectInfo{name, 1, "1:1"}, std::move(file_rows)});
  return files;
}

/// Loads the rows through the SQLite sink.
inline void load_sqlite(const std::filesystem::path& db, const ProcessorInfo& info, const Rows& rows) {
  const std::vector<LoadFile> files = files_of(rows);
  SqliteSink sink(db.string());
  const LoadTarget target{info.table, info.strategy, info.version};
  sink.prepare(target);
  sink.load(target, files);
}

inline validation::Report validate_sqlite(const std::filesystem::path& db, const ProcessorInfo& info,
                                          const std::vector<Date>& dates) {
  SqliteValidationStore store(db.string());
  return validation::validate_table(info, store, dates);
}

/// The report as text lines, for failure messages.
inline std::string dump(const validation::Report& report) {
  std::string out;
  for (const auto& r : report.results)
    out += fmt::format("{} | {} | {} | {}\n", r.check, r.scope, validation::to_string(r.outcome), r.detail);
  return out;
}

/// The result of a check (of a scope, for rows per date); fails the test when there is none.
inline const validation::CheckResult& result_of(const validation::Report& report, std::string_view check,
                                               std::string_view scope = {}) {
  for (const auto& r : report.results)
    if (r.check == check && (scope.empty() || r.scope == scope)) return r;
  INFO(dump(report));
  FAIL("no result for check '" << check << "' " << scope);
  throw std::logic_error("unreachable");
}

/// Every declared check except `except` passed (PASS or INFO).
inline void others_pass(const validation::Report& report, const ProcessorInfo& info, std::string_view except) {
  INFO(dump(report));
  for (const auto& c : info.validation.checks)
    if (c.name != except) CHECK(result_of(report, c.name).outcome == validation::Outcome::pass);
  if (except != "null key fields") CHECK(result_of(report, "null key fields").outcome == validation::Outcome::pass);
}

}  // namespace nbaraw::test
