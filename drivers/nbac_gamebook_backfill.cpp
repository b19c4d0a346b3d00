// NBA.com gamebook backfill: nba-com/gamebooks-data/<date>/<game>/ → nba_raw.nbac_gamebook_player_stats.
// The runner builds the processor with lookups answered by the sink's store (schedule, injury reports,
// rosters, BDL box scores) and passes --team-filter to it.
#include <nbaraw/cli/run.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>

int main(int argc, char** argv) { return nbaraw::cli::run<nbaraw::processors::NbacGamebook>(argc, argv); }
