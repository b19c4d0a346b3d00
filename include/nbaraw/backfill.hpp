#pragma once
// Backfill<Processor, Source, Sink>: plan, fetch, decode, validate, transform, load, report.
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/listing.hpp>
#include <nbaraw/core/reporter.hpp>
#include <nbaraw/core/run_summary.hpp>
#include <nbaraw/core/shard.hpp>
#include <nbaraw/detail/bounded_queue.hpp>
#include <nbaraw/detail/ordered_pipeline.hpp>
#include <nbaraw/detail/json_parse.hpp>
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/sink.hpp>
#include <nbaraw/source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <variant>
#include <vector>

namespace nbaraw {

struct BackfillOptions {
  std::vector<Date> dates;          ///< the days to list, in order
  std::size_t limit = 0;            ///< at most this many files to process (0: no limit)
  unsigned max_workers = 4;         ///< files read and transformed at once
  bool dry_run = false;             ///< plan and report only; read and write nothing
  bool reprocess = false;           ///< process files the ledger says are loaded already
  std::size_t batch_files = 10'000;  ///< files per sink load: a cap; batches are sized by rows and bytes
  std::size_t batch_bytes = 16u << 20;  ///< input bytes per sink load
  std::size_t batch_rows = 5'000;       ///< rows per sink load: a row costs 2-8 KiB in memory, so this bounds memory
  unsigned max_loads = 2;               ///< batches uploading (staging) or waiting to commit at once
  std::size_t progress_every = 100;     ///< a progress report every N files (0: never)
  Shard shard;                          ///< this task's share of the selected files (core/shard.hpp)
  ReadLimits read_limits;               ///< size and gzip-ratio caps of every read (its deadline is set per read)
  std::chrono::milliseconds read_timeout = ReadLimits::default_timeout;  ///< each read ends within this
};

struct BackfillPlan {
  std::vector<ObjectInfo> to_process;
  std::vector<ObjectInfo> already_loaded;
  std::size_t files_in_plan = 0;   ///< selected files of every shard
  std::size_t files_in_shard = 0;  ///< of which this shard's (to_process and already_loaded come from these)
  std::vector<ListingFailure> failed_listings;  ///< this shard's prefixes that could not be listed
  std::vector<RefusedEntry> refused;            ///< this shard's entries the source would not list
};

/// Keeps the objects ending in one of the suffixes that info.keep_object (when set) accepts, and applies the
/// selection rule.
NBARAW_DECL std::vector<ObjectInfo> select_objects(std::vector<ObjectInfo> listed, const ProcessorInfo& info);

/// One file's result before loading, with its rows.
struct FileOutcome {
  FileResult result;
  Rows rows;
  std::vector<Rows> extra_rows;  ///< rows of the processor's extra_tables, in that order
  std::vector<std::string> remarks;
  std::uint64_t records_skipped = 0;
  QualityCounters counters;
};

/// Decodes, validates and transforms one object's bytes; never throws.
template <Processor P>
FileOutcome process_bytes(const P& processor, const ObjectInfo& object, std::string_view bytes) {
  FileOutcome out;
  out.result.object = object;
  out.result.bytes = bytes.size();
  auto fail = [&](FileStatus status, std::string reason) {
    out.result.status = status;
    out.result.reason = std::move(reason);
    out.rows.clear();
    out.extra_rows.clear();
    return std::move(out);
  };
  const ProcessorInfo& info = processor.info();
  try {
    const FolderInfo folders = folder_info(object.name, processor.info().listing);
    FileContext context{object.name, folders.date, folders.season};
    TransformResult transformed;
    if constexpr (std::same_as<typename P::input_type, boost::json::value>) {
      auto parsed = detail::parse_json_document(bytes);
      if (auto* failure = std::get_if<detail::JsonFailure>(&parsed)) return fail(FileStatus::json_error, failure->reason);
      const auto& document = std::get<boost::json::value>(parsed);
      if (auto errors = processor.validate(document); !errors.empty())
        return fail(FileStatus::validation_failed, fmt::format("{}", fmt::join(errors, "; ")));
      transformed = processor.transform(document, context);
    } else {
      if (auto errors = processor.validate(bytes); !errors.empty())
        return fail(FileStatus::validation_failed, fmt::format("{}", fmt::join(errors, "; ")));
      transformed = processor.transform(bytes, context);
    }
    // The extra tables' rows in info.extra_tables order; rows for a table it did not declare are the processor's bug.
    out.extra_rows.resize(info.extra_tables.size());
    for (auto& [table, rows] : transformed.extra_rows) {
      const std::string& name = table;  // clang before 16 cannot capture a structured binding
      auto extra = std::find_if(info.extra_tables.begin(), info.extra_tables.end(),
                                [&](const ExtraTable& t) { return t.table.table == name; });
      if (extra == info.extra_tables.end())
        return fail(FileStatus::error, fmt::format("processor failed: it gave rows for table {}, which it does not declare", table));
      out.extra_rows[std::size_t(extra - info.extra_tables.begin())] = std::move(rows);
    }
    // Every table's rows: the main table's (label "") and each extra table's (label "<table> ").
    auto for_each_table = [&](auto&& f) {
      f(transformed.rows, info.table, std::string());
      for (std::size_t t = 0; t < info.extra_tables.size(); ++t)
        f(out.extra_rows[t], info.extra_tables[t].table, info.extra_tables[t].table.table + " ");
    };
    // A number beyond a double's range reads as infinity and has no JSON form, so no sink can take it:
    // its row is a bad record, skipped with the reason, whatever the processor made of it.
    for_each_table([&](Rows& rows, const TableSchema&, const std::string& label) {
      std::size_t kept = 0;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (auto problem = non_finite_problem(rows[i])) {
          transformed.skipped.push_back(fmt::format("{}row {}: {}", label, i, *problem));
        } else {
          if (kept != i) rows[kept] = std::move(rows[i]);
          ++kept;
        }
      }
      rows.erase(rows.begin() + std::ptrdiff_t(kept), rows.end());
    });
    out.remarks = std::move(transformed.warnings);
    out.records_skipped = transformed.skipped.size();
    out.counters = std::move(transformed.counters);
    std::optional<std::string> bad_row;
    for_each_table([&](Rows& rows, const TableSchema& schema, const std::string& label) {
      for (std::size_t i = 0; i < rows.size() && !bad_row; ++i)
        if (auto problem = row_problem(schema, rows[i])) bad_row = fmt::format("{}row {}: {}", label, i, *problem);
    });
    if (bad_row) return fail(FileStatus::validation_failed, std::move(*bad_row));
    // A few skipped records by name; the rest only as a count, so a bad file cannot flood the log.
    constexpr std::size_t shown = 5;
    for (std::size_t i = 0; i < transformed.skipped.size() && i < shown; ++i)
      out.remarks.push_back("record skipped: " + transformed.skipped[i]);
    if (transformed.skipped.size() > shown)
      out.remarks.push_back(fmt::format("{} more records skipped", transformed.skipped.size() - shown));
    out.rows = std::move(transformed.rows);
    const bool extra_rows = std::any_of(out.extra_rows.begin(), out.extra_rows.end(), [](const Rows& r) { return !r.empty(); });
    if (!out.rows.empty() || extra_rows) {
      out.result.status = FileStatus::success;
    } else if (transformed.records_seen > 0 && transformed.skipped.size() >= transformed.records_seen) {
      return fail(FileStatus::validation_failed,
                  fmt::format("all {} records were rejected; first: {}", transformed.records_seen,
                              transformed.skipped.empty() ? "" : transformed.skipped.front()));
    } else {
      out.result.status = FileStatus::no_data;
      out.result.reason = !transformed.no_rows_reason.empty() ? std::move(transformed.no_rows_reason)
                          : transformed.records_seen == 0      ? "the file holds no records"
                                                               : "no record gave a row";
    }
  } catch (const std::exception& e) {
    return fail(FileStatus::error, fmt::format("processor failed: {}", e.what()));
  }
  return out;
}

/// What a backfill needs of its processor: its declarations, and process_bytes for one object (the template
/// above for a Processor; AnyProcessor has its own).
template <class P>
concept BackfillProcessor = requires(const P& p, const ObjectInfo& object, std::string_view bytes) {
  { p.info() } -> std::same_as<const ProcessorInfo&>;
  { process_bytes(p, object, bytes) } -> std::same_as<FileOutcome>;
};

namespace detail {
/// What a sink's stage() gives its commit: its Staged, or nothing for a sink that loads in one step.
template <class K>
struct StagedOf {
  using type = std::monostate;
};
template <StagingSink K>
struct StagedOf<K> {
  using type = typename K::Staged;
};
}  // namespace detail

template <BackfillProcessor P, Source S, Sink K>
class Backfill {
 public:
  Backfill(const P& processor, S& source, K& sink, BackfillOptions options, Reporter& reporter)
      : processor_(processor), source_(source), sink_(sink), options_(std::move(options)), reporter_(reporter) {}

  /// The folders the plan lists: the processor's prefixes laid out by its listing shape, for the dates.
  std::vector<ListingFolder> folders() const {
    return listing_folders(processor_.info().listing, processor_.info().prefixes, options_.dates);
  }

  /// Lists the folders of the dates (by the processor's listing shape), selects the processor's files, keeps
  /// this shard's share of them, and splits that into to-process (at most --limit) and already-loaded. A
  /// folder that cannot be listed (after the source's retries) costs its unit (day, season) only: it is in
  /// failed_listings, and every other unit is planned. When no folder could be listed at all (no
  /// credentials, no bucket), the first failure is thrown.
  BackfillPlan plan() {
    const ProcessorInfo& info = processor_.info();
    // One listing per folder, up to max_workers at once (each may be several pages).
    const std::vector<ListingFolder> folders = this->folders();
    std::vector<Listing> listed(folders.size());
    std::vector<std::exception_ptr> failures(folders.size());
    {
      std::atomic<std::size_t> next{0};
      std::vector<std::jthread> listers;
      const std::size_t n = std::min<std::size_t>(std::max(1u, options_.max_workers), folders.size());
      for (std::size_t w = 0; w < n; ++w)
        listers.emplace_back([&] {
          for (std::size_t i; (i = next.fetch_add(1)) < folders.size();) try {
              listed[i] = source_.list(folders[i].path);
              listed[i].objects = select_objects(std::move(listed[i].objects), info);
            } catch (...) {
              failures[i] = std::current_exception();
            }
        });
      listers.clear();  // joins
    }
    // Prefixes tried in order: per unit, the first folder holding selected files is used, and the later
    // ones are as if never listed. A failed folder before it leaves the unit failed rather than guessed.
    std::vector<bool> used(folders.size(), true);
    if (info.listing.first_prefix_with_files) {
      std::set<std::string> decided;
      for (std::size_t i = 0; i < folders.size(); ++i) {
        if (decided.contains(folders[i].unit))
          used[i] = false;
        else if (failures[i] || !listed[i].objects.empty())
          decided.insert(folders[i].unit);
      }
    }
    BackfillPlan plan;
    // A unit (day, season) belongs to the task it is sharded to, so one task reports it.
    auto mine = [&](std::string_view unit) { return fnv1a_64(unit) % options_.shard.count == options_.shard.index; };
    const std::size_t failed = std::size_t(std::count_if(failures.begin(), failures.end(), [](const auto& f) { return bool(f); }));
    for (std::size_t i = 0; i < folders.size(); ++i) {
      if (!used[i]) {
        listed[i] = {};
        continue;
      }
      if (failures[i]) {
        try {
          std::rethrow_exception(failures[i]);
        } catch (const UnsafePath&) {
          throw;  // not a day's trouble: the run is misconfigured
        } catch (const std::exception& e) {
          if (failed == folders.size()) throw;
          if (mine(folders[i].unit)) plan.failed_listings.push_back({folders[i].path, e.what()});
        }
      }
      for (auto& entry : listed[i].refused)
        if (mine(folder_info(entry.name, info.listing).unit)) plan.refused.push_back(std::move(entry));
    }
    std::vector<ObjectInfo> selected;
    for (auto& listing : listed)
      selected.insert(selected.end(), std::make_move_iterator(listing.objects.begin()),
                      std::make_move_iterator(listing.objects.end()));
    std::sort(selected.begin(), selected.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    selected.erase(std::unique(selected.begin(), selected.end(), [](const auto& a, const auto& b) { return a.name == b.name; }),
                   selected.end());

    // The shard is taken from the whole selection (so the selection rules saw every file), before the
    // ledger and --limit (so the shares together are the plan, and the limit counts this task's files).
    plan.files_in_plan = selected.size();
    selected = take_shard(std::move(selected), options_.shard, info.listing);
    plan.files_in_shard = selected.size();
    Ledger ledger = sink_.ledger(target());
    for (auto& object : selected) {
      auto it = ledger.find(object.name);
      bool loaded = it != ledger.end() && it->second.generation == object.generation &&
                    it->second.processor_version == info.version;
      if (loaded && !options_.reprocess)
        plan.already_loaded.push_back(std::move(object));
      else if (!options_.limit || plan.to_process.size() < options_.limit)
        plan.to_process.push_back(std::move(object));
    }
    return plan;
  }

  RunSummary run() {
    const auto started = std::chrono::steady_clock::now();
    const ProcessorInfo& info = processor_.info();
    RunSummary summary;
    summary.processor = info.name;
    summary.table = info.table.qualified_name();
    summary.source = source_.describe();
    summary.sink = sink_.describe();
    summary.dry_run = options_.dry_run;
    for (const LoadTarget& t : targets()) summary.rows_by_table[t.schema.qualified_name()] = 0;

    if (options_.dry_run) reporter_.would_list(info.listing, folders());
    BackfillPlan plan = this->plan();
    summary.shard = options_.shard;
    summary.files_in_plan = plan.files_in_plan;
    summary.files_in_shard = plan.files_in_shard;
    for (const auto& entry : plan.refused) reporter_.entry_refused(entry);
    summary.refused_entries = plan.refused.size();
    for (const auto& failure : plan.failed_listings) reporter_.listing_failed(failure);
    summary.failed_listings = std::move(plan.failed_listings);
    if (options_.shard.sharded()) reporter_.sharded(options_.shard, plan.files_in_shard, plan.files_in_plan);
    reporter_.planned(plan.to_process.size(), plan.already_loaded.size());
    for (const auto& object : plan.already_loaded) {
      FileResult skipped{object, FileStatus::skipped, "already loaded at this generation by this processor version"};
      if (options_.dry_run)
        reporter_.would_process(object, false);
      else
        reporter_.file_done(skipped, {});
      summary.record(skipped);
    }
    if (options_.dry_run) {
      for (const auto& object : plan.to_process) reporter_.would_process(object, true);
    } else if (!plan.to_process.empty()) {
      for (const LoadTarget& t : targets()) sink_.prepare(t);
      process_all(plan.to_process, summary, plan.to_process.size() + plan.already_loaded.size());
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if constexpr (requires { processor_.summarize(summary.counters); })
      summary.quality = processor_.summarize(summary.counters);
    if constexpr (requires { source_.retries(); }) summary.retries += source_.retries();
    if constexpr (requires { sink_.retries(); }) summary.retries += sink_.retries();
    reporter_.progress(summary, plan.to_process.size() + plan.already_loaded.size());
    return summary;
  }

 private:
  /// The main table's: its ledger decides which files are loaded.
  LoadTarget target() const { return targets().front(); }
  /// Every table a batch writes: the main table, then the extra tables.
  std::vector<LoadTarget> targets() const {
    const ProcessorInfo& info = processor_.info();
    std::vector<LoadTarget> out{{info.table, info.strategy, info.version}};
    for (const ExtraTable& extra : info.extra_tables) out.push_back({extra.table, extra.strategy, info.version});
    return out;
  }

  /// A downloaded object, or why it could not be read.
  struct Fetched {
    ObjectInfo object;
    std::string bytes;
    std::optional<FileResult> failure;
    std::chrono::steady_clock::time_point started;
  };

  Fetched fetch(const ObjectInfo& object) {
    Fetched out{object, {}, std::nullopt, std::chrono::steady_clock::now()};
    try {
      ReadLimits limits = options_.read_limits;
      limits.deadline = out.started + options_.read_timeout;
      out.bytes = source_.read(object, limits);
    } catch (const ObjectNotFound& e) {
      out.failure = FileResult{object, FileStatus::not_found, e.what()};
    } catch (const ReadLimitExceeded& e) {
      out.failure = FileResult{object, FileStatus::error, e.what()};
    } catch (const DecompressError& e) {
      out.failure = FileResult{object, FileStatus::error, e.what()};
    } catch (const std::exception& e) {
      out.failure = FileResult{object, FileStatus::error, fmt::format("read failed: {}", e.what())};
    }
    return out;
  }

  FileOutcome transform(Fetched fetched) {
    FileOutcome out;
    if (fetched.failure)
      out.result = std::move(*fetched.failure);
    else
      out = process_bytes(processor_, fetched.object, fetched.bytes);
    out.result.duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - fetched.started);
    return out;
  }

  /// Downloads overlap up to max_workers; parsing and transforming run on at most one thread per core;
  /// the queues between the stages are bounded, so memory follows the concurrency, not the file count.
  void process_all(const std::vector<ObjectInfo>& files, RunSummary& summary, std::size_t planned_total) {
    const unsigned fetchers = std::max(1u, std::min<unsigned>(options_.max_workers, unsigned(files.size())));
    const unsigned transformers = std::max(1u, std::min({std::thread::hardware_concurrency(), fetchers}));
    detail::BoundedQueue<Fetched> fetched(fetchers);
    detail::BoundedQueue<FileOutcome> finished(std::size_t(transformers) * 2);
    std::atomic<std::size_t> next{0};
    std::atomic<unsigned> fetching{fetchers}, transforming{transformers};
    std::vector<std::jthread> threads;
    for (unsigned w = 0; w < fetchers; ++w)
      threads.emplace_back([&] {
        for (std::size_t i; (i = next.fetch_add(1)) < files.size();) fetched.push(fetch(files[i]));
        if (fetching.fetch_sub(1) == 1) fetched.close();
      });
    for (unsigned w = 0; w < transformers; ++w)
      threads.emplace_back([&] {
        while (auto item = fetched.pop()) finished.push(transform(std::move(*item)));
        if (transforming.fetch_sub(1) == 1) finished.close();
      });

    // Full batches are loaded while the next ones are fetched: up to max_loads at once are staged (a
    // StagingSink uploads them in parallel), and they are applied one at a time in the order they were formed.
    std::mutex report_mutex;  // finish() and the summary: the committing thread and this one both report
    using Staged = typename detail::StagedOf<K>::type;
    detail::OrderedPipeline<std::unique_ptr<Batch>, Staged> loads(
        options_.max_loads,
        [&](std::unique_ptr<Batch>& batch) -> Staged {
          if constexpr (StagingSink<K>)
            return sink_.stage(std::span<const TableLoad>(batch->loads));
          else
            return {};
        },
        [&](std::unique_ptr<Batch>& batch, std::future<Staged>& staged) {
          std::optional<std::string> load_error;
          FileStatus load_status = FileStatus::error;
          try {
            if constexpr (StagingSink<K>)
              sink_.commit(std::span<const TableLoad>(batch->loads), staged.get());
            else
              sink_.load(std::span<const TableLoad>(batch->loads));
          } catch (const SinkError& e) {
            load_error = e.what();
            load_status = e.status;
          } catch (const std::exception& e) {
            load_error = e.what();
          }
          std::lock_guard lock(report_mutex);
          if (!load_error) ++summary.load_batches;
          record_batch(*batch, load_error, load_status, summary, planned_total);
        });

    std::unique_ptr<Batch> pending;
    std::size_t pending_bytes = 0, pending_rows = 0;
    auto flush = [&] {
      if (!pending) return;
      // One list of the batch's files per table, each file with its rows for that table; one load for all.
      const std::vector<LoadTarget> tables = targets();
      pending->tables.resize(tables.size());
      for (auto& o : pending->outcomes) {
        pending->tables[0].push_back({o.result.object, std::move(o.rows)});
        for (std::size_t t = 1; t < tables.size(); ++t)
          pending->tables[t].push_back({o.result.object, t - 1 < o.extra_rows.size() ? std::move(o.extra_rows[t - 1]) : Rows{}});
      }
      for (std::size_t t = 0; t < tables.size(); ++t) pending->loads.push_back({tables[t], pending->tables[t]});
      loads.submit(std::move(pending));
      pending.reset();
      pending_bytes = 0;
      pending_rows = 0;
    };

    while (auto outcome = finished.pop()) {
      if (outcome->result.status == FileStatus::success || outcome->result.status == FileStatus::no_data) {
        pending_bytes += outcome->result.bytes;
        pending_rows += outcome->rows.size();
        for (const Rows& extra : outcome->extra_rows) pending_rows += extra.size();
        if (!pending) pending = std::make_unique<Batch>();
        pending->outcomes.push_back(std::move(*outcome));
        if (pending->outcomes.size() >= options_.batch_files || pending_bytes >= options_.batch_bytes ||
            pending_rows >= options_.batch_rows)
          flush();
      } else {
        std::lock_guard lock(report_mutex);
        summary.records_skipped += outcome->records_skipped;
        finish(*outcome, summary, planned_total);
      }
    }
    flush();
    loads.finish();
  }

  /// A batch on its way to the sink: its files, and per table their rows (which `loads` points into).
  struct Batch {
    std::vector<FileOutcome> outcomes;
    std::vector<std::vector<LoadFile>> tables;
    std::vector<TableLoad> loads;
  };

  /// Every file of a loaded (or failed) batch gets its status; the caller holds the report lock.
  void record_batch(Batch& batch, const std::optional<std::string>& load_error, FileStatus load_status,
                    RunSummary& summary, std::size_t planned_total) {
    for (std::size_t i = 0; i < batch.outcomes.size(); ++i) {
      FileOutcome& o = batch.outcomes[i];
      if (load_error) {
        o.result.status = load_status;
        o.result.reason = fmt::format("load failed: {}", *load_error);
      } else {
        o.result.rows = 0;
        for (const TableLoad& t : batch.loads) {
          o.result.rows += t.files[i].rows.size();
          summary.rows_by_table[t.target.schema.qualified_name()] += t.files[i].rows.size();
        }
        merge_counters(summary.counters, o.counters);
        summary.records_skipped += o.records_skipped;
      }
      finish(o, summary, planned_total);
    }
  }

  void finish(const FileOutcome& o, RunSummary& summary, std::size_t planned_total) {
    summary.record(o.result);
    reporter_.file_done(o.result, o.remarks);
    if (options_.progress_every && summary.files() % options_.progress_every == 0)
      reporter_.progress(summary, planned_total);
  }

  const P& processor_;
  S& source_;
  K& sink_;
  BackfillOptions options_;
  Reporter& reporter_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/backfill.ipp>
#endif
