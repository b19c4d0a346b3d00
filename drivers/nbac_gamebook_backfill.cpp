// NBA.com gamebook backfill: nba-com/gamebooks-data/<date>/<game>/ → nba_raw.nbac_gamebook_player_stats.
#include <nbaraw/jobs.hpp>

int main(int argc, char** argv) { return nbaraw::jobs::nbac_gamebook(argc, argv); }
