// bdl_boxscores_backfill end to end over the reference samples: SQLite rows equal to the goldens, the
// empty-day file rejected, resume, and a newer file replacing a game's rows (merge_update).
#include "support/golden.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/core/date.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace fs = std::filesystem;
using namespace nbaraw::test;

namespace {

constexpr std::string_view prefix = "ball-dont-lie/boxscores";
constexpr std::string_view table = "bdl_player_boxscores";

fs::path driver() { return bin_dir() / "bdl_boxscores_backfill"; }

std::vector<std::string> objects() { return sample_objects(prefix); }

/// Runs the driver with cwd set to a scratch folder, so a stray default sink cannot land in the tree.
ProcessResult run_driver(const std::vector<std::string>& args, const fs::path& cwd) {
  ProcessResult r = run_process(driver(), args, ProcessOptions{{}, cwd, std::chrono::minutes(5)});
  UNSCOPED_INFO("exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

/// --start-date/--end-date covering every sample's date folder.
std::vector<std::string> date_args() {
  std::vector<nbaraw::Date> dates;
  for (const auto& name : objects())
    if (auto d = nbaraw::date_folder_of(name)) dates.push_back(*d);
  REQUIRE_FALSE(dates.empty());
  auto [first, last] = std::minmax_element(dates.begin(), dates.end());
  return {"--start-date", first->iso(), "--end-date", last->iso()};
}

std::vector<std::string> args(const fs::path& source, const fs::path& db, std::vector<std::string> extra = {}) {
  std::vector<std::string> a{"--source", source.string(), "--sink", "sqlite:" + db.string(), "--log-format", "json"};
  for (auto& d : date_args()) a.push_back(d);
  for (auto& e : extra) a.push_back(std::move(e));
  return a;
}

/// Every non-empty line that is a JSON object.
std::vector<boost::json::object> json_lines(const std::string& text) {
  std::vector<boost::json::object> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (!ec && v.is_object()) out.push_back(std::move(v.as_object()));
  }
  return out;
}

boost::json::object summary_of(const ProcessResult& r) {
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  return lines.front();
}

std::int64_t files_with(const boost::json::object& summary, std::string_view status) {
  return summary.at("files_by_status").at(status).to_number<std::int64_t>();
}

/// Sample objects whose golden holds rows, and the others (the reference emitted nothing for them).
std::size_t golden_row_total() {
  std::size_t n = 0;
  for (const auto& name : objects()) n += load_golden(golden_file(name)).size();
  return n;
}

/// Each object's rows equal its golden (C++ comparator), and the table holds nothing else.
void check_equals_goldens(const fs::path& db) {
  for (const auto& name : objects()) {
    INFO("object " << name);
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), rows_from_sqlite(db, table, name));
    INFO(diff.message());
    CHECK(diff.ok());
  }
  CHECK(rows_from_sqlite(db, table).size() == golden_row_total());
}

/// The reference tool agrees, when python3 is there: compare_rows.py GOLDEN sqlite:DB:TABLE prints OK.
void check_with_compare_rows_py(const fs::path& db) {
  const auto python = find_program("python3");
  if (!python) {
    WARN("python3 not found; compare_rows.py not run");
    return;
  }
  for (const auto& name : objects()) {
    if (load_golden(golden_file(name)).empty()) continue;  // the tool needs a golden row to pick the file
    const ProcessResult cmp = run_process(*python, {(shared_dir() / "tools/compare_rows.py").string(),
                                                    golden_file(name).string(),
                                                    "sqlite:" + db.string() + ":" + std::string(table)});
    INFO(name << "\n" << cmp.out << cmp.err);
    CHECK(cmp.exit_code == 0);
    CHECK_THAT(cmp.out, Catch::StartsWith("OK"));
  }
}

/// The per-file status lines of the log: object → line.
std::map<std::string, boost::json::object> file_lines(const ProcessResult& r) {
  std::map<std::string, boost::json::object> out;
  for (auto& line : json_lines(r.err))
    if (line.contains("status") && line.contains("object")) out[std::string(line.at("object").as_string())] = line;
  return out;
}

/// Sample objects whose boxScores list is empty (a day without games).
std::vector<std::string> empty_days() {
  std::vector<std::string> out;
  for (const auto& name : objects())
    if (boost::json::parse(read_text(sample_file(name))).at("boxScores").as_array().empty()) out.push_back(name);
  return out;
}

}  // namespace

TEST_CASE("bdl_boxscores driver: the samples load into SQLite equal to the goldens", "[bdl_boxscores][e2e][golden]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const ProcessResult r = run_driver(args(shared_dir() / "samples/bucket", db), tmp.path());
  const auto empty = empty_days();
  const auto loaded = std::int64_t(objects().size() - empty.size());
  // A day without games (an empty boxScores list) has no data: not a failure, unlike the reference's
  // validate_data, so the run exits 0; every other file loads.
  CHECK(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == loaded);
  CHECK(files_with(summary, "no_data") == std::int64_t(empty.size()));
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(golden_row_total()));
  CHECK(summary.at("processor").as_string() == "bdl_boxscores");
  CHECK(summary.at("table").as_string() == "nba_raw.bdl_player_boxscores");
  const auto statuses = file_lines(r);
  for (const auto& name : empty) {
    INFO(name);
    REQUIRE(statuses.count(name) == 1);
    CHECK(statuses.at(name).at("status").as_string() == "no_data");
    CHECK_THAT(std::string(statuses.at(name).at("reason").as_string()), Catch::Contains("boxScores") && Catch::Contains("empty"));
  }
  // The quality lines interpret the run's counters.
  const auto& quality = summary.at("quality").as_array();
  const bool has_rows_line = std::any_of(quality.begin(), quality.end(), [&](const boost::json::value& l) {
    return l.as_string().subview().find(fmt::format("player rows {} from", golden_row_total())) != std::string_view::npos;
  });
  CHECK(has_rows_line);
  check_equals_goldens(db);
  check_with_compare_rows_py(db);
}

TEST_CASE("bdl_boxscores driver: a re-run skips the loaded files and keeps the rows", "[bdl_boxscores][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const fs::path bucket = shared_dir() / "samples/bucket";
  run_driver(args(bucket, db), tmp.path());
  REQUIRE(rows_from_sqlite(db, table).size() == golden_row_total());
  const ProcessResult again = run_driver(args(bucket, db), tmp.path());
  const auto summary = summary_of(again);
  CHECK(files_with(summary, "skipped") == std::int64_t(objects().size()));  // game-less days too: loaded, no data
  CHECK(files_with(summary, "success") == 0);
  CHECK(summary.at("rows").to_number<std::int64_t>() == 0);
  check_equals_goldens(db);
}

TEST_CASE("bdl_boxscores driver: a newer file replaces the rows of the games it holds, other games stay",
          "[bdl_boxscores][e2e]") {
  // A bucket with the first sample day, then a later scrape of the same day holding only its first game with
  // one player's points corrected.
  std::string older;
  for (const auto& name : objects())
    if (!boost::json::parse(read_text(sample_file(name))).at("boxScores").as_array().empty()) {
      older = name;
      break;
    }
  REQUIRE_FALSE(older.empty());
  const nbaraw::Date day = *nbaraw::date_folder_of(older);
  TempDir src, work;
  src.write(older, read_text(sample_file(older)));
  boost::json::value doc = boost::json::parse(read_text(sample_file(older)));
  auto& games = doc.at("boxScores").as_array();
  REQUIRE_FALSE(games.empty());
  boost::json::value first = games.front();
  auto& first_player = first.at("home_team").at("players").as_array().front().as_object();
  first_player["pts"] = first_player.at("pts").to_number<std::int64_t>() + 100;
  games = boost::json::array{first};
  const std::string newer = std::string(prefix) + "/" + day.iso() + "/" + day.next().compact() + "_235959.json";
  src.write(newer, boost::json::serialize(doc));

  const fs::path db = work / "nba_raw.db";
  const ProcessResult r = run_driver({"--source", src.path().string(), "--sink", "sqlite:" + db.string(), "--start-date",
                                      day.iso(), "--end-date", day.iso(), "--log-format", "json"},
                                     work.path());
  CHECK(r.exit_code == 0);
  const auto golden = load_golden(golden_file(older));
  const auto rows = rows_from_sqlite(db, table);
  CHECK(rows.size() == golden.size());  // replaced, not duplicated
  const auto newer_rows = rows_from_sqlite(db, table, newer);
  REQUIRE_FALSE(newer_rows.empty());
  const boost::json::value first_game_id = newer_rows.front().at("game_id");
  std::size_t golden_first_game = 0;
  for (const auto& g : golden) golden_first_game += g.at("game_id") == first_game_id;
  CHECK(newer_rows.size() == golden_first_game);
  for (const auto& row : rows_from_sqlite(db, table, older)) CHECK(row.at("game_id") != first_game_id);
  // The corrected player: points and data_hash follow the newer file.
  const auto& g0 = golden.front().as_object();
  REQUIRE(g0.at("game_id") == first_game_id);
  const auto corrected = std::find_if(newer_rows.begin(), newer_rows.end(), [&](const boost::json::object& row) {
    return row.at("bdl_player_id") == g0.at("bdl_player_id");
  });
  REQUIRE(corrected != newer_rows.end());
  CHECK(corrected->at("points").as_int64() == g0.at("points").as_int64() + 100);
  CHECK(corrected->at("data_hash") != g0.at("data_hash"));
}

TEST_CASE("bdl_boxscores driver: --dry-run lists the files and writes nothing", "[bdl_boxscores][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "dry" / "nba_raw.db";
  fs::create_directories(db.parent_path());
  std::vector<std::string> a{"--source", (shared_dir() / "samples/bucket").string(), "--sink", "sqlite:" + db.string(),
                             "--dry-run", "--log-format", "text"};
  for (auto& d : date_args()) a.push_back(d);
  const ProcessResult r = run_driver(a, tmp.path());
  CHECK(r.exit_code == 0);
  for (const auto& name : objects()) CHECK_THAT(r.err, Catch::Contains("would process " + name));
  CHECK(fs::is_empty(db.parent_path()));
}
