// NBATeamMapper (A.3): every kind of identifier for every team, the ambiguous "los angeles", fuzzy matching
// at the odds (85) and gamebook (80) cutoffs, and fuzzywuzzy's partial_ratio.
#include <nbaraw/rules/team_mapper.hpp>

#include <catch2/catch.hpp>

#include <cctype>
#include <optional>
#include <set>
#include <string>

using nbaraw::nba_tricode;
using nbaraw::nba_tricode_fuzzy;
using nbaraw::partial_ratio;

namespace {
std::optional<std::string> code(std::string_view s) { return std::string(s); }
}  // namespace

TEST_CASE("team mapper: 30 teams, 30 distinct NBA codes, in the reference's order", "[team_mapper][A.3]") {
  const auto& teams = nbaraw::nba_teams();
  REQUIRE(teams.size() == 30);
  std::set<std::string_view> codes;
  for (const auto& t : teams) codes.insert(t.nba);
  CHECK(codes.size() == 30);
  CHECK(teams.front().nba == "BOS");
  CHECK(teams.back().nba == "SAS");
  for (std::string_view c : {"ATL", "BOS", "BKN", "CHA", "CHI", "CLE", "DAL", "DEN", "DET", "GSW", "HOU", "IND", "LAC",
                             "LAL", "MEM", "MIA", "MIL", "MIN", "NOP", "NYK", "OKC", "ORL", "PHI", "PHX", "POR", "SAC",
                             "SAS", "TOR", "UTA", "WAS"})
    CHECK(nbaraw::is_nba_tricode(c));
  CHECK_FALSE(nbaraw::is_nba_tricode("BRK"));
  CHECK_FALSE(nbaraw::is_nba_tricode("lal"));
}

TEST_CASE("team mapper: every team by each of its identifiers", "[team_mapper][A.3]") {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  auto upper = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
    return out;
  };
  for (const auto& t : nbaraw::nba_teams()) {
    INFO(t.full_name);
    const auto expected = code(t.nba);
    CHECK(nba_tricode(t.nba) == expected);
    CHECK(nba_tricode(lower(t.nba)) == expected);
    CHECK(nba_tricode(t.br) == expected);
    CHECK(nba_tricode(t.espn) == expected);
    CHECK(nba_tricode(t.full_name) == expected);
    CHECK(nba_tricode(upper(t.full_name)) == expected);
    CHECK(nba_tricode(t.nickname) == expected);
    for (auto v : t.variations) CHECK(nba_tricode(v) == expected);
    if (t.city != "Los Angeles") CHECK(nba_tricode(t.city) == expected);
  }
}

TEST_CASE("team mapper: codes that differ between NBA, Basketball Reference and ESPN", "[team_mapper][A.3]") {
  CHECK(nba_tricode("BRK") == code("BKN"));
  CHECK(nba_tricode("CHO") == code("CHA"));
  CHECK(nba_tricode("PHO") == code("PHX"));
  CHECK(nba_tricode("NY") == code("NYK"));
  CHECK(nba_tricode("GS") == code("GSW"));
  CHECK(nba_tricode("NO") == code("NOP"));
  CHECK(nba_tricode("SA") == code("SAS"));
  CHECK(nba_tricode("UTAH") == code("UTA"));
  CHECK(nbaraw::br_tricode("BKN") == "BRK");
  CHECK(nbaraw::br_tricode("CHA") == "CHO");
  CHECK(nbaraw::br_tricode("PHX") == "PHO");
  CHECK(nbaraw::br_tricode("LAL") == "LAL");
  CHECK(nbaraw::br_tricode("XYZ") == "XYZ");
  CHECK(nbaraw::br_tricode("") == "");
}

TEST_CASE("team mapper: variations, spacing and punctuation", "[team_mapper][A.3]") {
  CHECK(nba_tricode("sixers") == code("PHI"));
  CHECK(nba_tricode("Cavs") == code("CLE"));
  CHECK(nba_tricode("wolves") == code("MIN"));
  CHECK(nba_tricode("Blazers") == code("POR"));
  CHECK(nba_tricode("dubs") == code("GSW"));
  CHECK(nba_tricode("mavs") == code("DAL"));
  CHECK(nba_tricode("grizz") == code("MEM"));
  CHECK(nba_tricode("pels") == code("NOP"));
  CHECK(nba_tricode("LA Clippers") == code("LAC"));
  CHECK(nba_tricode("la lakers") == code("LAL"));
  CHECK(nba_tricode("NY Knicks") == code("NYK"));
  CHECK(nba_tricode("  Golden State Warriors \n") == code("GSW"));  // lower().strip()
  CHECK(nba_tricode("Portland Trail-Blazers") == code("POR"));      // alphanumeric-only form
  CHECK(nba_tricode("PortlandTrailBlazers") == code("POR"));
  CHECK(nba_tricode("Oklahoma-City") == code("OKC"));
  CHECK(nba_tricode("76ers") == code("PHI"));
  CHECK(nba_tricode("Golden State") == code("GSW"));
}

TEST_CASE("team mapper: 'los angeles' is ambiguous and the last team indexed wins: LAL", "[team_mapper][A.3]") {
  CHECK(nba_tricode("Los Angeles") == code("LAL"));
  CHECK(nba_tricode("los angeles") == code("LAL"));
  CHECK(nba_tricode("LosAngeles") == code("LAL"));
  CHECK(nba_tricode("LA") == std::nullopt);  // "la" alone is no identifier
  // The exact lookup answers before fuzzy matching, which would have picked the Clippers (first of two 100s).
  CHECK(nba_tricode_fuzzy("Los Angeles", 85) == code("LAL"));
}

TEST_CASE("team mapper: no match", "[team_mapper][A.3]") {
  CHECK(nba_tricode("") == std::nullopt);
  CHECK(nba_tricode("   ") == std::nullopt);
  CHECK(nba_tricode("Seattle SuperSonics") == std::nullopt);
  CHECK(nba_tricode("Atlanta Hawkz") == std::nullopt);
  CHECK(nba_tricode("BKNX") == std::nullopt);
}

TEST_CASE("team mapper: fuzzy matching against the 30 full names", "[team_mapper][A.3]") {
  // Scores (fuzzywuzzy, processed query and names): Hawkz 92, Golden St. 84, Bklyn 90, Charlote 94, Lakres 83,
  // Kngs 93, Thundr 95, Trailblazers 95, Seventy-Sixers 78, unknown 36.
  CHECK(nba_tricode_fuzzy("Atlanta Hawkz", 85) == code("ATL"));
  CHECK(nba_tricode_fuzzy("Bklyn Nets", 85) == code("BKN"));
  CHECK(nba_tricode_fuzzy("Charlote Hornets", 85) == code("CHA"));
  CHECK(nba_tricode_fuzzy("Sacramento Kngs", 85) == code("SAC"));
  CHECK(nba_tricode_fuzzy("Oklahoma City Thundr", 85) == code("OKC"));
  CHECK(nba_tricode_fuzzy("Golden St. Warriors", 85) == std::nullopt);  // 84
  CHECK(nba_tricode_fuzzy("Golden St. Warriors", 84) == code("GSW"));   // score == cutoff is enough
  CHECK(nba_tricode_fuzzy("Golden St. Warriors", 80) == code("GSW"));
  CHECK(nba_tricode_fuzzy("Lakres", 85) == std::nullopt);  // 83
  CHECK(nba_tricode_fuzzy("Lakres", 80) == code("LAL"));
  CHECK(nba_tricode_fuzzy("Philadelphia Seventy-Sixers", 80) == std::nullopt);  // 78
  CHECK(nba_tricode_fuzzy("Zzz Unknown", 85) == std::nullopt);
  CHECK(nba_tricode_fuzzy("", 0) == std::nullopt);
  CHECK(nba_tricode_fuzzy("!!!", 0) == code("BOS"));  // empty after processing: every score 0, the first name wins
  CHECK(nba_tricode_fuzzy("Celtics", 85) == code("BOS"));  // exact
}

TEST_CASE("fuzzy_full_process: non-word characters to spaces, lower case, stripped", "[team_mapper]") {
  CHECK(nbaraw::fuzzy_full_process("  LA Clippers!! ") == "la clippers");
  CHECK(nbaraw::fuzzy_full_process("Golden St. Warriors") == "golden st  warriors");
  CHECK(nbaraw::fuzzy_full_process("a_b-c") == "a_b c");
  CHECK(nbaraw::fuzzy_full_process("Jokić") == "jokić");
  CHECK(nbaraw::fuzzy_full_process("") == "");
}

TEST_CASE("partial_ratio: values worked out by hand from difflib's matching blocks", "[team_mapper][partial_ratio]") {
  // "abcd" in "XXXbcdeEEE": block (1,3,3) aligns the window "Xbcd": 2*3/8 = .75.
  CHECK(partial_ratio("abcd", "XXXbcdeEEE") == 75);
  CHECK(partial_ratio("XXXbcdeEEE", "abcd") == 75);  // the shorter string is always the one slid
  // "ab" in "ba": block (0,1,1) → window "a": 2*1/3 = .667; the end block → window "ba": .5. Best 67.
  CHECK(partial_ratio("ab", "ba") == 67);
  CHECK(partial_ratio("a", "b") == 0);
  // A substring scores 100; so does the shorter string found with one extra character around it.
  CHECK(partial_ratio("hawks", "atlanta hawks") == 100);
  CHECK(partial_ratio("this is a test", "this is a test!") == 100);
  // "atlanta hawkz" vs "atlanta hawks": 12 of 13 characters match in the aligned window: 24/26 = .923.
  CHECK(partial_ratio("atlanta hawkz", "atlanta hawks") == 92);
  // Unicode by code point: 4 of 5 match, 8/10.
  CHECK(partial_ratio("Jokić", "Jokic") == 80);
}

TEST_CASE("partial_ratio: equality, empty strings and rounding", "[team_mapper][partial_ratio]") {
  CHECK(partial_ratio("", "") == 100);  // equal strings before the empty check
  CHECK(partial_ratio("abc", "") == 0);
  CHECK(partial_ratio("", "abc") == 0);
  CHECK(partial_ratio("same", "same") == 100);
  CHECK(partial_ratio("aaaa", "aaaaaaa") == 100);
  CHECK(partial_ratio("fuzzy wuzzy was a bear", "wuzzy fuzzy was a bear") == 91);
  CHECK(partial_ratio("abcdefghij", "jihgfedcba") == 18);
  CHECK(partial_ratio("la lakers", "los angeles lakers") == 78);
  CHECK(partial_ratio("portland trailblazers", "portland trail blazers") == 95);
  CHECK(partial_ratio("okc", "oklahoma city thunder") == 67);
  CHECK(partial_ratio("nets brooklyn", "brooklyn nets") == 62);
  CHECK(partial_ratio("warriors gs", "golden state warriors") == 84);
}

TEST_CASE("partial_ratio: difflib's autojunk on strings of 200 characters or more", "[team_mapper][partial_ratio]") {
  // In a 320-character "baba...", 'a' and 'b' are each in more than 1% + 1 of the positions: popular, not
  // indexed, so no block matches and every window scores 0.
  std::string ab, ba;
  for (int i = 0; i < 150; ++i) ab += "ab";
  for (int i = 0; i < 160; ++i) ba += "ba";
  CHECK(partial_ratio(ab, ba) == 0);
  // A block found through a rare character is still extended over popular ones.
  CHECK(partial_ratio(std::string(250, 'x') + "y", "y" + std::string(300, 'x')) == 100);
  CHECK(nbaraw::sequence_ratio(std::u32string(10, U'x'), std::u32string(10, U'x')) == 1.0);
  CHECK(nbaraw::sequence_ratio(U"", U"") == 1.0);
}
