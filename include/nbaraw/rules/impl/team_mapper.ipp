#pragma once
#include <nbaraw/rules/names.hpp>
#include <nbaraw/rules/team_mapper.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>

namespace nbaraw {

NBARAW_DECL const std::vector<NbaTeam>& nba_teams() {
  // The reference's list, in its order (Atlantic, Central, Southeast, Northwest, Pacific, Southwest).
  static const std::vector<NbaTeam> teams{
      {"BOS", "BOS", "BOS", "Boston Celtics", "Boston", "Celtics", {"celtics", "boston celtics", "bos celtics"}},
      {"BKN", "BRK", "BKN", "Brooklyn Nets", "Brooklyn", "Nets", {"nets", "brooklyn nets", "bkn nets", "brk nets"}},
      {"NYK", "NYK", "NY", "New York Knicks", "New York", "Knicks", {"knicks", "new york knicks", "ny knicks"}},
      {"PHI", "PHI", "PHI", "Philadelphia 76ers", "Philadelphia", "76ers",
       {"76ers", "sixers", "philadelphia 76ers", "philadelphia sixers"}},
      {"TOR", "TOR", "TOR", "Toronto Raptors", "Toronto", "Raptors", {"raptors", "toronto raptors", "tor raptors"}},
      {"CHI", "CHI", "CHI", "Chicago Bulls", "Chicago", "Bulls", {"bulls", "chicago bulls", "chi bulls"}},
      {"CLE", "CLE", "CLE", "Cleveland Cavaliers", "Cleveland", "Cavaliers",
       {"cavaliers", "cavs", "cleveland cavaliers", "cleveland cavs"}},
      {"DET", "DET", "DET", "Detroit Pistons", "Detroit", "Pistons", {"pistons", "detroit pistons", "det pistons"}},
      {"IND", "IND", "IND", "Indiana Pacers", "Indiana", "Pacers", {"pacers", "indiana pacers", "ind pacers"}},
      {"MIL", "MIL", "MIL", "Milwaukee Bucks", "Milwaukee", "Bucks", {"bucks", "milwaukee bucks", "mil bucks"}},
      {"ATL", "ATL", "ATL", "Atlanta Hawks", "Atlanta", "Hawks", {"hawks", "atlanta hawks", "atl hawks"}},
      {"CHA", "CHO", "CHA", "Charlotte Hornets", "Charlotte", "Hornets",
       {"hornets", "charlotte hornets", "cha hornets", "cho hornets"}},
      {"MIA", "MIA", "MIA", "Miami Heat", "Miami", "Heat", {"heat", "miami heat", "mia heat"}},
      {"ORL", "ORL", "ORL", "Orlando Magic", "Orlando", "Magic", {"magic", "orlando magic", "orl magic"}},
      {"WAS", "WAS", "WAS", "Washington Wizards", "Washington", "Wizards",
       {"wizards", "washington wizards", "was wizards"}},
      {"DEN", "DEN", "DEN", "Denver Nuggets", "Denver", "Nuggets", {"nuggets", "denver nuggets", "den nuggets"}},
      {"MIN", "MIN", "MIN", "Minnesota Timberwolves", "Minnesota", "Timberwolves",
       {"timberwolves", "wolves", "minnesota timberwolves", "min wolves"}},
      {"OKC", "OKC", "OKC", "Oklahoma City Thunder", "Oklahoma City", "Thunder",
       {"thunder", "oklahoma city thunder", "okc thunder"}},
      {"POR", "POR", "POR", "Portland Trail Blazers", "Portland", "Trail Blazers",
       {"trail blazers", "blazers", "portland trail blazers", "portland blazers"}},
      {"UTA", "UTA", "UTAH", "Utah Jazz", "Utah", "Jazz", {"jazz", "utah jazz", "uta jazz"}},
      {"GSW", "GSW", "GS", "Golden State Warriors", "Golden State", "Warriors",
       {"warriors", "golden state warriors", "gsw warriors", "gs warriors", "dubs"}},
      {"LAC", "LAC", "LAC", "Los Angeles Clippers", "Los Angeles", "Clippers",
       {"clippers", "los angeles clippers", "la clippers", "lac clippers"}},
      {"LAL", "LAL", "LAL", "Los Angeles Lakers", "Los Angeles", "Lakers",
       {"lakers", "los angeles lakers", "la lakers", "lal lakers"}},
      {"PHX", "PHO", "PHX", "Phoenix Suns", "Phoenix", "Suns", {"suns", "phoenix suns", "phx suns", "pho suns"}},
      {"SAC", "SAC", "SAC", "Sacramento Kings", "Sacramento", "Kings", {"kings", "sacramento kings", "sac kings"}},
      {"DAL", "DAL", "DAL", "Dallas Mavericks", "Dallas", "Mavericks",
       {"mavericks", "mavs", "dallas mavericks", "dallas mavs"}},
      {"HOU", "HOU", "HOU", "Houston Rockets", "Houston", "Rockets", {"rockets", "houston rockets", "hou rockets"}},
      {"MEM", "MEM", "MEM", "Memphis Grizzlies", "Memphis", "Grizzlies",
       {"grizzlies", "grizz", "memphis grizzlies", "mem grizzlies"}},
      {"NOP", "NOP", "NO", "New Orleans Pelicans", "New Orleans", "Pelicans",
       {"pelicans", "pels", "new orleans pelicans", "no pelicans", "nop pelicans"}},
      {"SAS", "SAS", "SA", "San Antonio Spurs", "San Antonio", "Spurs",
       {"spurs", "san antonio spurs", "sas spurs", "sa spurs"}},
  };
  return teams;
}

namespace team_mapper_detail {

inline std::u32string lowered(std::u32string s) {
  for (char32_t& c : s) c = text::to_lower(c);
  return s;
}

/// `re.sub(r'[^a-z0-9]', '', text.lower())`
inline std::string alphanumeric_lower(std::string_view text) {
  std::string out;
  for (char32_t c : lowered(text::decode(text)))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += char(c);
  return out;
}

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  return out;
}

/// Every identifier → tricode; a later team overwrites an earlier one ("los angeles" → LAL).
inline const std::unordered_map<std::string, std::string_view>& index() {
  static const std::unordered_map<std::string, std::string_view> map = [] {
    std::unordered_map<std::string, std::string_view> m;
    for (const NbaTeam& t : nba_teams()) {
      std::vector<std::string> ids{lower_ascii(t.nba),       lower_ascii(t.br),       lower_ascii(t.espn),
                                   lower_ascii(t.full_name), lower_ascii(t.nickname), lower_ascii(t.city),
                                   alphanumeric_lower(t.full_name), alphanumeric_lower(t.nickname),
                                   alphanumeric_lower(t.city)};
      for (std::string_view v : t.variations) ids.push_back(lower_ascii(v));
      for (auto& id : ids)
        if (!id.empty()) m[std::move(id)] = t.nba;
    }
    return m;
  }();
  return map;
}

/// difflib.SequenceMatcher(None, a, b) without junk: b2j with autojunk's popular elements removed.
class Matcher {
 public:
  struct Block {
    std::size_t i, j, k;
    friend bool operator<(const Block& x, const Block& y) { return std::tie(x.i, x.j, x.k) < std::tie(y.i, y.j, y.k); }
  };

  Matcher(std::u32string_view a, std::u32string_view b) : a_(a), b_(b) {
    for (std::size_t j = 0; j < b.size(); ++j) b2j_[b[j]].push_back(j);
    if (b.size() >= 200) {  // autojunk: elements in more than 1% of b (+1) are "popular" and not indexed
      const std::size_t ntest = b.size() / 100 + 1;
      std::erase_if(b2j_, [&](const auto& entry) { return entry.second.size() > ntest; });
    }
  }

  /// find_longest_match(alo, ahi, blo, bhi): the earliest longest block, extended over popular elements.
  Block longest(std::size_t alo, std::size_t ahi, std::size_t blo, std::size_t bhi) const {
    std::size_t besti = alo, bestj = blo, bestsize = 0;
    std::unordered_map<std::size_t, std::size_t> j2len, next;
    for (std::size_t i = alo; i < ahi; ++i) {
      next.clear();
      if (auto it = b2j_.find(a_[i]); it != b2j_.end())
        for (std::size_t j : it->second) {
          if (j < blo) continue;
          if (j >= bhi) break;
          std::size_t k = 1;
          if (j > 0)
            if (auto prev = j2len.find(j - 1); prev != j2len.end()) k = prev->second + 1;
          next[j] = k;
          if (k > bestsize) {
            besti = i + 1 - k;
            bestj = j + 1 - k;
            bestsize = k;
          }
        }
      std::swap(j2len, next);
    }
    while (besti > alo && bestj > blo && a_[besti - 1] == b_[bestj - 1]) {
      --besti;
      --bestj;
      ++bestsize;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a_[besti + bestsize] == b_[bestj + bestsize]) ++bestsize;
    return {besti, bestj, bestsize};
  }

  /// get_matching_blocks(): sorted, adjacent blocks merged, ending with (len(a), len(b), 0).
  std::vector<Block> matching_blocks() const {
    std::vector<std::tuple<std::size_t, std::size_t, std::size_t, std::size_t>> queue{{0, a_.size(), 0, b_.size()}};
    std::vector<Block> found;
    while (!queue.empty()) {
      const auto [alo, ahi, blo, bhi] = queue.back();
      queue.pop_back();
      const Block x = longest(alo, ahi, blo, bhi);
      if (x.k) {
        found.push_back(x);
        if (alo < x.i && blo < x.j) queue.emplace_back(alo, x.i, blo, x.j);
        if (x.i + x.k < ahi && x.j + x.k < bhi) queue.emplace_back(x.i + x.k, ahi, x.j + x.k, bhi);
      }
    }
    std::sort(found.begin(), found.end());
    std::vector<Block> merged;
    Block run{0, 0, 0};
    for (const Block& b : found) {
      if (run.i + run.k == b.i && run.j + run.k == b.j) {
        run.k += b.k;
      } else {
        if (run.k) merged.push_back(run);
        run = b;
      }
    }
    if (run.k) merged.push_back(run);
    merged.push_back({a_.size(), b_.size(), 0});
    return merged;
  }

  double ratio() const {
    std::size_t matches = 0;
    for (const Block& b : matching_blocks()) matches += b.k;
    const std::size_t length = a_.size() + b_.size();
    return length ? 2.0 * double(matches) / double(length) : 1.0;
  }

 private:
  std::u32string_view a_, b_;
  std::unordered_map<char32_t, std::vector<std::size_t>> b2j_;
};

}  // namespace team_mapper_detail

NBARAW_DECL bool is_nba_tricode(std::string_view code) {
  for (const NbaTeam& t : nba_teams())
    if (t.nba == code) return true;
  return false;
}

NBARAW_DECL std::optional<std::string> nba_tricode(std::string_view text_in) {
  using namespace team_mapper_detail;
  if (text_in.empty()) return std::nullopt;
  const auto& ids = index();
  const std::u32string lower = lowered(text::decode(text_in));
  if (auto it = ids.find(text::encode(text::strip(lower))); it != ids.end()) return std::string(it->second);
  if (auto it = ids.find(alphanumeric_lower(text_in)); it != ids.end()) return std::string(it->second);
  return std::nullopt;
}

NBARAW_DECL double sequence_ratio(std::u32string_view a, std::u32string_view b) {
  return team_mapper_detail::Matcher(a, b).ratio();
}

NBARAW_DECL int partial_ratio(std::string_view a, std::string_view b) {
  const std::u32string s1 = text::decode(a), s2 = text::decode(b);
  if (s1 == s2) return 100;
  if (s1.empty() || s2.empty()) return 0;
  const std::u32string_view shorter = s1.size() <= s2.size() ? s1 : s2;
  const std::u32string_view longer = s1.size() <= s2.size() ? s2 : s1;
  double best = 0;
  for (const auto& block : team_mapper_detail::Matcher(shorter, longer).matching_blocks()) {
    // The window of the longer string the block aligns the shorter one with.
    const std::size_t start = block.j > block.i ? block.j - block.i : 0;
    const double r = sequence_ratio(shorter, longer.substr(std::min(start, longer.size()), shorter.size()));
    if (r > .995) return 100;
    best = std::max(best, r);
  }
  return int(std::nearbyint(100 * best));  // Python round(): half to even
}

NBARAW_DECL std::string fuzzy_full_process(std::string_view text_in) {
  std::u32string out;
  for (char32_t c : text::decode(text_in)) {
    if (!(text::is_alnum(c) || c == U'_')) c = U' ';
    if (c == U'\u0130') {  // str.lower() gives "i" + COMBINING DOT ABOVE
      out += U"i\u0307";
      continue;
    }
    out += text::to_lower(c);
  }
  return text::encode(text::strip(out));
}

NBARAW_DECL std::optional<std::string> nba_tricode_fuzzy(std::string_view text_in, int cutoff) {
  if (text_in.empty()) return std::nullopt;
  if (auto exact = nba_tricode(text_in)) return exact;
  const std::string query = fuzzy_full_process(text_in);
  std::optional<std::string> best;
  int best_score = 0;
  for (const NbaTeam& t : nba_teams()) {
    const int score = partial_ratio(query, fuzzy_full_process(t.full_name));
    if (score >= cutoff && (!best || score > best_score)) {  // the first of equal best scores wins, as max() does
      best = std::string(t.nba);
      best_score = score;
    }
  }
  return best;
}

NBARAW_DECL std::string br_tricode(std::string_view nba_code) {
  if (nba_code == "BKN") return "BRK";
  if (nba_code == "CHA") return "CHO";
  if (nba_code == "PHX") return "PHO";
  return std::string(nba_code);
}

}  // namespace nbaraw
