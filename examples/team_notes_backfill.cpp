// How to add a processor and its driver: a toy source, "team notes", from
// `demo/team-notes/<date>/<ts>.json` = {"notes": [{"team": "BOS", "note": "..."}]} into nba_raw.team_notes.
//
//   team_notes_backfill --source DIR [flags]   runs it like any driver (the common command line);
//   team_notes_backfill --self-test            writes a tiny bucket, runs it twice, checks the rows.
#include <nbaraw/nbaraw.hpp>

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace example {

class TeamNotes {
 public:
  using input_type = boost::json::value;  // parsed JSON; std::string_view would hand over the raw bytes

  const nbaraw::ProcessorInfo& info() const {
    static const nbaraw::ProcessorInfo info = [] {
      nbaraw::ProcessorInfo i;
      i.name = "team_notes";
      i.version = "1";
      i.table.table = "team_notes";
      i.table.columns = {{"note_date", nbaraw::ColumnType::DATE, nbaraw::ColumnMode::REQUIRED},
                         {"team_abbr", nbaraw::ColumnType::STRING, nbaraw::ColumnMode::REQUIRED},
                         {"note", nbaraw::ColumnType::STRING},
                         {"source_file_path", nbaraw::ColumnType::STRING, nbaraw::ColumnMode::REQUIRED}};
      i.table.partitioning = {nbaraw::Partitioning::Kind::day, "note_date"};
      i.strategy = {nbaraw::StrategyKind::merge_update, {"note_date", "team_abbr"}};  // newest file wins per team/day
      i.prefixes = {"demo/team-notes"};
      return i;
    }();
    return info;
  }

  std::vector<std::string> validate(const boost::json::value& doc) const {
    if (!doc.is_object() || !doc.get_object().contains("notes") || !doc.at("notes").is_array())
      return {"expected an object with a 'notes' list"};
    return {};
  }

  nbaraw::TransformResult transform(const boost::json::value& doc, const nbaraw::FileContext& ctx) const {
    nbaraw::TransformResult out;
    const auto& notes = doc.at("notes").get_array();
    out.records_seen = notes.size();
    for (std::size_t i = 0; i < notes.size(); ++i) {
      const auto* note = notes[i].if_object();
      const auto* team = note ? note->if_contains("team") : nullptr;
      if (!team || !team->is_string() || !ctx.folder_date) {
        out.skipped.push_back(fmt::format("note {}: no team", i));
        continue;
      }
      const auto* text = note->if_contains("note");
      out.rows.push_back({{"note_date", ctx.folder_date->iso()},
                          {"team_abbr", team->get_string()},
                          {"note", text ? *text : boost::json::value()},
                          {"source_file_path", ctx.object_name}});
    }
    return out;
  }
};

static_assert(nbaraw::Processor<TeamNotes>);

int self_test() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("nbaraw-example-{}", ::getpid());
  fs::remove_all(dir);
  auto write = [&](const std::string& rel, const std::string& text) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  };
  write("bucket/demo/team-notes/2025-01-10/20250110_080000.json", R"({"notes":[{"team":"BOS","note":"early"},{"team":"LAL","note":"x"}]})");
  write("bucket/demo/team-notes/2025-01-10/20250110_200000.json", R"({"notes":[{"team":"BOS","note":"late"}]})");

  TeamNotes processor;
  nbaraw::LocalSource source(dir / "bucket");
  nbaraw::SqliteSink sink((dir / "notes.db").string());
  nbaraw::Reporter quiet;
  nbaraw::BackfillOptions options;
  options.dates = {nbaraw::Date{2025, 1, 10}};
  nbaraw::Backfill backfill(processor, source, sink, options, quiet);
  auto first = backfill.run();
  options.reprocess = true;
  auto second = nbaraw::Backfill(processor, source, sink, options, quiet).run();

  nbaraw::detail::SqliteDatabase db((dir / "notes.db").string(), true);
  nbaraw::detail::SqliteStatement query(db.handle(), "SELECT team_abbr, note FROM team_notes ORDER BY team_abbr");
  std::string rows;
  while (query.step()) rows += query.text(0) + "=" + query.text(1) + ";";
  fs::remove_all(dir);
  const bool ok = first.exit_code() == 0 && second.exit_code() == 0 && rows == "BOS=late;LAL=x;";
  std::cout << (ok ? "example self-test passed: " : "example self-test FAILED: ") << rows << '\n';
  return ok ? 0 : 1;
}

}  // namespace example

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--self-test") == 0) return example::self_test();
  return nbaraw::cli::run<example::TeamNotes>(argc, argv);
}
