// Player-name normalisation: A.1 normalize_name_for_lookup and extract_suffix, A.2 normalize_name_odds, and
// the Python str helpers they rest on. Expected values are what the reference's Python functions return
// (CPython 3.11, unicodedata 14).
#include <nbaraw/rules/names.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>

using nbaraw::extract_suffix;
using nbaraw::normalize_name_for_lookup;
using nbaraw::normalize_name_odds;

TEST_CASE("normalize_name_for_lookup: the spec's examples", "[names][A.1]") {
  CHECK(normalize_name_for_lookup("LeBron James Jr.") == "lebronjamesjr");
  CHECK(normalize_name_for_lookup("José Alvarado") == "josealvarado");
  CHECK(normalize_name_for_lookup("Dāvis Bertāns") == "davisbertans");
  CHECK(normalize_name_for_lookup("O'Neal") == "oneal");
}

TEST_CASE("normalize_name_for_lookup: diacritics, combining marks and separators", "[names][A.1]") {
  auto [name, expected] = GENERATE(table<std::string, std::string>({
      {"Nikola Jokić", "nikolajokic"},
      {"Luka Dončić", "lukadoncic"},
      {"Kristaps Porziņģis", "kristapsporzingis"},
      {"Dario Šarić", "dariosaric"},
      {"Théo Maledon", "theomaledon"},
      {"Nenê", "nene"},
      {"A\u0301B", "ab"},                    // a combining acute after the letter (already decomposed)
      {"e\u0301\u0323x", "ex"},              // two combining marks on one letter
      {"D'Angelo Russell", "dangelorussell"},
      {"Karl-Anthony Towns", "karlanthonytowns"},
      {"P.J. Tucker", "pjtucker"},
      {"a_b,c", "abc"},                      // underscore and comma are separators too
      {"  Trae\tYoung  ", "traeyoung"},
      {"Jr Smith", "jrsmith"},
      {"", ""},
  }));
  INFO(name);
  CHECK(normalize_name_for_lookup(name) == expected);
}

TEST_CASE("normalize_name_for_lookup: NFKC compatibility characters become ASCII", "[names][A.1]") {
  CHECK(normalize_name_for_lookup("ＬｅＢｒｏｎ") == "lebron");  // full-width letters
  CHECK(normalize_name_for_lookup("ﬁnn") == "finn");             // the fi ligature
  CHECK(normalize_name_for_lookup("Gary Payton Ⅱ") == "garypaytonii");  // ROMAN NUMERAL TWO
  CHECK(normalize_name_for_lookup("x²") == "x2");                 // superscript two
  CHECK(normalize_name_for_lookup("Trae\u00a0Young") == "traeyoung");  // no-break space
}

TEST_CASE("normalize_name_for_lookup: Turkish dotless and dotted I", "[names][A.1]") {
  CHECK(normalize_name_for_lookup("ılkan") == "ilkan");  // dotless ı: no decomposition, kept as i
  CHECK(normalize_name_for_lookup("İbrahim") == "ibrahim");
  CHECK(normalize_name_for_lookup("Ömer Aşık") == "omerasik");
  CHECK(normalize_name_for_lookup("Alperen Şengün") == "alperensengun");
}

TEST_CASE("normalize_name_for_lookup: characters with no ASCII form are dropped", "[names][A.1]") {
  CHECK(normalize_name_for_lookup("李小龍") == "");
  CHECK(normalize_name_for_lookup("Yao 明") == "yao");
  CHECK(normalize_name_for_lookup("Σtephen") == "tephen");
  CHECK(normalize_name_for_lookup("Straße") == "strae");  // ß is dropped before casefold could make it "ss"
  CHECK(normalize_name_for_lookup(std::string("Bad\xff" "Byte")) == "badbyte");  // not UTF-8: dropped
}

TEST_CASE("normalize_name_for_lookup: written-out and dotted suffixes become jr/sr", "[names][A.1]") {
  auto [name, expected] = GENERATE(table<std::string, std::string>({
      {"James Junior", "jamesjr"},
      {"Gary Senior", "garysr"},
      {"Xavier Tillman Sr.", "xaviertillmansr"},
      {"Michael Porter Jr.", "michaelporterjr"},
      {"Kelly Oubre Jr", "kellyoubrejr"},
      {"JAMES JUNIOR", "jamesjr"},       // after casefold
      {"James Junior ", "jamesjunior"},  // only at the very end: a trailing space stops the rule
      {"Juniorjones", "juniorjones"},
      {" jr.", "jr"},
  }));
  INFO(name);
  CHECK(normalize_name_for_lookup(name) == expected);
}

TEST_CASE("extract_suffix: every suffix, in the reference's order", "[names][A.1]") {
  using P = std::pair<std::string, std::string>;
  auto [name, expected] = GENERATE(table<std::string, P>({
      {"Charlie Brown Junior", {"Charlie Brown", "Junior"}},
      {"Charlie Brown Senior", {"Charlie Brown", "Senior"}},
      {"Charlie Brown Jr.", {"Charlie Brown", "Jr."}},
      {"Charlie Brown Sr.", {"Charlie Brown", "Sr."}},
      {"John Smith III", {"John Smith", "III"}},
      {"John Smith IV", {"John Smith", "IV"}},
      {"John Smith V", {"John Smith", "V"}},
      {"Gary Payton II", {"Gary Payton", "II"}},
      {"John Smith 3rd", {"John Smith", "3rd"}},
      {"John Smith 4th", {"John Smith", "4th"}},
      {"John Smith 5th", {"John Smith", "5th"}},
      {"John Smith 2nd", {"John Smith", "2nd"}},
      {"Kelly Oubre Jr", {"Kelly Oubre", "Jr"}},
      {"Gary Trent Sr", {"Gary Trent", "Sr"}},
      {"LeBron James", {"LeBron James", ""}},
  }));
  INFO(name);
  CHECK(extract_suffix(name) == expected);
}

TEST_CASE("extract_suffix: case-insensitive, trimmed, and without a word boundary", "[names][A.1]") {
  using P = std::pair<std::string, std::string>;
  CHECK(extract_suffix("  Michael Porter jr.  ") == P{"Michael Porter", "Jr."});  // the suffix as listed
  CHECK(extract_suffix("MARCUS MORRIS SR.") == P{"MARCUS MORRIS", "Sr."});
  CHECK(extract_suffix("Timofey Mozgov") == P{"Timofey Mozgo", "V"});  // the quirk: any final v
  CHECK(extract_suffix("Hawaii") == P{"Hawa", "II"});                   // ...and any final ii
  CHECK(extract_suffix("Dennis Schröder\u3000") == P{"Dennis Schröder", ""});  // Unicode whitespace stripped
  CHECK(extract_suffix("Mr. Junior") == P{"Mr.", "Junior"});
  CHECK(extract_suffix("Jr.") == P{"", "Jr."});
  CHECK(extract_suffix("") == P{"", ""});
  CHECK(extract_suffix("   ") == P{"", ""});
}

TEST_CASE("normalize_name_odds: A.2, null only for empty input", "[names][A.2]") {
  CHECK(normalize_name_odds("Bogdan Bogdanović") == std::optional<std::string>("bogdanbogdanovic"));
  CHECK(normalize_name_odds("Stephen Curry") == std::optional<std::string>("stephencurry"));
  CHECK(normalize_name_odds("D'Angelo Russell") == std::optional<std::string>("dangelorussell"));
  CHECK(normalize_name_odds("P.J. Tucker") == std::optional<std::string>("pjtucker"));
  CHECK(normalize_name_odds("Nikola Jokić") == std::optional<std::string>("nikolajokic"));
  CHECK(normalize_name_odds("Karl-Anthony  Towns") == std::optional<std::string>("karlanthonytowns"));
  CHECK(normalize_name_odds("") == std::nullopt);
  CHECK(normalize_name_odds("李小龍") == std::optional<std::string>(""));  // not null: the input was not empty
  CHECK(normalize_name_odds("   ") == std::optional<std::string>(""));
}

TEST_CASE("normalize_name_odds differs from A.1 where the spec says", "[names][A.2]") {
  // No NFKC, no Turkish rule, no suffix rule.
  CHECK(normalize_name_odds("James Junior") == std::optional<std::string>("jamesjunior"));
  CHECK(normalize_name_odds("ＬｅＢｒｏｎ") == std::optional<std::string>(""));
  CHECK(normalize_name_odds("ılkan") == std::optional<std::string>("lkan"));
  CHECK(normalize_name_odds("Ömer Aşık") == std::optional<std::string>("omerask"));
  CHECK(normalize_name_odds("x²") == std::optional<std::string>("x"));
  CHECK(normalize_name_odds("İbrahim") == std::optional<std::string>("ibrahim"));  // lower() gives i + U+0307
}

TEST_CASE("text helpers: code points, normal forms, isspace, isalnum", "[names][text]") {
  using namespace nbaraw::text;
  CHECK(decode("Jokić") == U"Jokić");
  CHECK(encode(decode(std::string("a\xff" "b"))) == std::string("a\xff" "b"));  // a bad byte round-trips
  CHECK(normalize("é", NormalForm::NFD) == "e\u0301");
  CHECK(normalize("e\u0301", NormalForm::NFC) == "é");
  CHECK(normalize("ﬁ", NormalForm::NFKC) == "fi");
  CHECK(normalize("ﬁ", NormalForm::NFD) == "ﬁ");
  CHECK(is_space(U' '));
  CHECK(is_space(U'\u3000'));
  CHECK(is_space(U'\u00a0'));
  CHECK(is_space(U'\x1f'));
  CHECK_FALSE(is_space(U'\u200b'));  // ZERO WIDTH SPACE is not whitespace to Python
  CHECK(is_alnum(U'é'));
  CHECK(is_alnum(U'²'));
  CHECK(is_alnum(U'李'));
  CHECK_FALSE(is_alnum(U'_'));
  CHECK_FALSE(is_alnum(U'-'));
  CHECK(is_nonspacing_mark(U'\u0301'));
  CHECK_FALSE(is_nonspacing_mark(U'a'));
  CHECK(strip(U"\u3000 ab \t") == U"ab");
}
