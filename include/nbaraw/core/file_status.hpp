#pragma once
// The per-file status taxonomy: every planned file ends with exactly one of these and a reason.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nbaraw/core/object_info.hpp>

namespace nbaraw {

enum class FileStatus {
  success,            ///< rows loaded
  no_data,            ///< valid file that yields no rows
  validation_failed,  ///< parsed, but the structure or the rows are not acceptable
  json_error,         ///< not parseable JSON (malformed, truncated, empty, binary)
  not_found,          ///< listed, but gone when read
  error,              ///< anything else: I/O, decompression, load failure
  streaming_buffer,   ///< not loaded: rows streamed into the table lately block every change to it; run again later
  skipped,            ///< already loaded at this generation by this processor version (resume)
};

inline constexpr std::array<FileStatus, 8> all_file_statuses{
    FileStatus::success,   FileStatus::no_data, FileStatus::validation_failed, FileStatus::json_error,
    FileStatus::not_found, FileStatus::error,   FileStatus::streaming_buffer,  FileStatus::skipped};

constexpr std::string_view to_string(FileStatus s) {
  switch (s) {
    case FileStatus::success: return "success";
    case FileStatus::no_data: return "no_data";
    case FileStatus::validation_failed: return "validation_failed";
    case FileStatus::json_error: return "json_error";
    case FileStatus::not_found: return "not_found";
    case FileStatus::error: return "error";
    case FileStatus::streaming_buffer: return "streaming_buffer";
    case FileStatus::skipped: return "skipped";
  }
  return "error";
}

inline std::optional<FileStatus> file_status_from_string(std::string_view s) {
  for (FileStatus status : all_file_statuses)
    if (to_string(status) == s) return status;
  return std::nullopt;
}

/// A failed file is one the run could not load; success, no_data and skipped are not failures.
constexpr bool is_failure(FileStatus s) {
  return s != FileStatus::success && s != FileStatus::no_data && s != FileStatus::skipped;
}

struct FileResult {
  ObjectInfo object;
  FileStatus status = FileStatus::error;
  std::string reason;  ///< specific and human-readable; empty only for plain success
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;  ///< bytes read (after decompression)
  std::chrono::microseconds duration{0};
};

}  // namespace nbaraw
