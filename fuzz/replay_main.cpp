// Runs a fuzz target's LLVMFuzzerTestOneInput over files, without libFuzzer: the ctest test of each seed corpus,
// and a way to rerun a crash input in a debugger.
//   <job>_fuzz_replay PATH...    each PATH a file or a folder (its files, recursively, in name order)
// Exits 0 after running every input, 2 when a path does not exist or holds no file. A broken promise aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path path = argv[i];
    std::error_code ec;
    const std::size_t before = inputs.size();
    if (fs::is_directory(path, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file()) inputs.push_back(entry.path());
    } else if (fs::is_regular_file(path, ec)) {
      inputs.push_back(path);
    }
    if (inputs.size() == before) {
      std::fprintf(stderr, "replay: %s: no such file, or a folder without files\n", argv[i]);
      return 2;
    }
    std::sort(inputs.begin() + static_cast<std::ptrdiff_t>(before), inputs.end());
  }

  for (const fs::path& path : inputs) {
    // An exact-size buffer, as libFuzzer gives: AddressSanitizer then catches a read past the end.
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(fs::file_size(path)));
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
      std::fprintf(stderr, "replay: %s: cannot read\n", path.c_str());
      return 2;
    }
    std::printf("replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
    std::fflush(stdout);
    LLVMFuzzerTestOneInput(bytes.empty() ? nullptr : bytes.data(), bytes.size());
  }
  std::printf("replay: %zu inputs ran\n", inputs.size());
  return 0;
}
