// --team-filter A,B: parsing on the common command line, the gamebook's selection by game folder, the
// transform-time check for names without a game folder, and processors that do not take it.
#include "gamebook_fixture.hpp"

#include <nbaraw/backfill.hpp>
#include <nbaraw/cli/options.hpp>
#include <nbaraw/cli/run.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>

#include <iostream>
#include <sstream>

using namespace nbaraw::test::gamebook;
using nbaraw::cli::UsageError;
using nbaraw::ObjectInfo;

namespace {

nbaraw::cli::Options parse(std::vector<std::string_view> args) { return nbaraw::cli::parse(args); }

std::vector<std::string> names_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects) out.push_back(o.name);
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs cli::run<P> in this process with stderr captured; returns the exit code.
template <class P>
int run_in_process(std::vector<std::string> args, std::string& err) {
  args.insert(args.begin(), "test_backfill");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream captured;
  auto* old = std::cerr.rdbuf(captured.rdbuf());
  const int code = nbaraw::cli::run<P>(int(argv.size()), argv.data());
  std::cerr.rdbuf(old);
  err = captured.str();
  return code;
}

}  // namespace

TEST_CASE("team filter flag: --team-filter parses comma-separated NBA tricodes, any case, each once", "[nbac_gamebook][team_filter]") {
  // value, codes
  auto [value, codes] = GENERATE(table<std::string, std::vector<std::string>>({
      {"MEM", {"MEM"}},
      {"MEM,CLE", {"MEM", "CLE"}},
      {"mem,cle", {"MEM", "CLE"}},
      {" MEM , CLE ", {"MEM", "CLE"}},
      {"MEM,,CLE,", {"MEM", "CLE"}},
      {"MEM,mem,MEM", {"MEM"}},
      {"BKN,PHX,CHA,NOP,GSW,SAS,NYK,UTA", {"BKN", "PHX", "CHA", "NOP", "GSW", "SAS", "NYK", "UTA"}},
  }));
  INFO(value);
  CHECK(parse({"--team-filter", value}).team_filter == codes);
  CHECK(parse({"--team-filter=" + value}).team_filter == codes);
  CHECK(parse({}).team_filter.empty());
}

TEST_CASE("team filter flag: --team-filter rejects codes that are not NBA tricodes with a clear usage error", "[nbac_gamebook][team_filter]") {
  // value, words of the message
  auto [value, words] = GENERATE(table<std::string, std::vector<std::string>>({
      {"XYZ", {"--team-filter", "'XYZ'", "not an NBA tricode"}},
      {"BRK", {"'BRK'", "did you mean BKN"}},  // a BR code
      {"PHO", {"did you mean PHX"}},
      {"NY", {"'NY'", "not an NBA tricode"}},  // an ESPN code
      {"Memphis", {"'Memphis'", "did you mean MEM"}},
      {"MEM,Lakers", {"'Lakers'"}},
      {"", {"names no team"}},
      {",", {"names no team"}},
      {"MEM;CLE", {"'MEM;CLE'"}},
  }));
  INFO(value);
  try {
    parse({"--team-filter", value});
    FAIL("no usage error for '" << value << "'");
  } catch (const UsageError& e) {
    for (const auto& w : words) CHECK_THAT(e.what(), Catch::Contains(w));
  }
  CHECK_THROWS_AS(parse({"--team-filter"}), UsageError);  // needs a value
}

TEST_CASE("team filter flag: --team-filter is in the usage text", "[nbac_gamebook][team_filter]") {
  const NbacGamebook processor;
  CHECK_THAT(nbaraw::cli::usage("nbac_gamebook_backfill", processor.info()),
             Catch::Contains("--team-filter A,B") && Catch::Contains("away or home"));
}

TEST_CASE("set_team_filter selects game folders whose away or home team is listed", "[nbac_gamebook][team_filter]") {
  NbacGamebook processor;
  const std::vector<ObjectInfo> listed{
      {"nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151000.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-BOSMIL/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-LALCLE/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-lalphx/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20250805_151438.json", 1, "1"},  // legacy: no game folder
  };
  CHECK(nbaraw::select_objects(listed, processor.info()).size() == 5);  // no filter: latest per folder

  processor.set_team_filter({"cle"});
  CHECK(processor.team_filter() == std::vector<std::string>{"CLE"});
  CHECK(names_of(nbaraw::select_objects(listed, processor.info())) ==
        std::vector<std::string>{"nba-com/gamebooks-data/2024-04-10/20240410-LALCLE/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20250805_151438.json"});  // sorted names
  processor.set_team_filter({"PHX", "BOS"});  // away or home; the folder's case does not matter
  CHECK(names_of(nbaraw::select_objects(listed, processor.info())) ==
        std::vector<std::string>{"nba-com/gamebooks-data/2024-04-10/20240410-BOSMIL/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20240410-lalphx/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20250805_151438.json"});
  processor.set_team_filter({});
  CHECK(nbaraw::select_objects(listed, processor.info()).size() == 5);
  CHECK_THROWS_AS(processor.set_team_filter({"BRK"}), std::invalid_argument);
  CHECK_THROWS_AS(processor.set_team_filter({"Memphis"}), std::invalid_argument);
}

TEST_CASE("game_folder_teams reads YYYYMMDD-AWYHOM, the folder before the file name", "[nbac_gamebook][team_filter]") {
  using Teams = std::optional<std::pair<std::string, std::string>>;
  CHECK(NbacGamebook::game_folder_teams("a/b/2024-04-10/20240410-MEMCLE/x.json") == Teams{{"MEM", "CLE"}});
  CHECK(NbacGamebook::game_folder_teams("20240410-memcle/x.json") == Teams{{"MEM", "CLE"}});
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/2024-04-10/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/20240410-MEMCL/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/20240410_MEMCLE/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/2024041X-MEMCLE/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/20240410-MEM1LE/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams(""));
}

TEST_CASE("a file the selection could not decide is filtered in transform, with the reason", "[nbac_gamebook][team_filter]") {
  NbacGamebook processor;
  processor.set_team_filter({"BOS"});
  const std::string legacy = "nba-com/gamebooks-data/2024-04-10/20250805_151438.json";
  const auto out = transform(processor, document({active_player()}, {dnp_player()}), legacy);
  CHECK(out.rows.empty());
  CHECK(out.records_seen == 2);
  CHECK(out.skipped.empty());  // no_data, not a failure
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings.front(), Catch::Contains("filtered out by --team-filter") && Catch::Contains("MEM@CLE"));
  CHECK(counter(out, "files_filtered") == 1);
  CHECK(out.no_rows_reason == out.warnings.front());
  processor.set_team_filter({"CLE"});
  CHECK(transform(processor, document({active_player()}, {dnp_player()}), legacy).rows.size() == 2);
}

TEST_CASE("a processor without set_team_filter rejects --team-filter: exit 2, nothing run", "[nbac_gamebook][team_filter]") {
  static_assert(!nbaraw::cli::accepts_team_filter<nbaraw::processors::BdlInjuries>);
  static_assert(nbaraw::cli::accepts_team_filter<NbacGamebook>);
  std::string err;
  CHECK(run_in_process<nbaraw::processors::BdlInjuries>(
            {"--team-filter", "MEM", "--source", "/nonexistent", "--sink", "ndjson:/nonexistent", "--dates", "2024-04-10"},
            err) == 2);
  CHECK_THAT(err, Catch::Contains("--team-filter is not supported by bdl_injuries"));
  CHECK(run_in_process<NbacGamebook>({"--team-filter", "XYZ", "--source", "/nonexistent"}, err) == 2);
  CHECK_THAT(err, Catch::Contains("not an NBA tricode"));
}
