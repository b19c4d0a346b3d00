// LocalSource: listing by string prefix, generations, gzip, vanished objects, never leaving the root, every
// refused entry named with its reason, no blocking on FIFOs, and the read limits (size, gzip ratio, deadline).
#include <nbaraw/sources/local_source.hpp>

#include "support/temp_dir.hpp"

#include <nbaraw/detail/gzip.hpp>

#include "support/object_names.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <filesystem>
#include <string>
#include <vector>

using namespace nbaraw;
using nbaraw::test::TempDir;
namespace fs = std::filesystem;

using nbaraw::test::names_of;

namespace {

const ObjectInfo* find(const std::vector<ObjectInfo>& objects, std::string_view name) {
  for (const auto& o : objects)
    if (o.name == name) return &o;
  return nullptr;
}

/// "size:mtime_ns" read with lstat, the documented local generation.
std::string expected_generation(const fs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return std::to_string(st.st_size) + ":" +
         std::to_string(std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
}

}  // namespace

TEST_CASE("LocalSource lists the objects whose names start with the prefix, sorted, into game folders",
          "[io][local_source]") {
  TempDir root;
  root.write("a/2024-01-16/g2/20240116_000000.json", "{}");
  root.write("a/2024-01-15/20240115_120000.json", "[1,2,3]");
  root.write("a/2024-01-15/20240115_000000.json", "{\"x\":1}");
  root.write("a/2024-01-16/g1/20240116_000000.json", "{}");
  root.write("a/2024-01-20/20240120_000000.json", "{}");
  root.write("a/2024-02-15/20240215_000000.json", "{}");
  root.write("ab/2024-01-15/20240115_000000.json", "{}");
  const LocalSource source(root.path());

  const auto listed = source.list("a/2024-01-1").objects;
  CHECK(names_of(listed) ==
        std::vector<std::string>{"a/2024-01-15/20240115_000000.json", "a/2024-01-15/20240115_120000.json",
                                 "a/2024-01-16/g1/20240116_000000.json", "a/2024-01-16/g2/20240116_000000.json"});
  REQUIRE(find(listed, "a/2024-01-15/20240115_120000.json"));
  CHECK(find(listed, "a/2024-01-15/20240115_120000.json")->size == 7);
  CHECK(find(listed, "a/2024-01-15/20240115_000000.json")->size == 7);

  CHECK(names_of(source.list("a/2024-01-16/").objects) ==
        std::vector<std::string>{"a/2024-01-16/g1/20240116_000000.json", "a/2024-01-16/g2/20240116_000000.json"});
  CHECK(source.list("a/").objects.size() == 6);
  CHECK(source.list("").objects.size() == 7);
  CHECK(source.list("a/2024-03").objects.empty());
  CHECK(source.list("missing/2024-01-15/").objects.empty());
}

TEST_CASE("LocalSource's generation is size:mtime_ns and changes when a file is rewritten", "[io][local_source]") {
  TempDir root;
  const auto path = root.write("a/2024-01-15/f.json", "{\"v\":1}");
  const LocalSource source(root.path());
  const auto before = source.list("a/").objects;
  REQUIRE(before.size() == 1);
  CHECK(before[0].generation == expected_generation(path));

  SECTION("rewritten with other content") { root.write("a/2024-01-15/f.json", "{\"v\":100}"); }
  SECTION("rewritten with content of the same size") {
    root.write("a/2024-01-15/f.json", "{\"v\":2}");
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  }
  const auto after = source.list("a/").objects;
  REQUIRE(after.size() == 1);
  CHECK(after[0].generation == expected_generation(path));
  CHECK(after[0].generation != before[0].generation);
}

TEST_CASE("LocalSource reads plain and gzip files as the same text", "[io][local_source]") {
  TempDir root;
  const std::string text = R"({"items":[{"id":"a","value":1}]})";
  root.write("a/plain.json", text);
  const auto gz = root.write("a/packed.json.gz", text, true);
  const LocalSource source(root.path());

  const auto listed = source.list("a/").objects;
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].name == "a/packed.json.gz");
  CHECK(listed[0].size == fs::file_size(gz));  // the stored (compressed) size
  CHECK(source.read(listed[0]) == text);
  CHECK(source.read(listed[1]) == text);
}

TEST_CASE("LocalSource reports an object that vanished after listing as ObjectNotFound", "[io][local_source]") {
  TempDir root;
  root.write("a/2024-01-15/f.json", "{}");
  const LocalSource source(root.path());
  const auto listed = source.list("a/").objects;
  REQUIRE(listed.size() == 1);

  SECTION("the file was deleted") { fs::remove(root / "a/2024-01-15/f.json"); }
  SECTION("its folder was deleted") { fs::remove_all(root / "a/2024-01-15"); }
  CHECK_THROWS_AS(source.read(listed[0]), ObjectNotFound);
}

TEST_CASE("LocalSource refuses a root that is not an existing folder", "[io][local_source]") {
  TempDir dir;
  dir.write("file.txt", "x");
  CHECK_THROWS_AS(LocalSource(dir / "missing"), std::invalid_argument);
  CHECK_THROWS_AS(LocalSource(dir / "file.txt"), std::invalid_argument);
}

TEST_CASE("LocalSource refuses names that could leave the root", "[io][local_source]") {
  TempDir root;
  root.write("a/b", "inside");
  root.write("x", "inside");
  const LocalSource source(root.path());
  const std::string name = GENERATE(as<std::string>{}, "../x", "a/../../etc/passwd", "/etc/passwd", "a//b", "./a",
                                    "a/./b", "a\\..\\x", std::string("a/b\0/../x", 9), std::string("x\0", 2));
  INFO("name of " << name.size() << " bytes: " << name);

  CHECK_THROWS_AS(source.read(ObjectInfo{name, 0, ""}), UnsafePath);
  CHECK_THROWS_AS(source.list(name), UnsafePath);
}

TEST_CASE("LocalSource never follows symbolic links", "[io][local_source]") {
  TempDir root, outside;
  outside.write("secret.json", "{\"secret\":true}");
  root.write("a/real.json", "{}");
  root.write("a/sub/deeper.json", "{}");
  fs::create_symlink(outside / "secret.json", root / "a/to_outside_file.json");
  fs::create_symlink(outside.path(), root / "a/to_outside_folder");
  fs::create_symlink(root / "a/real.json", root / "a/to_inside_file.json");
  fs::create_symlink(root / "a", root / "to_inside_folder");
  const LocalSource source(root.path());

  const std::vector<std::string> real{"a/real.json", "a/sub/deeper.json"};
  CHECK(names_of(source.list("").objects) == real);
  const Listing listing = source.list("a/");
  CHECK(names_of(listing.objects) == real);
  // Each link is named, with why it was not followed.
  std::vector<std::string> refused;
  for (const auto& e : listing.refused) {
    refused.push_back(e.name);
    CHECK_THAT(e.reason, Catch::Contains("symbolic link") && Catch::Contains("not followed"));
  }
  CHECK(refused == std::vector<std::string>{"a/to_inside_file.json", "a/to_outside_file.json", "a/to_outside_folder"});
  CHECK(source.list("").refused.size() == 4);  // and the top-level link to a/
  CHECK(source.list("a/to_outside_folder/").objects.empty());
  CHECK(source.list("to_inside_folder/").objects.empty());
  CHECK(source.list("to_inside_folder/sub/").objects.empty());

  const std::string linked =
      GENERATE(as<std::string>{}, "a/to_outside_file.json", "a/to_outside_folder/secret.json", "a/to_inside_file.json",
               "to_inside_folder/real.json", "to_inside_folder/sub/deeper.json");
  INFO(linked);
  CHECK_THROWS_AS(source.read(ObjectInfo{linked, 0, ""}), UnsafePath);
}

TEST_CASE("LocalSource does not follow a folder swapped for a symbolic link after listing", "[io][local_source]") {
  TempDir root, outside;
  root.write("day/2024-01-15/a.json", "{\"inside\":true}");
  outside.write("a.json", "{\"secret\":true}");
  const LocalSource source(root.path());
  const auto listed = source.list("day/").objects;
  REQUIRE(names_of(listed) == std::vector<std::string>{"day/2024-01-15/a.json"});

  fs::remove_all(root / "day/2024-01-15");
  fs::create_symlink(outside.path(), root / "day/2024-01-15");
  CHECK_THROWS_AS(source.read(listed.front()), UnsafePath);
}

TEST_CASE("LocalSource names a symbolic-link date folder it will not list, and a file where a folder should be",
          "[io][local_source]") {
  TempDir root, outside;
  outside.write("20240116_080000.json", "{}");
  root.write("src/2024-01-15/20240115_080000.json", "{}");
  root.write("src/2024-01-17", "a file, not a folder");
  fs::create_symlink(outside.path(), root / "src/2024-01-16");
  const LocalSource source(root.path());

  const Listing linked = source.list("src/2024-01-16/");
  CHECK(linked.objects.empty());
  REQUIRE(linked.refused.size() == 1);
  CHECK(linked.refused[0].name == "src/2024-01-16/");
  CHECK_THAT(linked.refused[0].reason, Catch::Contains("symbolic link") && Catch::Contains("not followed"));

  const Listing file = source.list("src/2024-01-17/");
  CHECK(file.objects.empty());
  REQUIRE(file.refused.size() == 1);
  CHECK(file.refused[0].name == "src/2024-01-17");
  CHECK_THAT(file.refused[0].reason, Catch::Contains("not a folder"));

  const Listing missing = source.list("src/2024-01-18/");  // a day without files: nothing to say
  CHECK(missing.objects.empty());
  CHECK(missing.refused.empty());
  CHECK(source.list("src/2024-01-15/").refused.empty());
}

TEST_CASE("LocalSource refuses FIFOs at listing and never blocks on one swapped in before reading", "[io][local_source]") {
  TempDir root;
  root.write("d/2024-01-15/good.json", "{\"ok\":true}");
  REQUIRE(::mkfifo((root / "d/2024-01-15/pipe.json").c_str(), 0600) == 0);
  const LocalSource source(root.path());
  const Listing listing = source.list("d/");
  CHECK(names_of(listing.objects) == std::vector<std::string>{"d/2024-01-15/good.json"});
  REQUIRE(listing.refused.size() == 1);
  CHECK(listing.refused[0].name == "d/2024-01-15/pipe.json");
  CHECK_THAT(listing.refused[0].reason, Catch::Contains("a FIFO, not a regular file"));

  // The listed file becomes a FIFO with no writer: a blocking open would never return.
  fs::remove(root / "d/2024-01-15/good.json");
  REQUIRE(::mkfifo((root / "d/2024-01-15/good.json").c_str(), 0600) == 0);
  auto read = std::async(std::launch::async, [&] {
    try {
      source.read(listing.objects.front());
      return std::string("read succeeded");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  });
  if (read.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    // Unblock the reader so that the test can end, then fail.
    const int fd = ::open((root / "d/2024-01-15/good.json").c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    FAIL("reading a FIFO blocked");
  }
  CHECK_THAT(read.get(), Catch::Contains("a FIFO, not a regular file"));
}

TEST_CASE("LocalSource keeps max_bytes for plain and gzip files and stops a decompression bomb at the cap",
          "[io][local_source][limits]") {
  TempDir root;
  const std::string plain(3000, 'x');
  root.write("z/plain.json", plain);
  root.write("z/packed.json.gz", plain, true);
  // 64 MiB of zeros compress to ~64 KiB: a 1000x bomb.
  const std::string bomb = nbaraw::gzip(std::string(std::size_t(64) << 20, '\0'));
  REQUIRE(bomb.size() < (std::size_t(128) << 10));
  root.write("z/bomb.json.gz", bomb);
  const LocalSource source(root.path());
  const auto listed = source.list("z/").objects;
  const ObjectInfo& bomb_object = *find(listed, "z/bomb.json.gz");

  ReadLimits roomy;
  CHECK(source.read(*find(listed, "z/plain.json"), roomy) == plain);
  CHECK(source.read(*find(listed, "z/packed.json.gz"), roomy) == plain);

  ReadLimits small;
  small.max_bytes = 2000;
  CHECK_THROWS_WITH(source.read(*find(listed, "z/plain.json"), small),
                    Catch::Contains("2.9 KiB, over the 2.0 KiB limit (--max-file-bytes)"));
  // A gzip file small when stored but over the limit decoded: refused as it decodes.
  CHECK_THROWS_AS(source.read(*find(listed, "z/packed.json.gz"), small), ObjectTooLarge);

  // The bomb: the ratio cap stops it at 100x its stored size, far below its 64 MiB.
  try {
    source.read(bomb_object, roomy);
    FAIL("the bomb was decoded");
  } catch (const ObjectTooLarge& e) {
    CHECK_THAT(e.what(), Catch::Contains("decompression bomb") && Catch::Contains("--max-gzip-ratio 100"));
  }
  // Without a ratio cap, the size limit stops it.
  ReadLimits no_ratio;
  no_ratio.max_gzip_ratio = 0;
  no_ratio.max_bytes = std::uint64_t(8) << 20;
  CHECK_THROWS_WITH(source.read(bomb_object, no_ratio), Catch::Contains("more than the 8.0 MiB limit (--max-file-bytes)"));
  // With room for it, it is just a large file.
  no_ratio.max_bytes = std::uint64_t(64) << 20;
  CHECK(source.read(bomb_object, no_ratio).size() == (std::size_t(64) << 20));
}

TEST_CASE("ReadLimits: the gzip ratio cap never refuses small objects and saturates", "[io][limits]") {
  ReadLimits limits;
  limits.max_bytes = std::uint64_t(64) << 20;
  limits.max_gzip_ratio = 100;
  CHECK(limits.max_decoded(1000) == (std::uint64_t(1) << 20));          // the 1 MiB floor
  CHECK(limits.max_decoded(100'000) == 10'000'000);                     // 100x
  CHECK(limits.max_decoded(std::uint64_t(10) << 20) == limits.max_bytes);  // the size limit
  limits.max_gzip_ratio = 1'000'000;
  CHECK(limits.max_decoded(UINT64_MAX / 2) == limits.max_bytes);        // no overflow
  limits.max_gzip_ratio = 0;
  CHECK(limits.max_decoded(10) == limits.max_bytes);
}

TEST_CASE("LocalSource gives up a read past its deadline", "[io][local_source][limits]") {
  TempDir root;
  root.write("t/a.json", std::string(1 << 20, ' ') + "{}");
  const LocalSource source(root.path());
  const auto listed = source.list("t/").objects;
  ReadLimits expired;
  expired.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  CHECK_THROWS_AS(source.read(listed.front(), expired), ReadTimedOut);
  CHECK_THROWS_WITH(source.read(listed.front(), expired), Catch::Contains("--read-timeout"));
  ReadLimits later;
  later.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  CHECK(source.read(listed.front(), later).size() == (1u << 20) + 2);
}
