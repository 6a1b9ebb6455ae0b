#include "json/json_writer.hpp"

#include "json/decimal.hpp"

namespace idv::json {

JsonWriter& JsonWriter::open(char c) {
  separate();
  out_ += c;
  needComma_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  out_ += c;
  needComma_ = true;
  return *this;
}

void JsonWriter::separate() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (needComma_) out_ += ',';
  needComma_ = true;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
  separate();
  // JS numbers are doubles: every value we write (versions, ms timestamps) is below 2^53.
  appendDecimal(out_, n);
  return *this;
}

void JsonWriter::appendString(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    // Plain ASCII (most of every string; all of a QR's SVG path) goes in one append.
    std::size_t run = i;
    while (run < s.size() && s[run] >= 0x20 && s[run] != '"' && s[run] != '\\' &&
           static_cast<unsigned char>(s[run]) < 0x80)
      ++run;
    if (run > i) {
      out_.append(s.substr(i, run - i));
      i = run - 1;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += static_cast<char>(c);
    } else if (c < 0x20) {
      out_ += "\\u00";
      out_ += kHex[c >> 4];
      out_ += kHex[c & 15];
    } else if (c < 0x80) {
      out_ += static_cast<char>(c);
    } else {
      // Copy a well-formed UTF-8 sequence; replace anything else with U+FFFD, because the
      // JS side decodes with TextDecoder and hostile bytes must not corrupt the whole message.
      const int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
      bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
      for (int k = 1; ok && k < len; ++k)
        ok = (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0xC0) == 0x80;
      if (ok) {
        out_.append(s.substr(i, static_cast<std::size_t>(len)));
        i += static_cast<std::size_t>(len) - 1;
      } else {
        out_ += "\xEF\xBF\xBD";
      }
    }
  }
  out_ += '"';
}

}  // namespace idv::json
