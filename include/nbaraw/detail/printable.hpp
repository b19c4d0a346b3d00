#pragma once
// Text from outside (object names, reasons, values) made safe to print on a terminal: control characters are
// shown as escapes, so a name holding CR, LF or an escape sequence cannot forge or repaint log lines.
#include <string>
#include <string_view>

namespace nbaraw::detail {

/// C0 controls, DEL and the C1 controls (U+0080-U+009F as UTF-8, where U+009B acts as a CSI) become \n, \r,
/// \t or \xHH; every other byte, multi-byte UTF-8 included, is kept.
inline std::string printable(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9f;
    if (c >= 0x20 && c != 0x7f && !c1) {
      out += text[i];
      continue;
    }
    const unsigned code = c1 ? static_cast<unsigned char>(text[++i]) : c;
    switch (code) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += c1 ? "\\u00" : "\\x";
        out += hex[code >> 4];
        out += hex[code & 0xf];
    }
  }
  return out;
}

}  // namespace nbaraw::detail
