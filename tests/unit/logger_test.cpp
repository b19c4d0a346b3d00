#include <nbaraw/log/logger.hpp>

#include <nbaraw/detail/printable.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool has_control_character(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

nbaraw::FileResult hostile_failure() {
  nbaraw::FileResult r;
  r.object.name = "ball-dont-lie/injuries/2024-01-16/a\r\nINFO forged line\x1b[2J\xc2\x9b" "31m.json";
  r.status = nbaraw::FileStatus::json_error;
  r.reason = "invalid JSON near '\n\x1b]0;title\x07'";
  return r;
}

}  // namespace

TEST_CASE("printable escapes C0, DEL and C1 controls and keeps other text", "[log]") {
  using nbaraw::detail::printable;
  CHECK(printable("plain/2024-01-16/20240116_080000.json") == "plain/2024-01-16/20240116_080000.json");
  CHECK(printable("a\r\nb\tc") == "a\\r\\nb\\tc");
  CHECK(printable("\x1b[2J\x7f") == "\\x1b[2J\\x7f");
  CHECK(printable(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(printable("csi \xc2\x9b" "31m") == "csi \\u009b31m");             // U+009B, the one-byte CSI
  CHECK(printable("caf\xc3\xa9 \xc2\xa0 Don\xc4\x8di\xc4\x87") == "caf\xc3\xa9 \xc2\xa0 Don\xc4\x8di\xc4\x87");  // UTF-8 kept
  CHECK(printable("trailing \xc2") == "trailing \xc2");                   // a cut sequence is not a control
}

TEST_CASE("text logs: a hostile object name or reason cannot forge or repaint lines", "[log]") {
  std::ostringstream err;
  nbaraw::Logger logger(nbaraw::cli::LogFormat::text, err, false);
  logger.file_done(hostile_failure(), {"remark with\nnewline"});
  const auto lines = lines_of(err.str());
  REQUIRE(lines.size() == 2);  // the ERROR line and the remark, nothing forged
  CHECK(lines[0].rfind("ERROR json_error ", 0) == 0);
  CHECK(lines[1].rfind("WARNING ", 0) == 0);
  for (const auto& line : lines) CHECK_FALSE(has_control_character(line));
  CHECK_THAT(lines[0], Catch::Contains("a\\r\\nINFO forged line\\x1b[2J\\u009b31m.json"));
  CHECK_THAT(lines[0], Catch::Contains("\\n\\x1b]0;title\\x07"));

  nbaraw::RunSummary summary;
  summary.processor = "bdl_injuries";
  summary.record(hostile_failure());
  std::ostringstream out;
  logger.summary(summary, out);
  for (const auto& line : lines_of(out.str())) CHECK_FALSE(has_control_character(line));
  CHECK_THAT(out.str(), Catch::Contains("a\\r\\nINFO forged line"));
}

TEST_CASE("json logs keep the exact name: JSON escapes it, one object per line", "[log]") {
  std::ostringstream err;
  nbaraw::Logger logger(nbaraw::cli::LogFormat::json, err, false);
  logger.file_done(hostile_failure(), {});
  const auto lines = lines_of(err.str());
  REQUIRE(lines.size() == 1);
  const auto line = boost::json::parse(lines[0]).as_object();
  CHECK(line.at("object").as_string() == hostile_failure().object.name);
  CHECK(line.at("reason").as_string() == hostile_failure().reason);
}

TEST_CASE("a day that could not be listed and refused entries are in the log, the summary and the exit code", "[log]") {
  nbaraw::RunSummary summary;
  summary.processor = "bdl_injuries";
  summary.failed_listings.push_back({"ball-dont-lie/injuries/2024-01-16/", "connection reset (gave up after 12 attempts)"});
  summary.refused_entries = 3;
  CHECK(summary.failed_files() == 0);
  CHECK(summary.exit_code() == 1);

  for (auto format : {nbaraw::cli::LogFormat::text, nbaraw::cli::LogFormat::json}) {
    std::ostringstream err, out;
    nbaraw::Logger logger(format, err, false);
    logger.listing_failed(summary.failed_listings.front());
    logger.entry_refused({"ball-dont-lie/injuries/2024-01-17/", "a symbolic link, not followed"});
    logger.summary(summary, out);
    const auto lines = lines_of(err.str());
    REQUIRE(lines.size() == 2);
    if (format == nbaraw::cli::LogFormat::text) {
      CHECK_THAT(lines[0], Catch::StartsWith("ERROR cannot list ball-dont-lie/injuries/2024-01-16/"));
      CHECK_THAT(lines[1], Catch::StartsWith("WARNING not listed: ball-dont-lie/injuries/2024-01-17/: a symbolic link"));
      CHECK_THAT(out.str(), Catch::Contains("days not listed (1)") && Catch::Contains("entries not listed: 3"));
    } else {
      const auto error = boost::json::parse(lines[0]).as_object();
      CHECK(error.at("severity") == "ERROR");
      CHECK(error.at("prefix") == "ball-dont-lie/injuries/2024-01-16/");
      CHECK(boost::json::parse(lines[1]).as_object().at("entry") == "ball-dont-lie/injuries/2024-01-17/");
      const auto json_summary = boost::json::parse(out.str()).as_object();
      CHECK(json_summary.at("listings_failed").as_array().size() == 1);
      CHECK(json_summary.at("entries_refused") == 3);
      CHECK(json_summary.at("exit_code") == 1);
    }
  }
}
