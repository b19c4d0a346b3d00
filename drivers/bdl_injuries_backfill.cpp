// BDL injuries backfill: ball-dont-lie/injuries/<date>/ → nba_raw.bdl_injuries.
#include <nbaraw/cli/run.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>

int main(int argc, char** argv) { return nbaraw::cli::run<nbaraw::processors::BdlInjuries>(argc, argv); }
