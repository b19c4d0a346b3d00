#pragma once
// --validate: the reference's checks of the driver's table (validation/validator.hpp) against the sink,
// over the run's dates, printed as a table (check | scope | result | detail) or, with --log-format json,
// as one JSON object on stdout.
#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/cli/options.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/log/logger.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/validation/validator.hpp>

#include <boost/json/object.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace nbaraw::cli {

/// Validates info's table in the sink of `options` over `dates`; prints the report on `out` and returns the
/// exit code: 0 when no check failed, 1 when one failed or a query could not run (logged as an ERROR).
NBARAW_DECL int validate(const Options& options, const ProcessorInfo& info, const std::vector<Date>& dates, Logger& logger,
                         const auth::Environment& env, std::ostream& out);

/// The report as text: a head line, the table, and a result line.
NBARAW_DECL std::string validation_text(const validation::Report& report);

/// The report as one JSON object (Cloud Logging fields, labels, and every check with its offenders).
NBARAW_DECL boost::json::object validation_json(const validation::Report& report, const RunIdentity& identity);

}  // namespace nbaraw::cli

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/validate_command.ipp>
#endif
