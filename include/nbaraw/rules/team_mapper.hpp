#pragma once
// `shared/utils/nba_team_mapper.NBATeamMapper` (spec A.3): any team identifier → NBA tricode, exactly and
// fuzzily, with fuzzywuzzy's partial_ratio reproduced on difflib's matching blocks.
#include <nbaraw/config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// One of the 30 teams as the reference lists it.
struct NbaTeam {
  std::string_view nba;   ///< NBA.com tricode: "BKN"
  std::string_view br;    ///< Basketball Reference: "BRK"
  std::string_view espn;  ///< ESPN: "BKN" ("NY", "GS", "NO", "SA", "UTAH" differ)
  std::string_view full_name;
  std::string_view city;
  std::string_view nickname;
  std::vector<std::string_view> variations;  ///< "nets", "brooklyn nets", "bkn nets", ...
};

/// The 30 teams in the reference's order (BOS, BKN, NYK, ..., SAS): the order decides which team an
/// identifier shared by two teams maps to (the later one: "los angeles" → LAL) and which full name wins a
/// tie in fuzzy matching (the earlier one).
NBARAW_DECL const std::vector<NbaTeam>& nba_teams();

/// Whether code is one of the 30 NBA.com tricodes (exactly, upper case).
NBARAW_DECL bool is_nba_tricode(std::string_view code);

/// `get_nba_tricode`: `text.lower().strip()` looked up among every team's NBA/BR/ESPN codes, full name,
/// nickname, city and variations (lower case) and the alphanumeric-only forms of full name, nickname and
/// city; then `text.lower()` with everything but [a-z0-9] removed. nullopt for "" and for no match.
NBARAW_DECL std::optional<std::string> nba_tricode(std::string_view text);

/// `get_nba_tricode_fuzzy(text, cutoff)`: nba_tricode, else fuzzywuzzy `process.extractOne(text, the 30 full
/// names, scorer=partial_ratio, score_cutoff=cutoff)` with its default processor (full_process on the query
/// and on each name): the first name with the best score ≥ cutoff. nullopt for "" and for no match.
NBARAW_DECL std::optional<std::string> nba_tricode_fuzzy(std::string_view text, int cutoff);

/// fuzzywuzzy `fuzz.partial_ratio(a, b)` (pure-Python difflib build): 100 when a == b; 0 when one is empty;
/// else the shorter string against each window of the longer one that a difflib matching block aligns it
/// with, best SequenceMatcher ratio (100 as soon as one exceeds .995), times 100 rounded half to even.
/// By code point; no processing of its own, as fuzz.partial_ratio does none.
NBARAW_DECL int partial_ratio(std::string_view a, std::string_view b);

/// fuzzywuzzy `utils.full_process(s)`: every character that is not a letter, digit or '_' becomes a
/// space, then lower case, then stripped. The processor extractOne applies by default.
NBARAW_DECL std::string fuzzy_full_process(std::string_view text);

/// difflib `SequenceMatcher(None, a, b).ratio()` on code points (autojunk as difflib: on b of 200 or more).
NBARAW_DECL double sequence_ratio(std::u32string_view a, std::u32string_view b);

/// Basketball Reference code of an NBA code: BKN → BRK, CHA → CHO, PHX → PHO; anything else unchanged.
NBARAW_DECL std::string br_tricode(std::string_view nba_code);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/team_mapper.ipp>
#endif
