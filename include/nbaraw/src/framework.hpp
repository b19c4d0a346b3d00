#pragma once
// The framework's non-template code (concepts, backfill, local source, SQLite and NDJSON sinks, validation,
// logging, the command line), compiled once by src/framework.cpp or <nbaraw/src.hpp>.
#ifndef NBARAW_SEPARATE_COMPILATION
#error "Define NBARAW_SEPARATE_COMPILATION to use <nbaraw/src/framework.hpp>"
#endif
#include <nbaraw/impl/backfill.ipp>
#include <nbaraw/impl/date.ipp>
#include <nbaraw/impl/gzip.ipp>
#include <nbaraw/impl/json_parse.ipp>
#include <nbaraw/impl/listing.ipp>
#include <nbaraw/impl/load_plan.ipp>
#include <nbaraw/impl/local_source.ipp>
#include <nbaraw/impl/logger.ipp>
#include <nbaraw/impl/ndjson_sink.ipp>
#include <nbaraw/impl/options.ipp>
#include <nbaraw/impl/recency.ipp>
#include <nbaraw/impl/report.ipp>
#include <nbaraw/impl/run.ipp>
#include <nbaraw/impl/shard.ipp>
#include <nbaraw/impl/source.ipp>
#include <nbaraw/impl/sqlite.ipp>
#include <nbaraw/impl/sqlite_lookups.ipp>
#include <nbaraw/impl/sqlite_sink.ipp>
#include <nbaraw/impl/sqlite_validation.ipp>
#include <nbaraw/impl/table_schema.ipp>
#include <nbaraw/impl/timestamp.ipp>
#include <nbaraw/impl/validate_command.ipp>
#include <nbaraw/impl/validation.ipp>
