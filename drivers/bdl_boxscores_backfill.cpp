// BDL box scores backfill: ball-dont-lie/boxscores/<date>/ → nba_raw.bdl_player_boxscores.
#include <nbaraw/cli/run.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>

int main(int argc, char** argv) { return nbaraw::cli::run<nbaraw::processors::BdlBoxscores>(argc, argv); }
