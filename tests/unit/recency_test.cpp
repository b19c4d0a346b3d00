#include <nbaraw/core/recency.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using nbaraw::ObjectInfo;
using nbaraw::recency_key;
using nbaraw::scrape_time_in_name;

TEST_CASE("scrape_time_in_name reads the first real YYYYMMDD_HHMMSS of the file name", "[recency]") {
  CHECK(scrape_time_in_name("ball-dont-lie/boxscores/2024-01-15/20240116_080000.json") == "20240116080000");
  CHECK(scrape_time_in_name("odds-api/player-props-history/2024-01-24/abc-ATLGSW/20250812_041000-snap-0410.json") ==
        "20250812041000");
  CHECK(scrape_time_in_name("x/20240116_080000.json.gz") == "20240116080000");
  CHECK(scrape_time_in_name("x/report_20240116_080000_v2.json") == "20240116080000");
  // Only the last path component counts: folders are dates of the data, not scrape times.
  CHECK(scrape_time_in_name("x/20240116_080000/a b c.json") == std::nullopt);
  CHECK(scrape_time_in_name("x/a b c.json") == std::nullopt);
  CHECK(scrape_time_in_name("x/20240116_0800.json") == std::nullopt);        // no seconds
  CHECK(scrape_time_in_name("x/20241316_080000.json") == std::nullopt);      // month 13
  CHECK(scrape_time_in_name("x/20230229_080000.json") == std::nullopt);      // not a leap year
  CHECK(scrape_time_in_name("x/20240116_246000.json") == std::nullopt);      // 24:60
  CHECK(scrape_time_in_name("x/920240116_080000.json") == std::nullopt);     // part of a longer number
  CHECK(scrape_time_in_name("x/20240116_0800001.json") == std::nullopt);
  CHECK(scrape_time_in_name("x/99999999_999999-20240229_235959.json") == "20240229235959");  // the first real one
}

TEST_CASE("creation_of_generation reads GCS generations and local size:mtime", "[recency]") {
  CHECK(nbaraw::creation_of_generation("1705392000123456") == 1705392000123456u);
  CHECK(nbaraw::creation_of_generation("4096:1705392000123456789") == 1705392000123456789u);
  CHECK(nbaraw::creation_of_generation("") == 0);
  CHECK(nbaraw::creation_of_generation("g") == 0);
  CHECK(nbaraw::creation_of_generation("99999999999999999999999") == 0);  // wider than 64 bits
}

TEST_CASE("recency: the scrape time in the name decides, names without one are older, then creation, then name",
          "[recency]") {
  // The probe's case: a name without a scrape time in an older date folder never replaces a scraped file.
  const ObjectInfo odd{"ball-dont-lie/boxscores/2024-01-15/a b c.json", 10, "999999999999999999"};
  const ObjectInfo scraped{"ball-dont-lie/boxscores/2024-01-16/20240116_080000.json", 10, "1"};
  CHECK(nbaraw::is_newer(scraped, odd));
  CHECK_FALSE(nbaraw::is_newer(odd, scraped));

  // A later scrape stored under an earlier folder is still newer.
  CHECK(recency_key("p/2024-01-01/20240102_090000.json", "1") > recency_key("p/2024-01-02/20240101_090000.json", "2"));
  // Same scrape time: the later creation wins (local mtime or GCS generation), whatever the names say.
  CHECK(recency_key("p/2024-01-01/20240101_090000-a.json", "10:200") > recency_key("p/2024-01-01/20240101_090000-b.json", "10:100"));
  // Among names without a scrape time: creation, then name.
  CHECK(recency_key("p/zzz.json", "5") < recency_key("p/aaa.json", "6"));
  CHECK(recency_key("p/aaa.json", "5") < recency_key("p/bbb.json", "5"));
  // Byte order is the order (so SQL can compare), creation numbers of every width included.
  std::vector<std::string> keys{recency_key("p/a.json", "9"), recency_key("p/a.json", "10"),
                                recency_key("p/a.json", "1705392000123456"), recency_key("p/a.json", "4096:1705392000123456789")};
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  // A strict order: nothing is newer than itself.
  CHECK_FALSE(nbaraw::is_newer(odd, odd));
}
