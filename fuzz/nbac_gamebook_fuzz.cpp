// Fuzz target: NBA.com gamebook files through process_bytes (fuzz_processor.hpp; how to run: fuzz/README.md).
// The processor has no look-ups (no_lookups()): Regular Season, inactive players not found.
#include "fuzz_processor.hpp"

#include <nbaraw/processors/nbac_gamebook.hpp>

namespace {
// The input's first byte picks one (byte % 6): without date/away_team/home_team in the JSON, the game comes
// from the game folder `YYYYMMDD-AWYHOM`.
constexpr std::string_view object_names[] = {
    "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json",     // 0: the sample's name
    "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json.gz",  // 1: stored compressed
    "nba-com/gamebooks-data/2024-04-10/20250805_151438.json",                     // 2: legacy, no game folder
    "nba-com/gamebooks-data/2024-13-40/2024134-XXYYZZ/20250805_151438.json",      // 3: bad date and game folder
    "nba-com/gamebooks-data/2024-01-15/20240115-bosLAL/20240116_031500.json",     // 4: another game, lower case
    "gamebook.json",                                                              // 5: no folders at all
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nbaraw::fuzz::fuzz_processor<nbaraw::processors::NbacGamebook>(data, size, object_names);
}
