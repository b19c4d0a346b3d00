#pragma once
// The Odds API player points props (`odds-api/player-props{,-history}/<date>/<event>-<AWY><HOM>/<ts>-snap-<HHMM>.json`,
// the API body as downloaded) → nba_raw.odds_api_player_points_props.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/rules/python_datetime.hpp>
#include <nbaraw/rules/schedule.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::processors {

/**
 * One row per (bookmaker, player) of each `player_points` market: the first outcome's `point` is the line,
 * the last Over and Under prices are kept (alternate lines collapse into one row), as the reference does.
 * A historical capture is the envelope `{timestamp, previous_timestamp, next_timestamp, data: event}` and
 * takes its snapshot time from `timestamp`; a current capture is the bare event and takes it from the
 * file name's `YYYYMMDD_HHMMSS` (UTC).
 *
 * Strategy append_always: every snapshot file adds rows (line-movement history); re-loading a file replaces
 * that file's rows.
 *
 * game_id: the NBA id of the schedule game with the same date and teams (regular season, play-in and
 * playoffs), read from `nbac_schedule` through Lookups and cached per date; `YYYYMMDD_AWAY_HOME` when the
 * schedule has no such game (always, with no_lookups(): the goldens).
 *
 * Where the reference would fail the whole file (an invalid path, no snapshot time, a team that is missing,
 * a value of the wrong type), the records it concerns are skipped with the reason instead; unparseable
 * optional timestamps (commence_time, bookmaker last_update) are stored null with a warning. The
 * reference's advisory validation (missing id, commence_time, teams, bookmakers) gives warnings.
 */
class OddsApiProps {
 public:
  using input_type = boost::json::value;

  NBARAW_DECL explicit OddsApiProps(std::shared_ptr<Lookups> lookups = no_lookups());

  NBARAW_DECL const ProcessorInfo& info() const;
  NBARAW_DECL std::vector<std::string> validate(const boost::json::value& document) const;
  NBARAW_DECL TransformResult transform(const boost::json::value& document, const FileContext& context) const;
  NBARAW_DECL std::vector<std::string> summarize(const QualityCounters& counters) const;

  // ---- the rules, exposed for tests ------------------------------------------------------------------

  /// The table the schedule look-up reads (game_id, game_date, away_team_tricode, home_team_tricode).
  static constexpr std::string_view schedule_table = "nbac_schedule";
  /// The props market the rows come from; other markets are ignored.
  static constexpr std::string_view market_key = "player_points";
  /// Fuzzy team matching cutoff (partial_ratio).
  static constexpr int team_fuzzy_cutoff = 85;

  /// Historical format ⇔ the top level has both `data` and `timestamp`.
  NBARAW_DECL static bool is_historical(const boost::json::value& document);
  /// "historical" for the historical format; else by the path: `player-props-history` or `/historical/` →
  /// "historical", `player-props` or `/current/` → "current"; else "current".
  NBARAW_DECL static std::string_view data_source(const boost::json::value& document, std::string_view path);

  /// Decimal odds → American, as the reference: d ≥ 2.0 → trunc((d − 1) × 100), else trunc(−100 / (d − 1)),
  /// in doubles (2.15 → 114, 2.30 → 129, 1.87 → −114). nullopt for 0 (falsy in the reference), for 1.0 (the
  /// reference divides by zero) and where the result does not fit INT64.
  NBARAW_DECL static std::optional<std::int64_t> decimal_to_american(double decimal);

  /// What the object name says: the last three '/'-separated parts are date folder, event folder, file.
  struct PathInfo {
    std::string date_folder;               ///< part −3, unparsed
    std::string event_id;                  ///< from `^([a-f0-9]+)-([A-Z]{3})([A-Z]{3})$`, else before the last '-'
    std::optional<std::string> away, home;  ///< the folder's codes (3 + 3 characters after the last '-')
    std::string capture;                   ///< the file name before `-snap-` (without .json)
    std::optional<std::string> snapshot_tag;  ///< "snap-" + the part after `-snap-`, or nullopt
  };
  /// nullopt when the name has fewer than 5 parts (the reference's "Invalid file path format").
  NBARAW_DECL static std::optional<PathInfo> parse_path(std::string_view object_name);

  /// A Python datetime (rules/python_datetime.hpp).
  using Timestamp = py::DateTime;
  /// `datetime.fromisoformat(text.replace('Z', '+00:00'))` (Python 3.11 forms: date, date + any separator +
  /// HH[:MM[:SS[.f]]], offsets ±HH[:MM[:SS]]), nullopt where Python raises.
  NBARAW_DECL static std::optional<Timestamp> parse_iso_timestamp(std::string_view text);
  /// `strptime(text, '%Y%m%d_%H%M%S')` as a naive time, for exactly "YYYYMMDD_HHMMSS".
  NBARAW_DECL static std::optional<Timestamp> parse_capture(std::string_view text);
  /// int((start − snapshot).total_seconds() / 60): truncated toward zero, negative after tip-off.
  NBARAW_DECL static std::int64_t minutes_before_tipoff(const Timestamp& start, const Timestamp& snapshot);

  /// The schedule's NBA game id for the game of `date` between these teams (each compared through
  /// nba_tricode, else as given upper-cased), or nullopt. The date's games are read once and cached
  /// (thread-safe). Throws what the Lookups throws; a failed read is not cached.
  NBARAW_DECL std::optional<std::string> schedule_game_id(const Date& date, std::string_view away,
                                                          std::string_view home) const;

 private:
  ScheduleLookup schedule_;  // the date's games, cached
};

static_assert(SummarizingProcessor<OddsApiProps>);

}  // namespace nbaraw::processors

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/processors/impl/odds_api_props.ipp>
#endif
