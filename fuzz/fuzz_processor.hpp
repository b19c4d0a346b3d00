#pragma once
// One fuzz input through process_bytes<P>, the per-file seam that the backfill and the live path share, and
// the promises every outcome must keep. Each fuzz/<job>_fuzz.cpp calls fuzz_processor<P> with its object names.
//
// The input: its first byte picks the object name (byte % names.size(); the name gives the processor its date
// folder, scrape timestamp and game folder), the rest is the stored object. Bytes that start with the gzip
// magic are decoded first, as the sources do (decode_stored); a damaged or oversized gzip ends the input (the
// backfill's `error`).
//
// A broken promise prints what broke and aborts, which libFuzzer and the replay test report with the input:
//   - process_bytes returns (it must never throw), with a status a file can get before loading;
//   - every status but success has a reason;
//   - success has rows, every other status has none;
//   - every row of a success fits the table (row_problem), holds only finite numbers, and serializes to JSON
//     that parses back to the same row (what the NDJSON and BigQuery sinks write).
#include <nbaraw/backfill.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/source.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

namespace nbaraw::fuzz {

/// Decoded bytes beyond this end the input: real objects are far smaller, and the fuzzer should spend its
/// time in the processor, not in zlib.
inline constexpr std::size_t gunzip_limit = std::size_t(16) << 20;

[[noreturn]] inline void violated(std::string_view promise, const ObjectInfo& object, std::string_view detail) {
  auto text = [](std::string_view s) { return static_cast<int>(s.size() < 2000 ? s.size() : 2000); };
  std::fprintf(stderr, "\nnbaraw fuzz: promise broken: %.*s\n  object: %s\n  %.*s\n", text(promise),
               promise.data(), object.name.c_str(), text(detail), detail.data());
  std::fflush(stderr);
  std::abort();
}

/// The path of the first NaN or infinity in v ("" for v itself), or nullopt. boost::json writes them as
/// `NaN` and `Infinity`, which no JSON reader (BigQuery included) accepts.
inline std::optional<std::string> non_finite_at(const boost::json::object& object);

inline std::optional<std::string> non_finite_at(const boost::json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double()) ? std::nullopt : std::optional<std::string>("");
  if (v.is_array()) {
    const auto& array = v.get_array();
    for (std::size_t i = 0; i < array.size(); ++i)
      if (auto at = non_finite_at(array[i])) return "[" + std::to_string(i) + "]" + *at;
  }
  if (v.is_object()) return non_finite_at(v.get_object());
  return std::nullopt;
}

inline std::optional<std::string> non_finite_at(const boost::json::object& object) {
  for (const auto& [key, item] : object)
    if (auto at = non_finite_at(item)) return "." + std::string(key) + *at;
  return std::nullopt;
}

/// True when `back`, what boost::json read from serialize(original), is `original`. A double is checked on its
/// text instead, with a correctly rounded reader: Boost.JSON 1.81 has no precise number mode (1.83 adds it) and
/// reads some doubles one ulp off (3.0683333333333334E1 as ...337E1), though its text is exact.
inline bool reads_back_equal(const boost::json::object& original, const boost::json::value& back);

inline bool reads_back_equal(const boost::json::value& original, const boost::json::value& back) {
  if (original.is_double()) {
    if (!back.is_double()) return false;
    const std::string text = boost::json::serialize(original);
    double read = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), read);
    return ec == std::errc() && end == text.data() + text.size() && read == original.get_double();
  }
  if (original.is_array()) {
    if (!back.is_array() || back.get_array().size() != original.get_array().size()) return false;
    for (std::size_t i = 0; i < original.get_array().size(); ++i)
      if (!reads_back_equal(original.get_array()[i], back.get_array()[i])) return false;
    return true;
  }
  if (original.is_object()) return reads_back_equal(original.get_object(), back);
  return original == back;
}

inline bool reads_back_equal(const boost::json::object& original, const boost::json::value& back) {
  if (!back.is_object() || back.get_object().size() != original.size()) return false;
  for (const auto& [key, item] : original) {
    const boost::json::value* other = back.get_object().if_contains(key);
    if (!other || !reads_back_equal(item, *other)) return false;
  }
  return true;
}

inline void check_outcome(const ProcessorInfo& info, const ObjectInfo& object, const FileOutcome& outcome) {
  const FileStatus status = outcome.result.status;
  auto where = [&] { return "status " + std::string(to_string(status)) + ", reason: " + outcome.result.reason; };
  switch (status) {
    case FileStatus::success:
    case FileStatus::no_data:
    case FileStatus::validation_failed:
    case FileStatus::json_error:
    case FileStatus::error: break;
    default: violated("process_bytes gave a status only the backfill or the sink may give", object, where());
  }
  if (status != FileStatus::success && outcome.result.reason.empty())
    violated("a file that is not loaded has a reason", object, where());
  if (status == FileStatus::success && outcome.rows.empty()) violated("success has rows", object, where());
  if (status != FileStatus::success && !outcome.rows.empty())
    violated("only success has rows", object, where() + ", rows: " + std::to_string(outcome.rows.size()));

  boost::json::parse_options options;
  options.max_depth = 10000;  // a JSON column may hold a deep copy of the input: depth is not the point here
  for (std::size_t i = 0; i < outcome.rows.size(); ++i) {
    const Row& row = outcome.rows[i];
    auto row_text = [&] { return "row " + std::to_string(i) + ": " + boost::json::serialize(row).substr(0, 1500); };
    if (auto problem = row_problem(info.table, row)) violated("every row fits the table", object, *problem + "\n  " + row_text());
    if (auto at = non_finite_at(row)) violated("every number of a row is finite", object, "at row" + *at + "\n  " + row_text());
    const std::string text = boost::json::serialize(row);
    boost::system::error_code ec;
    const boost::json::value back = boost::json::parse(text, ec, {}, options);
    if (ec) violated("every row serializes to JSON that parses", object, ec.message() + "\n  " + row_text());
    if (!reads_back_equal(row, back))
      violated("every row reads back equal after serialize and parse", object,
               row_text() + "\n  read back: " + boost::json::serialize(back).substr(0, 1500));
  }
}

/// Runs one fuzz input through process_bytes with `processor` and checks the outcome; see the top of the file.
template <Processor P>
int fuzz_processor(const P& processor, const std::uint8_t* data, std::size_t size,
                   std::span<const std::string_view> object_names) {
  std::size_t pick = 0;
  if (size > 0 && !object_names.empty()) {
    pick = data[0] % object_names.size();
    ++data;
    --size;
  }
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ObjectInfo object(object_names.empty() ? std::string("fuzz.json") : std::string(object_names[pick]), size, "1");

  // As the sources decode: gzip within the size and ratio caps (a bomb or a damaged stream is the file's
  // `error`, not the processor's business).
  std::string decoded;
  if (looks_gzipped(bytes)) {
    object.content_encoding = "gzip";
    ReadLimits limits;
    limits.max_bytes = gunzip_limit;
    try {
      decoded = decode_stored(std::string(bytes), limits);
    } catch (const ObjectTooLarge&) {
      return 0;
    } catch (const DecompressError&) {
      return 0;
    }
    bytes = decoded;
  }

  FileOutcome outcome;
  try {
    outcome = process_bytes(processor, object, bytes);
  } catch (const std::exception& e) {
    violated("process_bytes never throws", object, e.what());
  } catch (...) {
    violated("process_bytes never throws", object, "an exception not derived from std::exception");
  }
  check_outcome(processor.info(), object, outcome);
  return 0;
}

/// The same with one default-constructed P for the whole fuzzing run (processors keep caches and run ids).
template <Processor P>
int fuzz_processor(const std::uint8_t* data, std::size_t size, std::span<const std::string_view> object_names) {
  static const P processor{};
  return fuzz_processor(processor, data, size, object_names);
}

}  // namespace nbaraw::fuzz
