// BDL injuries backfill: ball-dont-lie/injuries/<date>/ → nba_raw.bdl_injuries.
#include <nbaraw/jobs.hpp>

int main(int argc, char** argv) { return nbaraw::jobs::bdl_injuries(argc, argv); }
