// Odds API player props backfill: odds-api/player-props/<date>/ and odds-api/player-props-history/<date>/
#include <nbaraw/jobs.hpp>

int main(int argc, char** argv) { return nbaraw::jobs::odds_api_props(argc, argv); }
