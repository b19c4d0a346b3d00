// BDL box scores backfill: ball-dont-lie/boxscores/<date>/ → nba_raw.bdl_player_boxscores.
#include <nbaraw/jobs.hpp>

int main(int argc, char** argv) { return nbaraw::jobs::bdl_boxscores(argc, argv); }
