#pragma once
// The Processor concept: what a source's processor declares and the two pure functions it provides.
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/listing.hpp>
#include <nbaraw/core/row.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/validation/checks.hpp>

#include <boost/json/value.hpp>

#include <concepts>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// A further table a processor's files feed besides its main one (e.g. the referee file's replay-center
/// officials). Its rows are written in the same transaction as the main table's.
struct ExtraTable {
  TableSchema table;
  Strategy strategy;
  validation::TableChecks validation;  ///< what --validate checks in it besides the generic checks
};

/// Everything a processor declares about itself.
struct ProcessorInfo {
  std::string name;                   ///< job name, e.g. "bdl_injuries"
  std::string version;                ///< bump when rows change; the ledger re-runs files of other versions
  TableSchema table;                  ///< target table, nba_raw.<table>
  Strategy strategy;                  ///< how re-loaded and overlapping files are reconciled
  std::vector<std::string> prefixes;  ///< bucket prefixes; the plan lists their folders by `listing`
  ListingShape listing;               ///< how files sit under the prefixes (default: "<prefix>/<YYYY-MM-DD>/")
  std::vector<std::string> suffixes{".json", ".json.gz"};  ///< file pattern: object names ending so
  Selection selection = Selection::all_files;  ///< which listed files are kept (core/listing.hpp)
  std::optional<Date> default_start;  ///< first date when --start-date is absent
  /// Optional: a listed object for which this returns false is not selected (never read, never recorded as
  /// loaded), e.g. nbac_gamebook's --team-filter deciding by the game folder. Empty keeps every object.
  std::function<bool(std::string_view object_name)> keep_object;
  /// What --validate checks in the table besides the generic checks (validation/checks.hpp).
  validation::TableChecks validation;
  /// Tables the files feed besides `table`; each batch writes all of them and their ledgers, or none. The
  /// ledger of `table` decides which files are loaded.
  std::vector<ExtraTable> extra_tables{};
};

/// What a processor is told about the file it transforms.
struct FileContext {
  std::string object_name;          ///< the object's name in the bucket, no gs:// prefix
  std::optional<Date> folder_date;  ///< the date folder in the name (YYYY-MM-DD, or YYYYMMDD for compact dates), if any
  /// The season's start year: the season folder's (2024 for "2024-25"), else folder_date's by the listing's
  /// season rule; none when the name has neither.
  std::optional<int> season = std::nullopt;
};

/// A processor's output for one file.
struct TransformResult {
  Rows rows;                               ///< rows of info().table
  std::map<std::string, Rows> extra_rows;  ///< rows of info().extra_tables, by table name (TableSchema::table)
  std::size_t records_seen = 0;         ///< input records looked at
  std::vector<std::string> skipped;     ///< one reason per input record that gave no row
  std::vector<std::string> warnings;    ///< file-level remarks (unknown teams, low confidence, ...)
  QualityCounters counters;             ///< summed over the run and shown in the summary
  /// Why a file that gives no rows and rejects no record has none (a day without games, a preseason game):
  /// the reason of its no_data status. Empty: a generic one.
  std::string no_rows_reason;
};

/**
 * The Processor concept. A type P models it when, for `const P p`, `const typename P::input_type in`,
 * and `const FileContext ctx`:
 *
 * | expression            | type                        | requirement                                          |
 * |-----------------------|-----------------------------|------------------------------------------------------|
 * | `P::input_type`       | `boost::json::value` or `std::string_view` | the file parsed as JSON, or its raw bytes (gzip already decoded) for CSV or text |
 * | `p.info()`            | `const ProcessorInfo&`      | same object for the processor's lifetime             |
 * | `p.validate(in)`      | `std::vector<std::string>`  | structural errors; empty when the file is acceptable |
 * | `p.transform(in, ctx)`| `TransformResult`           | rows in table columns (extra tables' rows in extra_rows, only for declared tables); never throws on bad records |
 *
 * Optional members, each used when present (the runner in cli/run.hpp, the backfill):
 *
 * | expression                 | type                       | requirement                                      |
 * |----------------------------|----------------------------|--------------------------------------------------|
 * | `P(std::shared_ptr<Lookups> l)` | -                     | built for the run with look-ups the sink's store answers (SQLite, BigQuery; none for NDJSON); otherwise the processor given to run<P> runs |
 * | `p.set_team_filter(codes)` | `void`                     | takes --team-filter's NBA tricodes (`const std::vector<std::string>&`), throws std::invalid_argument on a bad code; without it the runner rejects --team-filter |
 * | `p.summarize(counters)`    | `std::vector<std::string>` | lines that interpret the run's QualityCounters, for the summary |
 *
 * Thread safety: one instance serves every worker thread, so `validate` and `transform` may be called from
 * many threads at once. Their only I/O is through the `Lookups` the processor was built with (which are
 * thread-safe); they read no globals, and any state they keep (a cache of look-up answers) is guarded.
 * Without look-ups they are pure: the same input and context give the same output.
 */
template <class P>
concept Processor =
    (std::same_as<typename P::input_type, boost::json::value> ||
     std::same_as<typename P::input_type, std::string_view>) &&
    requires(const P& p, const typename P::input_type& in, const FileContext& ctx) {
      { p.info() } -> std::same_as<const ProcessorInfo&>;
      { p.validate(in) } -> std::same_as<std::vector<std::string>>;
      { p.transform(in, ctx) } -> std::same_as<TransformResult>;
    };

template <class P>
concept SummarizingProcessor = Processor<P> && requires(const P& p, const QualityCounters& c) {
  { p.summarize(c) } -> std::same_as<std::vector<std::string>>;
};

}  // namespace nbaraw
