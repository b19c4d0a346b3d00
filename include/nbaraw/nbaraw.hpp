#pragma once
// Everything: the concepts, the backfill, the embedded source and sinks, the processors, the runner.
#include <nbaraw/backfill.hpp>
#include <nbaraw/cli/run.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sources/local_source.hpp>
