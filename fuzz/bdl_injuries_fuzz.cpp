// Fuzz target: BDL injuries files through process_bytes (fuzz_processor.hpp; how to run: fuzz/README.md).
#include "fuzz_processor.hpp"

#include <nbaraw/processors/bdl_injuries.hpp>

namespace {
// The input's first byte picks one (byte % 6): the scrape time comes from the file name, else the date folder.
constexpr std::string_view object_names[] = {
    "ball-dont-lie/injuries/2025-07-15/20250715_143022.json",     // 0: the sample's name
    "ball-dont-lie/injuries/2025-07-15/20250715_143022.json.gz",  // 1: stored compressed
    "ball-dont-lie/injuries/2025-02-30/20250230_143022.json",     // 2: no such day, in folder and file name
    "ball-dont-lie/injuries/2025-07-15/injuries.json",            // 3: no timestamp: the folder's date
    "ball-dont-lie/injuries/latest/injuries.json",                // 4: neither a timestamp nor a date folder
    "20250715_143022.json",                                       // 5: no folders at all
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nbaraw::fuzz::fuzz_processor<nbaraw::processors::BdlInjuries>(data, size, object_names);
}
