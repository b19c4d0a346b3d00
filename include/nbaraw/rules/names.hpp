#pragma once
// Player-name lookups as the processors build them: the BDL rule, the shared normaliser (A.1) with its suffix
// helper, and the odds processors' normaliser (A.2). Plus the few Python str operations on Unicode text they
// rest on (code points, normal forms, isspace/isalnum, strip), so that other rules can reuse them.
#include <nbaraw/config.hpp>
#include <nbaraw/rules/python_compat.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace nbaraw {

/// BDL `normalize_text`: lower-case, then keep only [a-z0-9]. No diacritic folding: "Jokić" → "joki".
inline std::string bdl_player_lookup(std::string_view name) {
  std::string out;
  for (char c : py::lower(name))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

/// `shared/utils/player_name_normalizer.normalize_name_for_lookup` (spec A.1), used by the gamebook:
/// NFKC; Turkish ı → i and İ → I; NFD with combining marks dropped (NFKD when NFD changed nothing); every
/// non-ASCII character dropped; casefold; a trailing " junior"/" jr." → "jr" and " senior"/" sr." → "sr";
/// then only [a-z0-9] kept. "LeBron James Jr." → "lebronjamesjr", "Dāvis Bertāns" → "davisbertans".
/// Empty input gives "".
NBARAW_DECL std::string normalize_name_for_lookup(std::string_view name);

/// `player_name_normalizer.extract_suffix` (A.1): the name stripped, then the first of Junior, Senior, Jr.,
/// Sr., III, IV, V, II, 3rd, 4th, 5th, 2nd, Jr, Sr (in that order) that the name ends with, compared
/// case-insensitively and with no word boundary ("Timofey Mozgov" → {"Timofey Mozgo", "V"}). Returns
/// {base stripped, suffix as listed}, or {stripped name, ""} when none matches.
NBARAW_DECL std::pair<std::string, std::string> extract_suffix(std::string_view name);

/// `data_processors/raw/utils/name_utils.normalize_name` (A.2), used by the odds processors: lower-case;
/// NFD with nonspacing marks (Mn) dropped; only [a-z0-9] kept. nullopt for empty input only: a name with
/// no such characters ("李") gives "". "Bogdan Bogdanović" → "bogdanbogdanovic".
NBARAW_DECL std::optional<std::string> normalize_name_odds(std::string_view name);

/// Python str operations on UTF-8 text, by code point. Bytes that are not UTF-8 are kept as the code points
/// U+DC80..U+DCFF (Python's surrogateescape) and written back as the bytes they were.
namespace text {

NBARAW_DECL std::u32string decode(std::string_view utf8);
NBARAW_DECL std::string encode(std::u32string_view code_points);

enum class NormalForm { NFC, NFD, NFKC, NFKD };
/// unicodedata.normalize(form, text). Bytes that are not UTF-8 are dropped first.
NBARAW_DECL std::string normalize(std::string_view utf8, NormalForm form);

/// str.isspace(): general category Zs, or bidirectional class WS, B or S.
NBARAW_DECL bool is_space(char32_t c);
/// str.isalnum() of one character: a letter (L*) or a number (N*).
NBARAW_DECL bool is_alnum(char32_t c);
/// The Unicode general category is Mn (a nonspacing combining mark).
NBARAW_DECL bool is_nonspacing_mark(char32_t c);
/// Simple lower-casing of one code point (str.lower() except İ, which Python lowers to "i̇").
NBARAW_DECL char32_t to_lower(char32_t c);
/// str.strip() with no argument: Unicode whitespace at both ends.
NBARAW_DECL std::u32string_view strip(std::u32string_view s);

}  // namespace text

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/names.ipp>
#endif
