// Writes a synthetic bucket folder of BDL injury scrapes: the demo's data and the benchmarks' input.
// Deterministic for a given seed, so runs can be compared.
#include <nbaraw/cli/options.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/detail/gzip.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

namespace {

struct Settings {
  std::filesystem::path folder;
  nbaraw::Date start{2025, 1, 10};
  std::size_t days = 3;
  std::size_t files_per_day = 2;
  std::size_t injuries_per_file = 40;
  double gzip_share = 0.25;
  unsigned seed = 7;
};

constexpr std::array first_names{"Jalen", "Luka", "Nikola", "Dāvis", "José", "Shai", "Tyrese", "De'Aaron", "Karl-Anthony", "Jaylen",
                                 "Bogdan", "Alperen", "Jusuf", "Dennis", "O.G.", "Kristaps"};
constexpr std::array last_names{"Brown", "Dončić", "Jokić", "Bertāns", "Alvarado", "Gilgeous-Alexander", "Haliburton", "Fox",
                                "Towns", "Williams Jr.", "Bogdanović", "Şengün", "Nurkić", "Schröder", "Anunoby", "Porziņģis"};
constexpr std::array statuses{"Out", "Day-To-Day", "Questionable", "Doubtful", "Probable"};
constexpr std::array return_dates{"Oct 1", "Jan 20", "Feb 1", "Mar 15", "TBD", "Apr 2", "", "Nov 12"};
constexpr std::array descriptions{
    "{0}: {1} (ankle) will not play Wednesday against the Suns.",
    "{0}: {1} is dealing with a left hamstring strain and is listed as day-to-day.",
    "{0}: {1} will rest Friday as part of load management.",
    "{0}: {1} is away from the team for personal reasons.",
    "{0}: {1} has been assigned to the G League.",
    "{0}: {1} underwent knee surgery and will miss the rest of the season.",
    "{0}: {1} (illness) is questionable.",
    "Out",
};

Settings parse(int argc, char** argv) {
  Settings s;
  if (argc < 2 || std::string_view(argv[1]).rfind("-", 0) == 0)
    throw nbaraw::cli::UsageError("usage: make_demo_bucket FOLDER [--start YYYY-MM-DD] [--days N] [--files-per-day N] "
                                  "[--injuries-per-file N] [--gzip-share 0..1] [--seed N]");
  s.folder = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i], value = argv[i + 1];
    auto count = [&] { return std::size_t(std::stoull(std::string(value))); };
    if (flag == "--start") {
      auto d = nbaraw::parse_iso_date(value);
      if (!d) throw nbaraw::cli::UsageError(fmt::format("--start '{}' is not a date", value));
      s.start = *d;
    } else if (flag == "--days") s.days = count();
    else if (flag == "--files-per-day") s.files_per_day = count();
    else if (flag == "--injuries-per-file") s.injuries_per_file = count();
    else if (flag == "--gzip-share") s.gzip_share = std::stod(std::string(value));
    else if (flag == "--seed") s.seed = unsigned(count());
    else throw nbaraw::cli::UsageError(fmt::format("unknown flag '{}'", flag));
  }
  if ((argc - 2) % 2) throw nbaraw::cli::UsageError(fmt::format("{} needs a value", argv[argc - 1]));
  return s;
}

template <class Array>
auto pick(std::mt19937& rng, const Array& a) {
  return a[std::uniform_int_distribution<std::size_t>(0, a.size() - 1)(rng)];
}

boost::json::object injury(std::mt19937& rng, const nbaraw::Date& day) {
  std::string first = pick(rng, first_names), last = pick(rng, last_names);
  int team = std::uniform_int_distribution<int>(1, 30)(rng);
  static constexpr std::array months{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string when = fmt::format("{} {}", months[day.month - 1], day.day);
  return {
      {"player",
       {{"id", std::uniform_int_distribution<std::int64_t>(1, 60000000)(rng)},
        {"first_name", first},
        {"last_name", last},
        {"position", "G"},
        {"team_id", team}}},
      {"return_date", pick(rng, return_dates)},
      {"description", fmt::format(fmt::runtime(pick(rng, descriptions)), when, last)},
      {"status", pick(rng, statuses)},
  };
}

}  // namespace

int main(int argc, char** argv) try {
  const Settings s = parse(argc, argv);
  std::mt19937 rng(s.seed);
  std::bernoulli_distribution gzipped(s.gzip_share);
  std::size_t files = 0, bytes = 0;
  nbaraw::Date day = s.start;
  for (std::size_t d = 0; d < s.days; ++d, day = day.next()) {
    for (std::size_t f = 0; f < s.files_per_day; ++f) {
      const int hour = int(6 + f * 24 / std::max<std::size_t>(s.files_per_day, 1) % 18);
      const std::string stamp = fmt::format("{}_{:02d}{:02d}{:02d}", day.compact(), hour % 24, int(f % 60), 0);
      boost::json::array injuries;
      for (std::size_t i = 0; i < s.injuries_per_file; ++i) injuries.push_back(injury(rng, day));
      boost::json::object doc{{"ident", "league"},
                              {"timestamp", fmt::format("{}T{:02d}:{:02d}:00+00:00", day.iso(), hour % 24, int(f % 60))},
                              {"rowCount", injuries.size()},
                              {"injuries", std::move(injuries)}};
      std::string text = boost::json::serialize(doc);
      if (gzipped(rng)) text = nbaraw::gzip(text);  // stored compressed, same name, as gzip-encoded objects are
      auto path = s.folder / "ball-dont-lie" / "injuries" / day.iso() / (stamp + ".json");
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary).write(text.data(), std::streamsize(text.size()));
      ++files;
      bytes += text.size();
    }
  }
  std::cout << fmt::format("wrote {} files ({} bytes) for {} days from {} under {}\n", files, bytes, s.days,
                           s.start.iso(), s.folder.string());
  return 0;
} catch (const nbaraw::cli::UsageError& e) {
  std::cerr << e.what() << '\n';
  return 2;
} catch (const std::exception& e) {
  std::cerr << "make_demo_bucket: " << e.what() << '\n';
  return 1;
}
