#pragma once
// Game identifiers: `shared/utils/game_id_converter.to_standard_game_id` (spec A.4).
#include <nbaraw/config.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace nbaraw {

/// `to_standard_game_id(date, away, home)` → "YYYYMMDD_AWAY_HOME". The date is "YYYY-MM-DD" or "YYYYMMDD"
/// (every '-' is removed; 8 digits naming a real date must remain); the teams are upper-cased and stripped
/// and must be two different NBA tricodes (BKN, PHX, ... not BR or ESPN codes). nullopt where the
/// reference raises ValueError.
NBARAW_DECL std::optional<std::string> standard_game_id(std::string_view date, std::string_view away,
                                                        std::string_view home);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/game_id.ipp>
#endif
