#!/usr/bin/env bash
# Command 1: install the dependencies, build, make the demo bucket, back it up into nba_raw.db, show it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target bdl_injuries_backfill make_demo_bucket
rm -rf demo-bucket
./build/bin/make_demo_bucket demo-bucket --start 2025-01-10 --days 3 --files-per-day 2 --injuries-per-file 40
echo "== backfill: ball-dont-lie/injuries 2025-01-10..2025-01-12 from demo-bucket into nba_raw.db"
./build/bin/bdl_injuries_backfill --source demo-bucket --start-date 2025-01-10 --end-date 2025-01-12 --sink sqlite:nba_raw.db --log-format text
echo "== run it again: every file is already in the ledger, nothing is duplicated"
./build/bin/bdl_injuries_backfill --source demo-bucket --start-date 2025-01-10 --end-date 2025-01-12 --sink sqlite:nba_raw.db --log-format text
echo "== query: rows in the table (no duplicates after the second run) and per scrape date and status"
sqlite3 nba_raw.db "SELECT COUNT(*) || ' rows from ' || COUNT(DISTINCT source_file_path) || ' files' FROM bdl_injuries;"
sqlite3 -header -column nba_raw.db \
  "SELECT scrape_date, injury_status_normalized AS status, COUNT(*) AS n_rows, ROUND(AVG(parsing_confidence), 3) AS avg_confidence
     FROM bdl_injuries GROUP BY 1, 2 ORDER BY 1, 2;"
