#pragma once
// The Processor concept: what a source's processor declares and the two pure functions it provides.
#include <nbaraw/core/date.hpp>
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

/// Which of the listed files a backfill keeps.
enum class Selection {
  all_files,          ///< every matching file
  latest_per_day,     ///< the newest file under each date folder (core/recency.hpp)
  latest_per_folder,  ///< the newest file in each innermost folder (e.g. one per game)
};

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
  std::vector<std::string> prefixes;  ///< bucket prefixes; the plan lists "<prefix>/<YYYY-MM-DD>/"
  std::vector<std::string> suffixes{".json", ".json.gz"};  ///< file pattern: object names ending so
  Selection selection = Selection::all_files;
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
  std::optional<Date> folder_date;  ///< the YYYY-MM-DD folder in the name, if any
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
 * | `P::input_type`       | `boost::json::value` or `std::string_view` | parsed JSON, or the raw bytes (CSV, text) |
 * | `p.info()`            | `const ProcessorInfo&`      | same object for the processor's lifetime             |
 * | `p.validate(in)`      | `std::vector<std::string>`  | structural errors; empty when the file is acceptable |
 * | `p.transform(in, ctx)`| `TransformResult`           | rows in table columns (extra tables' rows in extra_rows, only for declared tables); never throws on bad records |
 *
 * `validate` and `transform` are pure: no I/O, no globals, no mutable state, so they are safe to call
 * from many threads at once on one instance. Optional: `p.summarize(counters)` returning
 * `std::vector<std::string>`, lines that interpret the run's quality counters.
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
