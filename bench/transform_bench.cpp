// Transform throughput (issue 13): every processor's whole per-file path on one thread, over the sample
// objects of its prefixes: process_bytes (decode, parse, validate, transform, row checks) then the rows as the
// BigQuery sink serialises them (bigquery::staging_ndjson), repeated for at least --seconds of CPU time. Next
// to it, Boost.JSON's bare parse of the same bytes. Processors are found through the generated
// processors::AllProcessors, so a new one is benchmarked without editing this file.
//   transform_bench [BUCKET_DIR] [--seconds S] [--passes N] [--only JOB]
// --passes N runs exactly N passes (for valgrind --tool=callgrind). Exit status 1 when a processor misses
// its target or has no reference figure.
#include <nbaraw/backfill.hpp>
#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/processors.hpp>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace {

/// The Python reference's json.loads + transform, MB/s per core (issue 13); the target is 5x.
struct Reference {
  std::string_view job;
  double mb_per_s;
};
constexpr Reference python_reference[] = {
    {"bdl_injuries", 30}, {"bdl_boxscores", 30}, {"nbac_gamebook", 4.1}, {"odds_api_props", 9.9}};
constexpr double target_factor = 5;

struct Options {
  std::filesystem::path bucket = NBARAW_SAMPLE_BUCKET;
  double seconds = 1;
  std::size_t passes = 0;  // 0: as many as fit in `seconds`
  std::string only;
};

/// CPU time of this thread: the figure is per core, whatever else the machine runs.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

struct Sample {
  nbaraw::ObjectInfo object;
  std::string bytes;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The sample objects the processor would select under its prefixes.
std::vector<Sample> samples_of(const nbaraw::ProcessorInfo& info, const std::filesystem::path& bucket) {
  std::vector<nbaraw::ObjectInfo> listed;
  for (const auto& prefix : info.prefixes)
    if (std::filesystem::exists(bucket / prefix))
      for (const auto& entry : std::filesystem::recursive_directory_iterator(bucket / prefix))
        if (entry.is_regular_file())
          listed.emplace_back(entry.path().lexically_relative(bucket).generic_string(), entry.file_size(), "1");
  std::vector<Sample> out;
  for (auto& object : nbaraw::select_objects(std::move(listed), info)) {
    std::string bytes = read_file(bucket / object.name);
    out.push_back({std::move(object), std::move(bytes)});
  }
  return out;
}

/// Runs `pass` until the options' seconds (or passes) are spent; returns {passes, CPU seconds}.
template <class F>
std::pair<std::size_t, double> timed(const Options& options, F&& pass) {
  std::size_t passes = 0;
  const double start = cpu_seconds();
  double elapsed = 0;
  do {
    pass();
    ++passes;
    elapsed = cpu_seconds() - start;
  } while (options.passes ? passes < options.passes : elapsed < options.seconds);
  return {passes, elapsed};
}

struct Figures {
  std::size_t bytes = 0, rows = 0, files = 0, failed = 0;
  double mb_per_s = 0, rows_per_s = 0, parse_mb_per_s = 0;
};

template <class P>
P make_processor() {
  if constexpr (std::is_default_constructible_v<P>)
    return P{};
  else
    return P(std::shared_ptr<nbaraw::Lookups>{});  // no look-ups: as with an NDJSON sink
}

template <class P>
Figures bench(const P& processor, const std::vector<Sample>& samples, const Options& options) {
  const nbaraw::ProcessorInfo& info = processor.info();
  Figures f;
  f.files = samples.size();
  for (const auto& s : samples) f.bytes += s.bytes.size();
  std::size_t sink = 0;  // keeps the serialised text observable
  std::size_t rows_per_pass = 0, failed = 0;
  auto whole_path = [&] {
    rows_per_pass = failed = 0;
    for (const auto& s : samples) {
      nbaraw::FileOutcome out = nbaraw::process_bytes(processor, s.object, s.bytes);
      if (out.result.status != nbaraw::FileStatus::success && out.result.status != nbaraw::FileStatus::no_data) ++failed;
      rows_per_pass += out.rows.size();
      nbaraw::LoadFile file{s.object, std::move(out.rows)};
      sink += nbaraw::bigquery::staging_ndjson(info.table, std::span(&file, 1)).size();
      for (std::size_t t = 0; t < out.extra_rows.size(); ++t) {
        rows_per_pass += out.extra_rows[t].size();
        nbaraw::LoadFile extra{s.object, std::move(out.extra_rows[t])};
        sink += nbaraw::bigquery::staging_ndjson(info.extra_tables[t].table, std::span(&extra, 1)).size();
      }
    }
  };
  const auto [passes, seconds] = timed(options, whole_path);
  f.rows = rows_per_pass;
  f.failed = failed;
  f.mb_per_s = double(f.bytes) * double(passes) / seconds / 1e6;
  f.rows_per_s = double(rows_per_pass) * double(passes) / seconds;
  const auto [parse_passes, parse_seconds] = timed(options, [&] {
    for (const auto& s : samples) sink += boost::json::parse(s.bytes).is_object();
  });
  f.parse_mb_per_s = double(f.bytes) * double(parse_passes) / parse_seconds / 1e6;
  if (sink == 0) fmt::print(stderr, "nothing serialised\n");
  return f;
}

template <class P>
bool bench_one(const Options& options) {
  const P processor = make_processor<P>();
  const nbaraw::ProcessorInfo& info = processor.info();
  if (!options.only.empty() && options.only != info.name) return true;
  const auto samples = samples_of(info, options.bucket);
  if (samples.empty()) {
    fmt::print("| {} | no samples under {} | | | | | | | FAIL |\n", info.name, options.bucket.string());
    return false;
  }
  const Figures f = bench(processor, samples, options);
  double reference = 0;
  for (const auto& r : python_reference)
    if (r.job == info.name) reference = r.mb_per_s;
  const double target = reference * target_factor;
  const bool pass = reference > 0 && f.mb_per_s >= target && f.failed == 0;
  fmt::print("| {} | {} files, {} B | {:.1f} | {:.0f} | {:.1f} | {:.2f} | {} | {} | {}{} |\n", info.name, f.files,
             f.bytes, f.mb_per_s, f.rows_per_s, f.parse_mb_per_s, f.mb_per_s / f.parse_mb_per_s,
             reference > 0 ? fmt::format("{:.1f}", reference) : "none: add it", reference > 0 ? fmt::format("{:.1f}", target) : "-",
             pass ? "PASS" : "FAIL", f.failed ? fmt::format(" ({} files failed)", f.failed) : "");
  return pass;
}

template <class... P>
bool bench_all(nbaraw::processors::ProcessorList<P...>, const Options& options) {
  return (bench_one<P>(options) & ...);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc)
      options.seconds = std::stod(argv[++i]);
    else if (arg == "--passes" && i + 1 < argc)
      options.passes = std::stoul(argv[++i]);
    else if (arg == "--only" && i + 1 < argc)
      options.only = argv[++i];
    else if (!arg.starts_with("--"))
      options.bucket = arg;
    else {
      fmt::print(stderr, "usage: transform_bench [BUCKET_DIR] [--seconds S] [--passes N] [--only JOB]\n");
      return 2;
    }
  }
  fmt::print("One thread, CPU time; whole path = process_bytes + BigQuery staging NDJSON. MB/s = 1e6 bytes/s.\n");
  fmt::print("| processor | input | MB/s | rows/s | bare parse MB/s | ratio | Python MB/s | target MB/s | |\n"
             "|---|---|---:|---:|---:|---:|---:|---:|---|\n");
  return bench_all(nbaraw::processors::AllProcessors{}, options) ? 0 : 1;
}
