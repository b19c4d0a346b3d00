// odds_api_props_backfill end to end over the reference sample bucket: into SQLite equal to the goldens (C++
// comparator and, when python3 is there, shared/tools/compare_rows.py), resume, NDJSON, and the schedule
// look-up answered by the SQLite sink's own nbac_schedule table.
#include "odds_fixture.hpp"
#include "support/golden.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/sqlite.hpp>

#include <algorithm>
#include <functional>

namespace fs = std::filesystem;
using namespace nbaraw::test;

namespace {

fs::path driver() { return bin_dir() / "odds_api_props_backfill"; }
fs::path sample_bucket() { return shared_dir() / "samples/bucket"; }
constexpr std::string_view table = "odds_api_player_points_props";

std::vector<std::string> odds_objects() { return sample_objects("odds-api"); }

/// --start-date/--end-date covering every odds sample's date folder.
std::vector<std::string> sample_date_args() {
  std::vector<nbaraw::Date> dates;
  for (const auto& name : odds_objects())
    if (auto d = nbaraw::date_folder_of(name)) dates.push_back(*d);
  REQUIRE_FALSE(dates.empty());
  auto [first, last] = std::minmax_element(dates.begin(), dates.end());
  return {"--start-date", first->iso(), "--end-date", last->iso()};
}

std::vector<std::string> args(const std::string& sink, std::vector<std::string> extra = {}) {
  std::vector<std::string> a{"--source", sample_bucket().string(), "--sink", sink, "--log-format", "json"};
  for (auto& s : sample_date_args()) a.push_back(std::move(s));
  for (auto& s : extra) a.push_back(std::move(s));
  return a;
}

ProcessResult run_driver(const std::vector<std::string>& arguments, const fs::path& cwd) {
  REQUIRE(fs::exists(driver()));
  ProcessResult r = run_process(driver(), arguments, ProcessOptions{{}, cwd});
  UNSCOPED_INFO("exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

/// stdout of --log-format json is one JSON object: the summary.
boost::json::object summary_of(const ProcessResult& r) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.out, ec);
  REQUIRE_FALSE(ec);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::int64_t files_with(const boost::json::object& summary, std::string_view status) {
  const auto* by_status = summary.at("files_by_status").as_object().if_contains(status);
  return by_status ? by_status->to_number<std::int64_t>() : 0;
}

std::size_t golden_row_total() {
  std::size_t n = 0;
  for (const auto& name : odds_objects()) n += load_golden(golden_file(name)).size();
  return n;
}

void check_equals_goldens(const fs::path& db) {
  for (const auto& name : odds_objects()) {
    INFO("object " << name);
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), rows_from_sqlite(db, table, name));
    INFO(diff.message());
    CHECK(diff.ok());
  }
  CHECK(rows_from_sqlite(db, table).size() == golden_row_total());
}

/// The reference tool agrees, when python3 is available. compare_rows.py keeps the actual rows whose
/// source_file_path is the golden rows'; an empty golden has none, so each object's own rows are handed to it
/// as an NDJSON file.
void check_with_compare_rows_py(const std::function<std::vector<boost::json::object>(const std::string&)>& rows_of) {
  const auto python = find_program("python3");
  if (!python) {
    WARN("python3 not found; compare_rows.py not run");
    return;
  }
  TempDir tmp;
  for (const auto& name : odds_objects()) {
    std::string ndjson;
    for (const auto& row : rows_of(name)) ndjson += boost::json::serialize(row) + "\n";
    const fs::path actual = tmp.write("actual.ndjson", ndjson);
    const ProcessResult cmp =
        run_process(*python, {(shared_dir() / "tools/compare_rows.py").string(), golden_file(name).string(), actual.string()});
    INFO(name << "\n" << cmp.out << cmp.err);
    CHECK(cmp.exit_code == 0);
    CHECK_THAT(cmp.out, Catch::StartsWith("OK"));
  }
}

}  // namespace

TEST_CASE("driver: the odds samples load into SQLite equal to the goldens", "[odds_api_props][e2e][golden]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const ProcessResult r = run_driver(args("sqlite:" + db.string()), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  // The synthetic 0410 capture gives rows; the real 0355 one (spreads and totals only) gives none.
  CHECK(files_with(summary, "success") == 1);
  CHECK(files_with(summary, "no_data") == 1);
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(golden_row_total()));
  CHECK(summary.at("table").as_string() == "nba_raw.odds_api_player_points_props");
  const auto& quality = summary.at("quality").as_array();
  CHECK(std::any_of(quality.begin(), quality.end(), [](const boost::json::value& line) {
    return std::string_view(line.as_string()).find("YYYYMMDD_AWAY_HOME fallback: 3") != std::string_view::npos;
  }));
  check_equals_goldens(db);
  check_with_compare_rows_py([&](const std::string& name) { return rows_from_sqlite(db, table, name); });
}

TEST_CASE("driver: a re-run skips the loaded files and --reprocess replaces their rows", "[odds_api_props][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const std::string sink = "sqlite:" + db.string();
  REQUIRE(run_driver(args(sink), tmp.path()).exit_code == 0);
  const ProcessResult again = run_driver(args(sink), tmp.path());
  CHECK(again.exit_code == 0);
  CHECK(files_with(summary_of(again), "skipped") == std::int64_t(odds_objects().size()));
  CHECK(rows_from_sqlite(db, table).size() == golden_row_total());
  const ProcessResult reprocess = run_driver(args(sink, {"--reprocess"}), tmp.path());
  CHECK(reprocess.exit_code == 0);
  CHECK(files_with(summary_of(reprocess), "success") == 1);
  check_equals_goldens(db);  // replaced, not duplicated
}

TEST_CASE("driver: the NDJSON sink writes the golden rows", "[odds_api_props][e2e][golden]") {
  TempDir tmp;
  const fs::path out = tmp / "out";
  REQUIRE(run_driver(args("ndjson:" + out.string()), tmp.path()).exit_code == 0);
  const fs::path file = out / (std::string(table) + ".ndjson");
  REQUIRE(fs::exists(file));
  for (const auto& name : odds_objects()) {
    INFO("object " << name);
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), rows_from_ndjson(file, name));
    INFO(diff.message());
    CHECK(diff.ok());
  }
  check_with_compare_rows_py([&](const std::string& name) { return rows_from_ndjson(file, name); });
}

TEST_CASE("driver: the schedule in the sink's nbac_schedule gives the NBA game id", "[odds_api_props][e2e][schedule]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  {
    nbaraw::detail::SqliteDatabase schedule(db.string(), false);
    schedule.exec(
        "CREATE TABLE nbac_schedule (game_id TEXT, game_date TEXT, away_team_tricode TEXT, home_team_tricode TEXT);"
        "INSERT INTO nbac_schedule VALUES ('0022300612', '2024-01-24', 'ATL', 'GSW'),"
        " ('0022300613', '2024-01-24', 'BOS', 'NYK'), ('0022300650', '2024-01-25', 'ATL', 'GSW');");
  }
  const ProcessResult r = run_driver(args("sqlite:" + db.string()), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto rows = rows_from_sqlite(db, table);
  REQUIRE(rows.size() == golden_row_total());
  for (const auto& row : rows) {
    CHECK(row.at("game_id") == "0022300612");
    CHECK(row.at("data_hash") != "97565923216d2773");  // the hash covers game_id
  }
  // The Curry row's hash as Python computes it with the NBA id.
  CHECK(std::any_of(rows.begin(), rows.end(), [](const auto& row) { return row.at("data_hash") == "6b5c4da1f0d17bac"; }));
}

TEST_CASE("driver: --help names the table and both prefixes", "[odds_api_props][e2e]") {
  TempDir tmp;
  const ProcessResult r = run_driver({"--help"}, tmp.path());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("odds-api/player-props") && Catch::Contains("odds_api_player_points_props"));
}
