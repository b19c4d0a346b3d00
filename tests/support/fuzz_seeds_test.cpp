// A processor's fuzz target (fuzz/<job>_fuzz.cpp), linked into the job's test program, over its seed corpus
// (fuzz/corpus/<job>/, NBARAW_FUZZ_CORPUS). The target aborts, naming the broken promise and the object, when
// a seed breaks one; in the sanitizer build each seed must also run free of memory errors and undefined
// behaviour.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

TEST_CASE("fuzz: every seed of the corpus goes through the fuzz target", "[fuzz]") {
  namespace fs = std::filesystem;
  const fs::path corpus = NBARAW_FUZZ_CORPUS;
  REQUIRE(fs::is_directory(corpus));
  std::vector<fs::path> seeds;
  for (const auto& entry : fs::recursive_directory_iterator(corpus))
    if (entry.is_regular_file()) seeds.push_back(entry.path());
  std::sort(seeds.begin(), seeds.end());
  REQUIRE_FALSE(seeds.empty());
  for (const auto& seed : seeds) {
    std::fprintf(stderr, "seed %s\n", seed.c_str());  // an abort shows which seed it was
    std::ifstream in(seed, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    INFO(seed.string());
    CHECK(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
  }
}
