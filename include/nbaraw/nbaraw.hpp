#pragma once
// The framework: the concepts, the backfill, the embedded source and sinks, the runner. The processors are
// apart: <nbaraw/processors/<job>.hpp> for one, <nbaraw/processors.hpp> for all of them.
#include <nbaraw/backfill.hpp>
#include <nbaraw/cli/run.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/sinks/bigquery_sink.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sources/gcs_source.hpp>
#include <nbaraw/sources/local_source.hpp>
