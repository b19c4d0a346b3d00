#pragma once
// The common runner every driver calls: parse the command line, open source and sink, run, report.
// The runner is compiled once in the library over AnyProcessor; run<P> only wraps the driver's processor.
#include <nbaraw/any_processor.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processor.hpp>

#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw::cli {

/// A processor that takes --team-filter: `p.set_team_filter(codes)` (throws std::invalid_argument on a bad code).
template <class P>
concept accepts_team_filter = requires(P& p, const std::vector<std::string>& codes) { p.set_team_filter(codes); };

/// How the runner gets the job's processor: as declared (for --help, --version, planning), and built for the
/// run once the sink's store (its lookups) and the flags are known.
struct ProcessorFactory {
  AnyProcessor declared;
  bool takes_team_filter = false;
  std::function<AnyProcessor(std::shared_ptr<Lookups> lookups, const std::vector<std::string>& team_filter)> build;
};

/// Runs one backfill with the process's arguments and environment; returns the exit code: 0 when every file
/// loaded, had no data or was loaded already; 1 when any file failed or the run could not start (so that
/// Cloud Run retries the task, and the retry resumes from the ledger); 2 for a usage error. With --report
/// FILE, the report is written at the end, whatever the exit code, except for usage errors found before the
/// run starts.
NBARAW_DECL int run(int argc, char** argv, const ProcessorFactory& processor);

/// run() for processor p. A processor constructible from std::shared_ptr<Lookups> is built with lookups
/// answered by the sink's store (SQLite or BigQuery; none for NDJSON); one that accepts_team_filter gets
/// --team-filter's codes.
template <Processor P>
int run(int argc, char** argv, const P& processor = P{}) {
  ProcessorFactory factory{AnyProcessor(processor), accepts_team_filter<P>,
                           [processor](std::shared_ptr<Lookups> lookups, const std::vector<std::string>& team_filter) {
                             if constexpr (std::constructible_from<P, std::shared_ptr<Lookups>>) {
                               P built(std::move(lookups));
                               if constexpr (accepts_team_filter<P>) built.set_team_filter(team_filter);
                               return AnyProcessor(std::move(built));
                             } else if constexpr (accepts_team_filter<P>) {
                               P configured(processor);
                               configured.set_team_filter(team_filter);
                               return AnyProcessor(std::move(configured));
                             } else {
                               return AnyProcessor(processor);
                             }
                           }};
  return run(argc, argv, factory);
}

}  // namespace nbaraw::cli

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/run.ipp>
#endif
