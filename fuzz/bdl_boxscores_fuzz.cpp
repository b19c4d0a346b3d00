// Fuzz target: BDL box-score files through process_bytes (fuzz_processor.hpp; how to run: fuzz/README.md).
#include "fuzz_processor.hpp"

#include <nbaraw/processors/bdl_boxscores.hpp>

namespace {
// The input's first byte picks one (byte % 6).
constexpr std::string_view object_names[] = {
    "ball-dont-lie/boxscores/2024-01-15/20240116_080000.json",     // 0: the sample with games
    "ball-dont-lie/boxscores/2024-01-16/20240117_080000.json",     // 1: the sample of a day without games
    "ball-dont-lie/boxscores/2024-01-15/20240116_080000.json.gz",  // 2: stored compressed
    "ball-dont-lie/boxscores/2024-13-01/20241301_080000.json",     // 3: no such month
    "ball-dont-lie/boxscores/2024-01-15/boxscores.json",           // 4: no timestamp in the file name
    "boxscores.json",                                              // 5: no folders at all
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nbaraw::fuzz::fuzz_processor<nbaraw::processors::BdlBoxscores>(data, size, object_names);
}
