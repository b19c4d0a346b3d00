#pragma once
// BDL box scores (`ball-dont-lie/boxscores/<date>/<ts>.json`) → nba_raw.bdl_player_boxscores.
#include <nbaraw/config.hpp>
#include <nbaraw/processor.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::processors {

/// One day's games as the BDL scraper stores them: `{date, timestamp, rowCount, boxScores[game]}`, each game
/// with `home_team`/`visitor_team` and their `players[]`. One row per listed player (DNP players included):
/// the home players first, then the away players, each in file order.
///
/// Strategy merge_update on (game_id, game_date): the reference DELETEs a game's rows and appends the new
/// file's rows (MERGE_UPDATE, with a 90-minute guard against its own streaming inserts). Our sinks do the
/// same idempotently: the rows of a game are replaced by the rows of the newest file holding that game.
///
/// Records, for TransformResult: each player entry of an accepted game is one record; a skipped game
/// (no_date, team_extraction_failed, invalid_game_id, wrong_type) counts as one record with one reason.
class BdlBoxscores {
 public:
  using input_type = boost::json::value;

  NBARAW_DECL const ProcessorInfo& info() const;
  /// boxScores present and a list; every game date that is present is a strict YYYY-MM-DD. An empty list is
  /// valid: a day without games gives no rows (no_data), where the reference's validation failed it.
  NBARAW_DECL std::vector<std::string> validate(const boost::json::value& document) const;
  NBARAW_DECL TransformResult transform(const boost::json::value& document, const FileContext& context) const;
  NBARAW_DECL std::vector<std::string> summarize(const QualityCounters& counters) const;

  // The rules, exposed for tests and for other processors that need the same ones.

  /// One of the 30 tricodes the reference accepts (ATL ... WAS).
  NBARAW_DECL static bool is_valid_team(std::string_view abbr);

  /// A team name through the reference's normalisation: lower-case and strip, "la lakers"/"la clippers" read
  /// as the Los Angeles names, then the full-name map; when the name is not in the map, the first three
  /// characters of the upper-cased original name if they are a valid tricode.
  struct NameLookup {
    std::optional<std::string> abbr;  ///< nullopt when neither the map nor the fallback gives a valid tricode
    bool fallback = false;            ///< the name was not in the map (the fallback was tried)
  };
  NBARAW_DECL static NameLookup lookup_team_name(std::string_view name);

  /// extract_team_abbreviation: (1) full_name through lookup_team_name, (2) abbreviation upper-cased if
  /// valid, (3) city + " " + name through lookup_team_name; first success wins. Throws BadField when one of
  /// those fields is not a string.
  struct TeamAbbreviation {
    std::string abbr;                ///< empty when all three steps fail
    bool by_fallback = false;        ///< abbr came from the first-three-characters fallback
    std::vector<std::string> notes;  ///< remarks for the file (names missing from the map, fallbacks)
  };
  NBARAW_DECL static TeamAbbreviation extract_team_abbreviation(const boost::json::object& team);

  /// The reference's game-id format check: three '_'-separated parts, an 8-digit date, 3-character teams.
  /// A well-formed id whose team is not one of the 30 is valid with a warning.
  struct GameIdCheck {
    bool valid = false;
    std::string message;  ///< why it is invalid, or the warning; empty when valid and clean
  };
  NBARAW_DECL static GameIdCheck check_game_id(std::string_view game_id);

  /// A player who did not play: minutes null or empty, or only zeros ("00", "0:00").
  NBARAW_DECL static bool is_dnp(std::optional<std::string_view> minutes);

  /// The problems with the games' dates that fail the whole file (a present date that is not a string or
  /// not a strict YYYY-MM-DD date); at most `max` of them.
  NBARAW_DECL static std::vector<std::string> date_problems(const boost::json::array& games, std::size_t max = 5);
};

static_assert(SummarizingProcessor<BdlBoxscores>);

}  // namespace nbaraw::processors

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/processors/impl/bdl_boxscores.ipp>
#endif
