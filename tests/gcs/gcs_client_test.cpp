// gcs::Client and GcsSource against the loopback GCS emulator: every page, awkward names, gzip-stored
// objects, CRC32C checks, 404s, GCS's error messages, and a fresh token after a 401.
#include <nbaraw/gcs/client.hpp>
#include <nbaraw/sources/gcs_source.hpp>

#include <nbaraw/detail/gzip.hpp>

#include "support/gcs_test_server.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

/// Hands out "Bearer token-N", N growing with each invalidate().
class CountingCredentials : public auth::Credentials {
 public:
  std::optional<std::string> authorization_header() override { return "Bearer token-" + std::to_string(generation.load()); }
  void invalidate() override { ++generation; }
  std::string describe() const override { return "counting test credentials"; }
  std::atomic<int> generation{1};
};

gcs::ClientOptions client_options(std::string endpoint) {
  gcs::ClientOptions o;
  o.endpoint = std::move(endpoint);
  o.integrity_attempts = 3;
  return o;
}

struct Fixture {
  explicit Fixture(unsigned page_size = 2) {
    GcsTestServer::Options o;
    o.root = dir.path();
    o.bucket = "test-bucket";
    o.page_size = page_size;
    server = std::make_unique<GcsTestServer>(o);
  }
  gcs::Client client(std::shared_ptr<auth::Credentials> credentials = auth::anonymous_credentials()) {
    return gcs::Client(http, std::move(credentials), client_options(server->base_url()));
  }
  TempDir dir;
  net::HttpClient http;
  std::unique_ptr<GcsTestServer> server;
};

std::vector<std::string> names_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects) out.push_back(o.name);
  return out;
}

}  // namespace

TEST_CASE("gcs::Client lists every page, sorted, with size, generation and CRC32C", "[gcs][client]") {
  Fixture f(1);  // one object per page
  std::vector<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    const std::string name = "p/2024-01-15/file" + std::to_string(i) + ".json";
    f.dir.write(name, "{\"n\":" + std::to_string(i) + "}");
    expected.push_back(name);
  }
  f.dir.write("other/x.json", "{}");
  auto client = f.client();
  const auto listed = client.list("test-bucket", "p/");
  CHECK(names_of(listed) == expected);
  for (const auto& o : listed) {
    CHECK(o.size == read_file(f.dir / o.name).size());
    CHECK(o.generation == std::to_string(*f.server->generation_of(o.name)));
    REQUIRE(o.crc32c);
    CHECK(*o.crc32c == gcs_util::crc32c(read_file(f.dir / o.name)));
    CHECK(o.md5_base64 == gcs_util::md5_base64(read_file(f.dir / o.name)));
    CHECK_THAT(o.updated, Catch::Matches(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*Z)"));
  }
  std::size_t list_requests = 0;
  for (const auto& r : f.server->requests()) list_requests += r.target.find("/o?") != std::string::npos;
  CHECK(list_requests == expected.size());  // one per page (the last page has no nextPageToken)
  CHECK(client.list("test-bucket", "nothing-here/").empty());
}

TEST_CASE("gcs::Client reads objects with awkward names (one percent-encoded path segment)", "[gcs][client]") {
  Fixture f;
  const std::string name = GENERATE(as<std::string>{}, "d/with space.json", "d/non-ascii-Jokić.json", "d/hash#1.json",
                                    "d/question?.json", "d/percent%41.json", "d/plus+and&eq=.json");
  INFO(name);
  f.dir.write(name, "{\"name\":\"x\"}");
  auto client = f.client();
  const auto listed = client.list("test-bucket", "d/");
  REQUIRE(names_of(listed) == std::vector<std::string>{name});
  CHECK(client.metadata("test-bucket", name).generation == listed.front().generation);
  CHECK(client.download("test-bucket", listed.front()) == "{\"name\":\"x\"}");
}

TEST_CASE("GcsSource downloads a gzip-stored object as stored, checks its CRC32C, and decodes it", "[gcs][client]") {
  Fixture f;
  const std::string text = "{\"injuries\":[]}";
  f.dir.write("z/a.json", text, /*gzipped=*/true);
  auto client = f.client();
  const auto listed = client.list("test-bucket", "z/");
  REQUIRE(listed.size() == 1);
  CHECK(listed.front().content_encoding == "gzip");
  CHECK(looks_gzipped(client.download("test-bucket", listed.front())));  // the stored bytes
  GcsSource source("test-bucket", client, f.http);
  CHECK(source.read(listed.front()) == text);
  CHECK(source.describe() == "gs://test-bucket");
}

TEST_CASE("gcs::Client retries a download whose CRC32C does not match, then reports it", "[gcs][client][crc32c]") {
  Fixture f;
  f.dir.write("c/a.json", "{\"a\":1}");
  auto client = f.client();
  const auto object = client.list("test-bucket", "c/").front();

  f.server->corrupt_media("c/a.json", 2);
  CHECK(client.download("test-bucket", object) == "{\"a\":1}");
  CHECK(client.integrity_retries() == 2);

  f.server->corrupt_media("c/a.json", 3);
  CHECK_THROWS_WITH(client.download("test-bucket", object), Catch::Contains("CRC32C mismatch"));
  CHECK(client.integrity_retries() == 4);
}

TEST_CASE("gcs::Client turns 404 into ObjectNotFound and other errors into GCS's message", "[gcs][client]") {
  Fixture f;
  f.dir.write("n/a.json", "{}");
  auto client = f.client();
  auto object = client.list("test-bucket", "n/").front();
  object.generation = "1";  // a generation that no longer exists: GCS answers 404
  CHECK_THROWS_AS(client.download("test-bucket", object), ObjectNotFound);
  CHECK_THROWS_AS(client.metadata("test-bucket", "n/missing.json"), ObjectNotFound);

  Faults faults;
  faults.fail_first = 100;
  faults.error_status = 403;  // not retried
  f.server->set_faults(faults);
  try {
    client.list("test-bucket", "n/");
    FAIL("listing succeeded");
  } catch (const gcs::GcsError& e) {
    CHECK(e.status == 403);
    CHECK_THAT(e.what(), Catch::Contains("403"));
  }
  CHECK(f.http.stats().retries.load() == 0);
}

TEST_CASE("gcs::Client fetches a new token once after a 401", "[gcs][client][auth]") {
  GcsTestServer::Options o;
  TempDir dir;
  dir.write("a/x.json", "{}");
  o.root = dir.path();
  o.bucket = "test-bucket";
  o.require_bearer = "token-2";  // the first token is refused
  GcsTestServer server(o);
  net::HttpClient http;
  auto credentials = std::make_shared<CountingCredentials>();
  gcs::Client client(http, credentials, client_options(server.base_url()));
  CHECK(names_of(client.list("test-bucket", "a/")) == std::vector<std::string>{"a/x.json"});
  CHECK(credentials->generation == 2);

  // A token that keeps failing is not retried forever: one refresh, then the 401 is reported.
  o.require_bearer = "never";
  GcsTestServer strict(o);
  gcs::Client strict_client(http, credentials, client_options(strict.base_url()));
  CHECK_THROWS_WITH(strict_client.list("test-bucket", "a/"), Catch::Contains("401"));
  CHECK(credentials->generation == 3);
}

TEST_CASE("gcs::emulator_endpoint reads STORAGE_EMULATOR_HOST as host:port or URL", "[gcs][client]") {
  auto env_with = [](std::optional<std::string> value) {
    return [value](std::string_view name) -> std::optional<std::string> {
      return name == "STORAGE_EMULATOR_HOST" ? value : std::nullopt;
    };
  };
  CHECK(gcs::emulator_endpoint(env_with(std::nullopt)) == std::nullopt);
  CHECK(gcs::emulator_endpoint(env_with("")) == std::nullopt);
  CHECK(gcs::emulator_endpoint(env_with("localhost:4443")) == "http://localhost:4443");
  CHECK(gcs::emulator_endpoint(env_with("https://127.0.0.1:9000/")) == "https://127.0.0.1:9000");
}

TEST_CASE("gcs::Client lists more patiently than it reads", "[gcs][client][retry]") {
  Fixture f;
  f.dir.write("l/2024-01-15/a.json", "{}");
  gcs::ClientOptions options = client_options(f.server->base_url());
  options.list_retry.initial_backoff = std::chrono::milliseconds(1);
  options.list_retry.max_backoff = std::chrono::milliseconds(5);
  net::HttpClientOptions quick;
  quick.retry.initial_backoff = std::chrono::milliseconds(1);
  quick.retry.max_backoff = std::chrono::milliseconds(5);
  net::HttpClient http(quick);  // reads: 6 attempts
  gcs::Client client(http, auth::anonymous_credentials(), options);
  Faults faults;
  faults.fail_first = 8;  // more than a read's 6 attempts, fewer than a listing's 12
  f.server->set_faults(faults);
  CHECK(names_of(client.list("test-bucket", "l/")) == std::vector<std::string>{"l/2024-01-15/a.json"});
  CHECK(http.stats().retries.load() == 8);

  faults.fail_first = 8;
  f.server->set_faults(faults);  // counts again from here
  const ObjectInfo object{"l/2024-01-15/a.json", 2, ""};
  CHECK_THROWS_WITH(client.download("test-bucket", object), Catch::Contains("503"));
}

TEST_CASE("GcsSource keeps the read limits: listed size, decoded size, gzip ratio, deadline", "[gcs][client][limits]") {
  Fixture f;
  f.dir.write("s/big.json", std::string(3000, ' ') + "{}");
  f.dir.write("s/bomb.json.gz", nbaraw::gzip(std::string(std::size_t(32) << 20, ' ')));
  f.dir.write("s/small.json.gz", "{\"ok\":true}", true);
  auto client = f.client();
  GcsSource source("test-bucket", client, f.http);
  const auto listed = source.list("s/").objects;
  REQUIRE(listed.size() == 3);
  auto object = [&](std::string_view name) {
    return *std::find_if(listed.begin(), listed.end(), [&](const ObjectInfo& o) { return o.name == name; });
  };
  ReadLimits limits;
  limits.max_bytes = 2000;
  f.server->clear_requests();
  CHECK_THROWS_WITH(source.read(object("s/big.json"), limits), Catch::Contains("over the 2.0 KiB limit"));
  CHECK(f.server->requests().empty());  // refused on its listed size: never downloaded

  CHECK_THROWS_WITH(source.read(object("s/bomb.json.gz"), ReadLimits{}), Catch::Contains("decompression bomb"));
  CHECK(source.read(object("s/small.json.gz"), ReadLimits{}) == "{\"ok\":true}");

  ReadLimits late;
  late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  CHECK_THROWS_AS(source.read(object("s/small.json.gz"), late), ReadTimedOut);
}
