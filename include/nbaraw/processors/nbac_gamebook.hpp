#pragma once
// NBA.com gamebooks (`nba-com/gamebooks-data/<date>/<YYYYMMDD-AWYHOM>/<ts>.json`, the JSON the scraper parses
// out of the gamebook PDF) → nba_raw.nbac_gamebook_player_stats.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/rules/schedule.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbaraw::processors {

/**
 * One row per player of a game: active players (with stats), then DNP, then inactive players.
 *
 * Strategy merge_update keyed by game_id. The reference deletes the game's rows (`DELETE ... WHERE game_id`)
 * and appends the file's rows; with our sinks the newest file of a game replaces that game's rows, and the
 * backfill only selects the latest file of each game folder anyway (Selection::latest_per_folder).
 *
 * Reads other tables through Lookups (thread-safe, answers cached per instance):
 * - `v_nbac_schedule_latest` for the season type of the game date (All Star and Pre Season games give no rows);
 * - `nbac_injury_report`, `br_rosters_current` and `bdl_player_boxscores` to resolve the names of inactive
 *   players, who appear in the gamebook by last name only.
 * With no_lookups() every query answers nothing: season type Regular Season, every inactive player
 * `not_found`, which is what the goldens hold.
 *
 * Not ported: the reference's side tables `nba_processing.name_resolution_log` and
 * `nba_processing.resolution_performance`. Their numbers are kept as quality counters and reported by
 * summarize() instead. `nba_game_id` (not a DDL column, dropped by the reference's load) is not emitted.
 */
class NbacGamebook {
 public:
  using input_type = boost::json::value;

  NBARAW_DECL explicit NbacGamebook(std::shared_ptr<Lookups> lookups = no_lookups());

  NBARAW_DECL const ProcessorInfo& info() const;
  NBARAW_DECL std::vector<std::string> validate(const boost::json::value& document) const;
  NBARAW_DECL TransformResult transform(const boost::json::value& document, const FileContext& context) const;
  NBARAW_DECL std::vector<std::string> summarize(const QualityCounters& counters) const;

  /// --team-filter: keep only games whose away or home team is one of these NBA tricodes (case-insensitive).
  /// Applied when the backfill selects objects (by the game folder `YYYYMMDD-AWYHOM`, so filtered games are
  /// neither read nor recorded as loaded), and again in transform for objects without such a folder. An
  /// empty list keeps every game. Throws std::invalid_argument for a code that is not an NBA tricode.
  NBARAW_DECL void set_team_filter(const std::vector<std::string>& tricodes);
  const std::vector<std::string>& team_filter() const { return team_filter_; }

  /// `run_YYYYMMDD_HHMMSS_<8 hex>`, fixed for this instance (every row of a backfill carries the same one).
  const std::string& processing_run_id() const { return run_id_; }

  // ---- the rules, exposed for tests ------------------------------------------------------------------

  /// "MM:SS" → MM + SS/60 (Python float() on each piece); nullopt for "", "-", not exactly two pieces,
  /// a piece that is not a number, or a result that is not finite.
  NBARAW_DECL static std::optional<double> minutes_decimal(std::string_view minutes);

  /// The game of a file: JSON date/away_team/home_team first, else from the object's path.
  struct GameInfo {
    std::string game_id;
    boost::json::value game_code;  ///< the JSON game_code when the key is present (may be null), else the path's
    Date game_date;
    int season_year = 0;
    std::optional<std::string> home_team_abbr, away_team_abbr;
  };
  /// nullopt with `problem` set when the file names no usable game date or game id.
  NBARAW_DECL static std::optional<GameInfo> game_info(const boost::json::object& document, std::string_view object_name,
                                                       std::string* problem = nullptr);

  /// The away and home codes of the object's game folder `YYYYMMDD-AWYHOM` (the component before the file
  /// name), or nullopt when the name has no such folder.
  NBARAW_DECL static std::optional<std::pair<std::string, std::string>> game_folder_teams(std::string_view object_name);

  /// "All Star", "PlayIn", "Playoffs", "Regular Season" or "Pre Season" from `v_nbac_schedule_latest`
  /// (first row for the date); "Regular Season" when the schedule has no row. `error` is set (and the
  /// default returned, not cached) when the lookup fails.
  NBARAW_DECL std::string season_type(const Date& game_date, std::string* error = nullptr) const;

  /// The outcome of resolving an inactive player's name.
  struct Resolution {
    std::string player_name;                 ///< the resolved full name, else the gamebook name
    boost::json::value player_lookup;        ///< the resolved lookup, else normalize_name_for_lookup(name)
    std::string status;                      ///< resolved | multiple_matches | not_found
    std::vector<std::string> flags;          ///< data_quality_flags
    bool requires_review = false;
    std::string step;                        ///< injury_database_single | injury_database_disambiguated |
                                             ///< br_roster | bdl_fallback | not_found | no_roster_data | error
    std::vector<std::string> errors;         ///< lookup failures met on the way (the resolution goes on)
  };
  /// The four steps of §4.4: injury report, Basketball-Reference roster, BDL box scores, not found.
  /// `name` and `team_abbr` must be non-empty; `reason` is the gamebook's inactive reason.
  NBARAW_DECL Resolution resolve_inactive(std::string_view name, std::string_view team_abbr, int season_year,
                                          const Date& game_date, std::string_view reason) const;

  /// SQL LIKE with % and _ (no escape character), comparing bytes: the callers lower-case both sides.
  NBARAW_DECL static bool sql_like(std::string_view text, std::string_view pattern);

 private:
  struct State;
  std::shared_ptr<Lookups> lookups_;
  std::string run_id_;
  std::vector<std::string> team_filter_;
  ProcessorInfo info_;
  std::shared_ptr<State> state_;  // caches, guarded by their own mutex
  ScheduleLookup schedule_;       // the game date's first schedule row
};

static_assert(SummarizingProcessor<NbacGamebook>);

}  // namespace nbaraw::processors

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/processors/impl/nbac_gamebook.ipp>
#endif
