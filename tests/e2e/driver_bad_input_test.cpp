// bdl_injuries_backfill over a folder of broken files: each bad file fails on its own with a specific
// reason, the good ones load, the summary counts them, the exit code is 1.
#include "driver.hpp"
#include "production.hpp"
#include "support/golden.hpp"

#include <map>

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

namespace {

const std::string bad_folder = "ball-dont-lie/injuries/2025-07-15/";

const std::string& good_document = good_injuries;  // three valid records (production.hpp)

struct BadFile {
  std::string name;    // under bad_folder
  std::string status;  // expected file status
  std::vector<std::string> reason_mentions;
};

}  // namespace

TEST_CASE("driver: bad files fail one by one with specific reasons, good files load", "[e2e]") {
  TempDir src, work;
  const std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
  src.write(bad_folder + "20250715_100000.json", good_document);
  src.write(bad_folder + "20250715_110000.json", good_document.substr(0, good_document.size() / 2));
  src.write(bad_folder + "20250715_120000.json", R"({"ident":"league","rowCount":1,"injuries":"Jaylen Brown, knee"})");
  src.write(bad_folder + "20250715_130000.json", R"({"ident":"league","timestamp":"2025-07-15T13:00:00+00:00","rowCount":0})");
  src.write(bad_folder + "20250715_140000.json", "");
  src.write(bad_folder + "20250715_150000.json", binary);
  src.write(bad_folder + "20250715_160000.json.gz", good_document, /*gzipped=*/true);
  src.write(bad_folder + "injuries-latest.json", good_document);

  const std::vector<BadFile> bad{
      {"20250715_110000.json", "json_error", {"truncated"}},
      {"20250715_120000.json", "validation_failed", {"injuries", "list"}},
      {"20250715_130000.json", "validation_failed", {"injuries"}},
      {"20250715_140000.json", "json_error", {"empty"}},
      {"20250715_150000.json", "json_error", {"binary", "NUL"}},
  };
  const std::vector<std::string> good{"20250715_100000.json", "20250715_160000.json.gz", "injuries-latest.json"};

  const fs::path db = work / "nba_raw.db";
  const ProcessResult r = run_driver({"--source", src.path().string(), "--sink", "sqlite:" + db.string(), "--start-date",
                                      "2025-07-15", "--end-date", "2025-07-15", "--log-format", "json"},
                                     work.path());
  CHECK(r.exit_code == 1);

  // Per-file log lines: {object, status, reason?, ...}; other lines carry no status.
  std::map<std::string, boost::json::object> by_object;
  for (auto& line : json_lines(r.err))
    if (line.contains("status") && line.contains("object")) {
      const std::string name(line.at("object").as_string());
      CHECK(by_object.count(name) == 0);  // one status line per file
      by_object[name] = std::move(line);
    }
  CHECK(by_object.size() == bad.size() + good.size());

  for (const auto& b : bad) {
    INFO(b.name);
    const auto it = by_object.find(bad_folder + b.name);
    REQUIRE(it != by_object.end());
    CHECK(it->second.at("status").as_string() == b.status);
    REQUIRE(it->second.contains("reason"));
    const std::string reason(it->second.at("reason").as_string());
    for (const auto& word : b.reason_mentions) CHECK_THAT(reason, Catch::Contains(word, Catch::CaseSensitive::No));
  }
  for (const auto& g : good) {
    INFO(g);
    const auto it = by_object.find(bad_folder + g);
    REQUIRE(it != by_object.end());
    CHECK(it->second.at("status").as_string() == "success");
    CHECK(it->second.at("rows").to_number<std::int64_t>() == 3);
    CHECK(rows_from_sqlite(db, "bdl_injuries", bad_folder + g).size() == 3);
  }
  for (const auto& b : bad) CHECK(rows_from_sqlite(db, "bdl_injuries", bad_folder + b.name).empty());

  // The gzip file reads like the plain one; the file without a timestamp takes the bad_folder's date.
  for (const auto& row : rows_from_sqlite(db, "bdl_injuries", bad_folder + "20250715_160000.json.gz"))
    CHECK(row.at("scrape_timestamp").as_string() == "2025-07-15T16:00:00");
  for (const auto& row : rows_from_sqlite(db, "bdl_injuries", bad_folder + "injuries-latest.json")) {
    CHECK(row.at("scrape_date").as_string() == "2025-07-15");
    CHECK(row.at("scrape_timestamp").is_null());
  }
  CHECK(rows_from_sqlite(db, "bdl_injuries").size() == 9);

  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == 3);
  CHECK(files_with(summary, "json_error") == 3);
  CHECK(files_with(summary, "validation_failed") == 2);
  for (std::string_view none : {"no_data", "not_found", "error", "skipped"}) CHECK(files_with(summary, none) == 0);
  CHECK(summary.at("rows").to_number<std::int64_t>() == 9);
  CHECK(summary.at("exit_code").to_number<std::int64_t>() == 1);
  CHECK(summary.at("failures").as_array().size() == bad.size());
}
