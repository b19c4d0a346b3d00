// Odds API player props backfill: odds-api/player-props/<date>/ and odds-api/player-props-history/<date>/
// → nba_raw.odds_api_player_points_props, game ids looked up in the sink's nbac_schedule.
#include <nbaraw/cli/run.hpp>
#include <nbaraw/processors/odds_api_props.hpp>

int main(int argc, char** argv) { return nbaraw::cli::run<nbaraw::processors::OddsApiProps>(argc, argv); }
