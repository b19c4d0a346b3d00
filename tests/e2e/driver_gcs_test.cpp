// bdl_injuries_backfill reading gs:// through the loopback GCS emulator (STORAGE_EMULATOR_HOST): the
// goldens with and without injected faults, CRC32C checks, HTTPS with a test CA, generations and resume.
#include "driver.hpp"
#include "support/gcs_test_server.hpp"

#include <atomic>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

namespace {

const std::string default_bucket = "nba-scraped-data";  // the drivers' default bucket

GcsTestServer::Options serve(const fs::path& root) {
  GcsTestServer::Options o;
  o.root = root;
  o.bucket = default_bucket;
  o.page_size = 2;  // several pages per listing
  return o;
}

/// Runs the driver against the emulator with the default source (no --source, no --bucket).
ProcessResult run_against(const GcsTestServer& server, const fs::path& cwd, std::vector<std::string> args,
                          std::vector<std::pair<std::string, std::string>> env = {}) {
  env.emplace_back("STORAGE_EMULATOR_HOST", server.base_url());
  ProcessResult r = run_process(driver(), concat(concat(std::move(args), {"--log-format", "json"}), sample_date_args()),
                                ProcessOptions{env, cwd});
  UNSCOPED_INFO("exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

std::string sqlite_sink(const TempDir& tmp) { return "sqlite:" + (tmp / "nba_raw.db").string(); }

/// Lays the first injuries sample into a folder of its own (to rewrite or remove it); returns its name.
std::string copy_first_sample(const TempDir& bucket_dir) {
  const std::string name = injuries_objects().front();
  fs::create_directories((bucket_dir / name).parent_path());
  fs::copy_file(sample_bucket() / name, bucket_dir / name);
  return name;
}

}  // namespace

TEST_CASE("gcs: the default bucket through the emulator loads rows equal to the goldens, listing every page",
          "[e2e][gcs][golden]") {
  GcsTestServer server(serve(sample_bucket()));
  TempDir tmp;
  const ProcessResult r = run_against(server, tmp.path(), {"--sink", sqlite_sink(tmp)});
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == std::int64_t(injuries_objects().size()));
  CHECK(summary.at("retries").to_number<std::int64_t>() == 0);
  CHECK(summary.at("source").as_string() == "gs://" + default_bucket);
  check_equals_goldens(sqlite_rows(tmp / "nba_raw.db"));

  // Media reads were pinned to the listed generation, with the stored bytes asked for.
  bool media_seen = false;
  for (const auto& request : server.requests())
    if (request.target.find("alt=media") != std::string::npos) {
      media_seen = true;
      CHECK_THAT(request.target, Catch::Contains("generation="));
      CHECK(request.headers.count("authorization") == 0);  // no credentials against an emulator
    }
  CHECK(media_seen);
}

TEST_CASE("gcs: with 503s, 429s, resets and truncated bodies injected, the rows still equal the goldens",
          "[e2e][gcs][golden][faults]") {
  GcsTestServer server(serve(sample_bucket()));
  Faults faults;
  // 25% of attempts fail in all; six attempts per request make a give-up about 1 in 4,000 per request.
  faults.error_share = 0.15;
  faults.error_status = GENERATE(503u, 429u);
  faults.reset_share = 0.05;
  faults.truncate_share = 0.05;
  faults.fail_first = 2;  // at least these, whatever the shares draw
  faults.seed = 7;
  server.set_faults(faults);
  TempDir tmp;
  const ProcessResult r = run_against(server, tmp.path(), {"--sink", sqlite_sink(tmp), "--max-workers", "4"});
  REQUIRE(r.exit_code == 0);
  const auto counts = server.fault_counts();
  CHECK(counts.errors + counts.resets + counts.truncations > 0);
  const auto summary = summary_of(r);
  // Every injected fault cost one retry, and nothing else did.
  CHECK(summary.at("retries").to_number<std::uint64_t>() >= counts.errors + counts.resets + counts.truncations);
  check_equals_goldens(sqlite_rows(tmp / "nba_raw.db"));
}

TEST_CASE("gcs: a download whose CRC32C does not match is retried, and reported when it never matches",
          "[e2e][gcs][crc32c]") {
  GcsTestServer server(serve(sample_bucket()));
  const std::string object = injuries_objects().front();
  TempDir tmp;
  SECTION("one corrupt download: retried, loaded") {
    server.corrupt_media(object, 1);
    const ProcessResult r = run_against(server, tmp.path(), {"--sink", sqlite_sink(tmp)});
    REQUIRE(r.exit_code == 0);
    CHECK(summary_of(r).at("retries").to_number<std::int64_t>() >= 1);
    check_equals_goldens(sqlite_rows(tmp / "nba_raw.db"));
  }
  SECTION("always corrupt: the file fails with the reason, exit 1") {
    server.corrupt_media(object, 100);
    const ProcessResult r = run_against(server, tmp.path(), {"--sink", sqlite_sink(tmp)});
    CHECK(r.exit_code == 1);
    CHECK(files_with(summary_of(r), "error") == 1);
    CHECK_THAT(r.out, Catch::Contains("CRC32C mismatch"));
  }
}

TEST_CASE("gcs: https with the test CA given works, without it the certificate is refused", "[e2e][gcs][tls]") {
  GcsTestServer::Options options = serve(sample_bucket());
  options.tls = true;
  GcsTestServer server(options);
  TempDir tmp;
  const fs::path ca = tmp.write("ca.pem", server.ca_cert_pem());

  const ProcessResult trusted = run_against(server, tmp.path(), {"--sink", sqlite_sink(tmp)}, {{"NBARAW_CA_FILE", ca.string()}});
  REQUIRE(trusted.exit_code == 0);
  check_equals_goldens(sqlite_rows(tmp / "nba_raw.db"));

  TempDir other;
  const ProcessResult untrusted = run_against(server, other.path(), {"--sink", sqlite_sink(other)});
  CHECK(untrusted.exit_code == 1);
  CHECK_THAT(untrusted.err, Catch::Contains("certificate") || Catch::Contains("verify"));
  CHECK_FALSE(fs::exists(other / "nba_raw.db-wal"));
}

TEST_CASE("gcs: a re-run skips loaded objects, a rewritten object (new generation) is loaded again, not duplicated",
          "[e2e][gcs][resume]") {
  TempDir bucket_dir;
  const std::string name = copy_first_sample(bucket_dir);
  GcsTestServer server(serve(bucket_dir.path()));
  TempDir tmp;
  const auto args = std::vector<std::string>{"--sink", sqlite_sink(tmp)};

  REQUIRE(run_against(server, tmp.path(), args).exit_code == 0);
  const std::size_t rows = sqlite_rows(tmp / "nba_raw.db")(std::nullopt).size();
  REQUIRE(rows > 0);

  const ProcessResult again = run_against(server, tmp.path(), args);
  CHECK(files_with(summary_of(again), "skipped") == 1);

  const auto before = server.generation_of(name);
  {  // rewrite the object: same content, new generation
    const std::string text = read_file(bucket_dir / name);
    std::ofstream(bucket_dir / name, std::ios::binary | std::ios::trunc) << text;
  }
  REQUIRE(server.generation_of(name) != before);
  const ProcessResult rewritten = run_against(server, tmp.path(), args);
  CHECK(files_with(summary_of(rewritten), "success") == 1);
  CHECK(sqlite_rows(tmp / "nba_raw.db")(std::nullopt).size() == rows);
}

TEST_CASE("gcs: an object that vanished between listing and download gets the not_found status",
          "[e2e][gcs][not_found]") {
  TempDir bucket_dir;
  const std::string name = copy_first_sample(bucket_dir);
  GcsTestServer server(serve(bucket_dir.path()));
  // The server records a request, waits the injected latency, then answers: the file is removed in that
  // pause once the download was asked for, so the listing had it and the download answers 404.
  TempDir tmp;
  std::atomic<bool> removed = false, finished = false;
  std::thread remover([&] {  // polls until it removed the file or the driver ended, however slow the machine
    while (!removed && !finished) {
      for (const auto& request : server.requests())
        if (request.target.find("alt=media") != std::string::npos) {
          fs::remove(bucket_dir / name);
          removed = true;
        }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  Faults slow;
  slow.latency = std::chrono::milliseconds(1000);  // the remover's window, wide enough for a loaded machine
  server.set_faults(slow);
  const ProcessResult r = run_against(server, tmp.path(), {"--sink", sqlite_sink(tmp), "--max-workers", "1"});
  finished = true;
  remover.join();
  REQUIRE(removed);
  CHECK(r.exit_code == 1);
  CHECK(files_with(summary_of(r), "not_found") == 1);
}
