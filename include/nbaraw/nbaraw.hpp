#pragma once
// Everything: the concepts, the backfill, the embedded source and sinks, the processors, the runner.
#include <nbaraw/backfill.hpp>
#include <nbaraw/cli/run.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>
#include <nbaraw/processors/odds_api_props.hpp>
#include <nbaraw/sinks/bigquery_sink.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sources/gcs_source.hpp>
#include <nbaraw/sources/local_source.hpp>
