#pragma once
// BDL injuries (`ball-dont-lie/injuries/<date>/<YYYYMMDD_HHMMSS>.json`) → nba_raw.bdl_injuries.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/processor.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::processors {

/// The league's injury list as the BDL scraper stores it: `{ident, timestamp, rowCount, injuries[]}`.
/// Strategy append_always: every scrape is kept; re-loading a file replaces that file's rows.
class BdlInjuries {
 public:
  using input_type = boost::json::value;

  NBARAW_DECL const ProcessorInfo& info() const;
  NBARAW_DECL std::vector<std::string> validate(const boost::json::value& document) const;
  NBARAW_DECL TransformResult transform(const boost::json::value& document, const FileContext& context) const;
  NBARAW_DECL std::vector<std::string> summarize(const QualityCounters& counters) const;

  // The rules, exposed for tests and for other processors that need the same ones.
  struct ReturnDate {
    std::optional<Date> date;
    bool parsed = false;
    double confidence = 0;
  };
  /// "Oct 1" → the date in the season of scrape_date; "TBD" and friends 0.8; unparseable 0.3; bad day 0.2.
  NBARAW_DECL static ReturnDate parse_return_date(std::string_view text, const Date& scrape_date);
  /// injury / rest / personal / suspension / g_league / other, by substring tests in the reference's order.
  NBARAW_DECL static std::string_view reason_category(std::string_view description);
  /// "Day-To-Day" → "day_to_day", "" → "unknown", other values lower-cased with '_' for spaces and '-'.
  NBARAW_DECL static std::string normalize_status(std::string_view status);
  /// BDL team id 1..30 → tricode, else nullopt (stored as "UNK").
  NBARAW_DECL static std::optional<std::string_view> team_abbr(std::int64_t bdl_team_id);
  /// The first "YYYYMMDD_HHMMSS.json" in the path as "YYYY-MM-DDTHH:MM:SS" with its date.
  struct ScrapeTime {
    Date date;
    std::string timestamp;
  };
  NBARAW_DECL static std::optional<ScrapeTime> scrape_time_from_path(std::string_view path);
};

static_assert(SummarizingProcessor<BdlInjuries>);

}  // namespace nbaraw::processors

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/processors/impl/bdl_injuries.ipp>
#endif
