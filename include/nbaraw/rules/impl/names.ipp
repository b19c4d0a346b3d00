#pragma once
#include <nbaraw/rules/names.hpp>

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>

namespace nbaraw {

namespace text {

NBARAW_DECL std::u32string decode(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  utf8proc_ssize_t left = utf8proc_ssize_t(utf8.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // not UTF-8: the byte as a lone surrogate, as surrogateescape does
      out += char32_t(0xDC00 + *p);
      ++p;
      --left;
      continue;
    }
    out += char32_t(cp);
    p += n;
    left -= n;
  }
  return out;
}

NBARAW_DECL std::string encode(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t c : code_points) {
    if (c >= 0xDC80 && c <= 0xDCFF) {  // an escaped byte goes back as that byte
      out += char(c - 0xDC00);
      continue;
    }
    utf8proc_uint8_t buffer[4];
    const utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_int32_t(c), buffer);
    out.append(reinterpret_cast<const char*>(buffer), std::size_t(n));
  }
  return out;
}

NBARAW_DECL std::string normalize(std::string_view utf8, NormalForm form) {
  // utf8proc rejects the whole string on one bad byte; drop such bytes first.
  std::u32string code_points = decode(utf8);
  std::erase_if(code_points, [](char32_t c) { return c >= 0xD800 && c <= 0xDFFF; });
  const std::string clean = encode(code_points);
  if (clean.empty()) return clean;
  int options = UTF8PROC_STABLE;
  switch (form) {
    case NormalForm::NFC: options |= UTF8PROC_COMPOSE; break;
    case NormalForm::NFD: options |= UTF8PROC_DECOMPOSE; break;
    case NormalForm::NFKC: options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
    case NormalForm::NFKD: options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                                          utf8proc_ssize_t(clean.size()), &mapped, utf8proc_option_t(options));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  if (n < 0) return clean;  // cannot happen for valid UTF-8 short of memory
  return std::string(reinterpret_cast<const char*>(mapped), std::size_t(n));
}

NBARAW_DECL bool is_space(char32_t c) {
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f)) return true;
  if (c < 0x80 || c > 0x10FFFF) return false;
  const utf8proc_property_t* p = utf8proc_get_property(utf8proc_int32_t(c));
  return p->category == UTF8PROC_CATEGORY_ZS || p->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
         p->bidi_class == UTF8PROC_BIDI_CLASS_B || p->bidi_class == UTF8PROC_BIDI_CLASS_S;
}

NBARAW_DECL bool is_alnum(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c > 0x10FFFF) return false;
  switch (utf8proc_category(utf8proc_int32_t(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return true;
    default: return false;
  }
}

NBARAW_DECL bool is_nonspacing_mark(char32_t c) {
  return c >= 0x300 && c <= 0x10FFFF && utf8proc_category(utf8proc_int32_t(c)) == UTF8PROC_CATEGORY_MN;
}

NBARAW_DECL char32_t to_lower(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return c;
  return char32_t(utf8proc_tolower(utf8proc_int32_t(c)));
}

NBARAW_DECL std::u32string_view strip(std::u32string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace text

namespace names_detail {

inline bool is_lookup_char(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

inline std::u32string drop_nonspacing_marks(std::u32string s) {
  std::erase_if(s, [](char32_t c) { return text::is_nonspacing_mark(c); });
  return s;
}

inline bool ends_with(std::u32string_view s, std::u32string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace names_detail

NBARAW_DECL std::string normalize_name_for_lookup(std::string_view name) {
  using namespace names_detail;
  if (name.empty()) return "";
  // 1. NFKC.  2. Turkish dotless and dotted I, which NFD alone would not turn into ASCII.
  std::u32string s = text::decode(text::normalize(name, text::NormalForm::NFKC));
  for (char32_t& c : s) {
    if (c == U'\u0131') c = U'i';
    if (c == U'\u0130') c = U'I';
  }
  // 3. Diacritics: NFD without combining marks; NFKD when that changed nothing; then ASCII only.
  const std::string turkish_folded = text::encode(s);
  std::u32string folded = drop_nonspacing_marks(text::decode(text::normalize(turkish_folded, text::NormalForm::NFD)));
  if (folded == s) folded = drop_nonspacing_marks(text::decode(text::normalize(turkish_folded, text::NormalForm::NFKD)));
  std::u32string ascii;
  for (char32_t c : folded)
    if (c < 0x80) ascii += c;
  // 4. casefold (ASCII by now).
  for (char32_t& c : ascii)
    if (c >= 'A' && c <= 'Z') c += 32;
  // 5. Suffixes written out or with a period become jr/sr, the space before them going too.
  static constexpr std::array<std::pair<std::u32string_view, std::u32string_view>, 4> suffixes{{
      {U" junior", U"jr"}, {U" senior", U"sr"}, {U" jr.", U"jr"}, {U" sr.", U"sr"}}};
  for (const auto& [ending, replacement] : suffixes)
    if (ends_with(ascii, ending)) {
      ascii = ascii.substr(0, ascii.size() - ending.size()) + std::u32string(replacement);
      break;
    }
  // 6. Separators (space - ' . , _) and everything else outside [a-z0-9].
  std::string out;
  for (char32_t c : ascii)
    if (is_lookup_char(c)) out += char(c);
  return out;
}

NBARAW_DECL std::pair<std::string, std::string> extract_suffix(std::string_view name) {
  using namespace names_detail;
  static constexpr std::array<std::u32string_view, 14> suffixes{U"Junior", U"Senior", U"Jr.", U"Sr.", U"III",
                                                                U"IV",     U"V",      U"II",  U"3rd", U"4th",
                                                                U"5th",    U"2nd",    U"Jr",  U"Sr"};
  const std::u32string decoded = text::decode(name);
  const std::u32string_view trimmed = text::strip(decoded);
  std::u32string lowered(trimmed);
  for (char32_t& c : lowered) c = text::to_lower(c);
  for (std::u32string_view suffix : suffixes) {
    std::u32string lowered_suffix(suffix);
    for (char32_t& c : lowered_suffix) c = text::to_lower(c);
    if (ends_with(lowered, lowered_suffix))
      return {text::encode(text::strip(trimmed.substr(0, trimmed.size() - suffix.size()))), text::encode(suffix)};
  }
  return {text::encode(trimmed), ""};
}

NBARAW_DECL std::optional<std::string> normalize_name_odds(std::string_view name) {
  using namespace names_detail;
  if (name.empty()) return std::nullopt;
  const std::u32string folded = drop_nonspacing_marks(text::decode(text::normalize(py::lower(name), text::NormalForm::NFD)));
  // The reference first deletes runs of ' . - and whitespace, then everything outside [a-z0-9]: one step here.
  std::string out;
  for (char32_t c : folded)
    if (is_lookup_char(c)) out += char(c);
  return out;
}

}  // namespace nbaraw
