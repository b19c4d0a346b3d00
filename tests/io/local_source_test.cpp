// LocalSource: listing by string prefix, generations, gzip, vanished objects, and never leaving the root.
#include <nbaraw/sources/local_source.hpp>

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

using namespace nbaraw;
using nbaraw::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects) out.push_back(o.name);
  return out;
}

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

  const auto listed = source.list("a/2024-01-1");
  CHECK(names_of(listed) ==
        std::vector<std::string>{"a/2024-01-15/20240115_000000.json", "a/2024-01-15/20240115_120000.json",
                                 "a/2024-01-16/g1/20240116_000000.json", "a/2024-01-16/g2/20240116_000000.json"});
  REQUIRE(find(listed, "a/2024-01-15/20240115_120000.json"));
  CHECK(find(listed, "a/2024-01-15/20240115_120000.json")->size == 7);
  CHECK(find(listed, "a/2024-01-15/20240115_000000.json")->size == 7);

  CHECK(names_of(source.list("a/2024-01-16/")) ==
        std::vector<std::string>{"a/2024-01-16/g1/20240116_000000.json", "a/2024-01-16/g2/20240116_000000.json"});
  CHECK(source.list("a/").size() == 6);
  CHECK(source.list("").size() == 7);
  CHECK(source.list("a/2024-03").empty());
  CHECK(source.list("missing/2024-01-15/").empty());
}

TEST_CASE("LocalSource's generation is size:mtime_ns and changes when a file is rewritten", "[io][local_source]") {
  TempDir root;
  const auto path = root.write("a/2024-01-15/f.json", "{\"v\":1}");
  const LocalSource source(root.path());
  const auto before = source.list("a/");
  REQUIRE(before.size() == 1);
  CHECK(before[0].generation == expected_generation(path));

  SECTION("rewritten with other content") { root.write("a/2024-01-15/f.json", "{\"v\":100}"); }
  SECTION("rewritten with content of the same size") {
    root.write("a/2024-01-15/f.json", "{\"v\":2}");
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  }
  const auto after = source.list("a/");
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

  const auto listed = source.list("a/");
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
  const auto listed = source.list("a/");
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
  CHECK(names_of(source.list("")) == real);
  CHECK(names_of(source.list("a/")) == real);
  CHECK(source.list("a/to_outside_folder/").empty());
  CHECK(source.list("to_inside_folder/").empty());
  CHECK(source.list("to_inside_folder/sub/").empty());

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
  const auto listed = source.list("day/");
  REQUIRE(names_of(listed) == std::vector<std::string>{"day/2024-01-15/a.json"});

  fs::remove_all(root / "day/2024-01-15");
  fs::create_symlink(outside.path(), root / "day/2024-01-15");
  CHECK_THROWS_AS(source.read(listed.front()), UnsafePath);
}
