#include <nbaraw/sinks/load_plan.hpp>

#include <nbaraw/core/recency.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

using nbaraw::LoadFile;
using nbaraw::LoadPlan;
using nbaraw::Strategy;
using nbaraw::StrategyKind;

namespace {

// The older file's scrape time (in its name) is the earlier, whatever the folders say (core/recency.hpp).
const std::string older = "p/2024-01-02/20240101_080000.json";
const std::string newer = "p/2024-01-01/20240101_090000.json";
const std::string outside_older = "p/2023-12-31/20231231_230000.json";
const std::string outside_newer = "p/2024-01-03/20240103_000000.json";

// rows: (key, id) pairs; the id names a row in the assertions.
LoadFile file(const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows) {
  LoadFile f{{name, 1, "g"}, {}};
  for (const auto& [key, id] : rows) f.rows.push_back({{"k", key}, {"id", id}, {"source_file_path", name}});
  return f;
}

std::vector<std::string> ids(const std::vector<const nbaraw::Row*>& rows) {
  std::vector<std::string> out;
  for (const auto* r : rows) out.emplace_back(r->at("id").as_string());
  return out;
}

std::set<std::string> keys(const std::vector<const nbaraw::Row*>& rows) {
  std::set<std::string> out;
  for (const auto* r : rows) out.emplace(r->at("k").as_string());
  return out;
}

// An owner callback over a key -> file table, as a sink's table would answer it.
nbaraw::KeyOwner owner_of(std::map<std::string, std::string> held) {
  return [held = std::move(held)](const nbaraw::Row& row) -> std::optional<nbaraw::KeyHolder> {
    auto it = held.find(std::string(row.at("k").as_string()));
    if (it == held.end()) return std::nullopt;
    return nbaraw::KeyHolder{it->second, nbaraw::recency_key(it->second, "g")};
  };
}

bool is_newer(const std::string& a, const std::string& b) { return nbaraw::recency_key(a, "g") > nbaraw::recency_key(b, "g"); }

// Plans with the batch given oldest-first or newest-first; the plan must not depend on it.
LoadPlan plan(StrategyKind kind, std::vector<LoadFile>& files, bool reversed, const nbaraw::KeyOwner& owner) {
  if (reversed) std::reverse(files.begin(), files.end());
  return nbaraw::plan_load(Strategy{kind, {"k"}}, files, owner);
}

}  // namespace

TEST_CASE("the test names order as intended", "[load_plan]") {
  REQUIRE(is_newer(newer, older));
  REQUIRE(is_newer(outside_newer, newer));
  REQUIRE(is_newer(older, outside_older));
}

TEST_CASE("append_always inserts every row and clears every batch file", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}, {"k1", "a2"}}), file(newer, {{"k1", "b1"}}),
                              file("p/2024-01-01/20240101_100000.json", {})};
  auto owner = owner_of({{"k1", outside_newer}});  // owners play no part
  LoadPlan p = plan(StrategyKind::append_always, files, reversed, owner);
  CHECK(std::set<std::string>(p.clear_files.begin(), p.clear_files.end()) ==
        std::set<std::string>{older, newer, "p/2024-01-01/20240101_100000.json"});
  CHECK(p.clear_files.size() == 3);
  CHECK(p.clear_keys.empty());
  CHECK(ids(p.insert) == std::vector<std::string>{"a1", "a2", "b1"});
}

TEST_CASE("merge_update: the newest batch file owns a key with all its rows", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  INFO("newest file first: " << reversed);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}, {"k2", "a2"}}), file(newer, {{"k1", "b1"}, {"k1", "b1bis"}})};
  LoadPlan p = plan(StrategyKind::merge_update, files, reversed, owner_of({}));
  CHECK(std::set<std::string>(p.clear_files.begin(), p.clear_files.end()) == std::set<std::string>{older, newer});
  CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k2"});
  CHECK(p.clear_keys.size() == 2);
  CHECK(ids(p.insert) == std::vector<std::string>{"a2", "b1", "b1bis"});
}

TEST_CASE("merge_update: keys held outside the batch", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  INFO("newest file first: " << reversed);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}, {"k2", "a2"}}), file(newer, {{"k1", "b1"}})};

  SECTION("a newer file outside the batch keeps its key") {
    LoadPlan p = plan(StrategyKind::merge_update, files, reversed, owner_of({{"k1", outside_newer}}));
    CHECK(keys(p.clear_keys) == std::set<std::string>{"k2"});
    CHECK(ids(p.insert) == std::vector<std::string>{"a2"});
  }
  SECTION("an older file outside the batch loses its key") {
    LoadPlan p = plan(StrategyKind::merge_update, files, reversed, owner_of({{"k1", outside_older}}));
    CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k2"});
    CHECK(ids(p.insert) == std::vector<std::string>{"a2", "b1"});
  }
  SECTION("a file inside the batch does not block, even when newer than the key's winner") {
    // k2 was loaded by `newer` in an earlier run; `newer` is being re-loaded without it, so the
    // older file of the batch is now the key's newest source.
    LoadPlan p = plan(StrategyKind::merge_update, files, reversed, owner_of({{"k1", newer}, {"k2", newer}}));
    CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k2"});
    CHECK(ids(p.insert) == std::vector<std::string>{"a2", "b1"});
  }
}

TEST_CASE("insert_new_only: the oldest batch file owns a key with its first row", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  INFO("newest file first: " << reversed);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}, {"k1", "a1dup"}}),
                              file(newer, {{"k1", "b1"}, {"k3", "b3"}, {"k3", "b3dup"}})};
  LoadPlan p = plan(StrategyKind::insert_new_only, files, reversed, owner_of({}));
  CHECK(std::set<std::string>(p.clear_files.begin(), p.clear_files.end()) == std::set<std::string>{older, newer});
  CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k3"});
  CHECK(ids(p.insert) == std::vector<std::string>{"a1", "b3"});
}

TEST_CASE("insert_new_only: keys held outside the batch", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  INFO("newest file first: " << reversed);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}}), file(newer, {{"k1", "b1"}, {"k3", "b3"}})};

  SECTION("an older file outside the batch keeps its key") {
    LoadPlan p = plan(StrategyKind::insert_new_only, files, reversed, owner_of({{"k1", outside_older}}));
    CHECK(keys(p.clear_keys) == std::set<std::string>{"k3"});
    CHECK(ids(p.insert) == std::vector<std::string>{"b3"});
  }
  SECTION("a newer file outside the batch loses its key") {
    LoadPlan p = plan(StrategyKind::insert_new_only, files, reversed,
                      owner_of({{"k1", outside_newer}, {"k3", outside_newer}}));
    CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k3"});
    CHECK(ids(p.insert) == std::vector<std::string>{"a1", "b3"});
  }
  SECTION("a file inside the batch does not block, even when older than the key's winner") {
    LoadPlan p = plan(StrategyKind::insert_new_only, files, reversed, owner_of({{"k3", older}}));
    CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k3"});
    CHECK(ids(p.insert) == std::vector<std::string>{"a1", "b3"});
  }
}

TEST_CASE("a key held by a file the ledger does not know (recency '') counts as the oldest", "[load_plan]") {
  auto unknown_owner = [](const nbaraw::Row&) -> std::optional<nbaraw::KeyHolder> {
    return nbaraw::KeyHolder{"loaded/by/someone/else.json", ""};
  };
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}})};
  // merge_update: any file of ours is newer, so it replaces the key.
  LoadPlan merged = nbaraw::plan_load(Strategy{StrategyKind::merge_update, {"k"}}, files, unknown_owner);
  CHECK(keys(merged.clear_keys) == std::set<std::string>{"k1"});
  CHECK(ids(merged.insert) == std::vector<std::string>{"a1"});
  // insert_new_only: the unknown file was there first, so it keeps the key.
  LoadPlan kept = nbaraw::plan_load(Strategy{StrategyKind::insert_new_only, {"k"}}, files, unknown_owner);
  CHECK(kept.clear_keys.empty());
  CHECK(kept.insert.empty());
}

namespace {
/// A row of `file` with the column "kept" set.
nbaraw::Row with_kept(nbaraw::Row row, std::string_view kept) {
  row["kept"] = kept;
  return row;
}
}  // namespace

TEST_CASE("replace_table: the newest file with rows is the whole table, unless a newer file holds it", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}, {"k2", "a2"}}), file(newer, {{"k3", "b1"}}),
                              file(outside_newer, {})};  // newest of all, but without rows: it replaces nothing
  if (reversed) std::reverse(files.begin(), files.end());
  const Strategy replace{StrategyKind::replace_table, {}};
  LoadPlan p = nbaraw::plan_load(replace, files, [](const nbaraw::Row&) { return std::optional<nbaraw::KeyHolder>(); });
  CHECK(ids(p.insert) == std::vector<std::string>{"b1"});
  CHECK(p.clear_keys.size() == 1);  // every row of the table
  CHECK(p.clear_files.size() == 3);

  auto held_by_newer = [](const nbaraw::Row&) {
    return std::optional<nbaraw::KeyHolder>(nbaraw::KeyHolder{"p/2024-01-09/20240109_000000.json",
                                                             nbaraw::recency_key("p/2024-01-09/20240109_000000.json", "g")});
  };
  LoadPlan kept = nbaraw::plan_load(replace, files, held_by_newer);
  CHECK(kept.insert.empty());
  CHECK(kept.clear_keys.empty());
}

TEST_CASE("insert_new_keys: every row of the oldest file with a key, only for keys the table lacks", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  std::vector<LoadFile> files{file(older, {{"k1", "a1"}, {"k1", "a2"}}), file(newer, {{"k1", "b1"}, {"k2", "b2"}, {"k3", "b3"}})};
  LoadPlan p = plan(StrategyKind::insert_new_keys, files, reversed, owner_of({{"k2", outside_older}, {"k3", outside_newer}}));
  // k2 is held by an older file: left alone; k3 by a newer one: the batch's older file takes it.
  CHECK(ids(p.insert) == std::vector<std::string>{"a1", "a2", "b3"});
  CHECK(keys(p.clear_keys) == std::set<std::string>{"k1", "k3"});
}

TEST_CASE("merge_keep: the newest rows, with the kept columns of the holder or of the oldest batch file", "[load_plan]") {
  const bool reversed = GENERATE(false, true);
  LoadFile a = file(older, {}), b = file(newer, {});
  const LoadFile a_rows = file(older, {{"k1", "a1"}, {"k3", "a3"}}), b_rows = file(newer, {{"k1", "b1"}, {"k2", "b2"}, {"k3", "b3"}});
  a.rows = {with_kept(a_rows.rows[0], "a-kept"), with_kept(a_rows.rows[1], "a3-kept")};
  b.rows = {with_kept(b_rows.rows[0], "b-kept"), with_kept(b_rows.rows[1], "b2-kept"), with_kept(b_rows.rows[2], "b3-kept")};
  std::vector<LoadFile> files{a, b};
  if (reversed) std::reverse(files.begin(), files.end());
  // k3 is held in the table by an older file, whose row keeps "stored".
  auto owner = [](const nbaraw::Row& row) -> std::optional<nbaraw::KeyHolder> {
    if (row.at("k") != "k3") return std::nullopt;
    return nbaraw::KeyHolder{outside_older, nbaraw::recency_key(outside_older, "g"), nbaraw::Row{{"kept", "stored"}}};
  };
  LoadPlan p = nbaraw::plan_load(Strategy{StrategyKind::merge_keep, {"k"}, {"kept"}}, files, owner);
  std::vector<std::string> got;
  for (const auto* row : p.insert)
    got.push_back(std::string(row->at("id").as_string()) + " " + std::string(row->at("kept").as_string()));
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"b1 a-kept", "b2 b2-kept", "b3 stored"});
}
