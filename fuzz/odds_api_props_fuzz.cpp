// Fuzz target: Odds API player-props snapshots through process_bytes (fuzz_processor.hpp; fuzz/README.md).
// The processor has no look-ups (no_lookups()): game ids fall back to YYYYMMDD_AWAY_HOME.
#include "fuzz_processor.hpp"

#include <nbaraw/processors/odds_api_props.hpp>

namespace {
// The input's first byte picks one (byte % 6): the date folder, the event folder's teams and the capture time
// come from the name.
constexpr std::string_view object_names[] = {
    // 0: the historical sample's name
    "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_041000-snap-0410.json",
    // 1: a current capture: the snapshot time comes from the file name
    "odds-api/player-props/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20240124_230500-snap-2305.json",
    // 2: stored compressed
    "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_041000-snap-0410.json.gz",
    // 3: no such day in the date folder and the capture
    "odds-api/player-props/2024-02-30/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20240230_230500-snap-2305.json",
    // 4: an event folder without teams, a capture without a timestamp or a snapshot tag
    "odds-api/player-props/2024-01-24/event/capture.json",
    // 5: too few parts ("invalid file path format")
    "odds-api/player-props/2024-01-24/20240124_230500.json",
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nbaraw::fuzz::fuzz_processor<nbaraw::processors::OddsApiProps>(data, size, object_names);
}
