#include "json/flat_object.hpp"

#include <cmath>
#include <limits>

namespace idv::json {

double Value::asDouble() const {
  switch (kind) {
    case Kind::Integer: return static_cast<double>(integer);
    case Kind::Unsigned: return static_cast<double>(unsignedInteger);
    case Kind::Float: return number;
    default: return 0;
  }
}

// A strict RFC 8259 reader that keeps only the top level. Strict means: what nlohmann/json
// rejects, this rejects too (native tests and a fuzzer compare the two on every input), so
// dropping nlohmann from the WebAssembly build changed its size, not its behaviour. One
// deliberate difference: nlohmann takes a NUL byte for the end of the input (a convention for
// C strings), so it accepts `{}` followed by NUL and anything; here a body is bytes with a
// length, and whatever follows the object, NUL included, makes it malformed.
//
// Why not nlohmann here: its SAX parser, with the exception and vector<bool> machinery it
// drags in, was ~9 KB of a widget module that every checkout page downloads, to read one flat
// object. Nested values are validated and skipped with an explicit stack, never recursion, so
// hostile nesting cannot overflow the wasm stack.
class FlatObjectReader {
 public:
  explicit FlatObjectReader(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark, as nlohmann
  }

  std::variant<FlatObject, FlatObjectError> read() {
    skipSpace();
    if (peek() != '{') {
      Value ignored;
      const bool scalarOk = readValue(ignored) && atEnd();
      return scalarOk ? FlatObjectError::NotAnObject : FlatObjectError::MalformedJson;
    }
    ++pos_;
    FlatObject object;
    skipSpace();
    if (peek() == '}') {
      ++pos_;
      return atEnd() ? std::variant<FlatObject, FlatObjectError>(std::move(object))
                     : FlatObjectError::MalformedJson;
    }
    while (true) {
      skipSpace();
      std::string key;
      Value value;
      if (peek() != '"' || !readString(key)) return FlatObjectError::MalformedJson;
      skipSpace();
      if (peek() != ':') return FlatObjectError::MalformedJson;
      ++pos_;
      skipSpace();
      if (!readValue(value)) return FlatObjectError::MalformedJson;
      object.members_.emplace_back(std::move(key), std::move(value));
      skipSpace();
      const char c = next();
      if (c == '}') break;
      if (c != ',') return FlatObjectError::MalformedJson;
    }
    if (!atEnd()) return FlatObjectError::MalformedJson;
    return object;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  char next() { return pos_ < s_.size() ? s_[pos_++] : '\0'; }
  bool atEnd() {
    skipSpace();
    return pos_ == s_.size();
  }
  void skipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // One value at the top level's member position: scalars are kept, containers skipped.
  bool readValue(Value& v) {
    const char c = peek();
    if (c == '"') {
      v.kind = Value::Kind::String;
      return readString(v.text);
    }
    if (c == '{' || c == '[') {
      v.kind = Value::Kind::Container;
      return skipContainer();
    }
    if (c == 't' || c == 'f') {
      v.kind = Value::Kind::Boolean;
      v.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      v.kind = Value::Kind::Null;
      return literal("null");
    }
    return readNumber(v);
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? — integers that fit stay integers, as in
  // nlohmann (int64 when negative, uint64 otherwise); anything else is a double.
  bool readNumber(Value& v) {
    const std::size_t start = pos_;
    const bool negative = peek() == '-';
    if (negative) ++pos_;
    const auto digits = [this] {
      const std::size_t from = pos_;
      while (peek() >= '0' && peek() <= '9') ++pos_;
      return pos_ - from;
    };
    if (peek() == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return false;
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_;
      integral = false;
      if (digits() == 0) return false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      integral = false;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) return false;
    }
    const std::string_view text = s_.substr(start, pos_ - start);
    if (integral && integer(text.substr(negative ? 1 : 0), negative, v)) return true;
    v.kind = Value::Kind::Float;
    v.number = toDouble(text);
    return std::isfinite(v.number);  // 1e999 overflows: nlohmann refuses it too
  }

  // The number text readNumber validated, as a double in double arithmetic: the digits, then
  // 10^exponent applied in binary powers. Within ~1e-14 of the exact value down to ~1e-300
  // (subnormals lose digits), which is plenty for what the widget reads as a float: option
  // values. Why not strtod: libc's exact one (long-double arithmetic) was ~10 KB of wasm.
  static double toDouble(std::string_view text) {
    double value = 0;
    int exponent = 0;
    bool fraction = false;
    std::size_t i = text[0] == '-' ? 1 : 0;
    for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
      if (text[i] == '.') {
        fraction = true;
      } else if (value < 1e18) {  // 19 digits are more than a double holds; later ones only scale
        value = value * 10 + (text[i] - '0');
        exponent -= fraction ? 1 : 0;
      } else {
        exponent += fraction ? 0 : 1;
      }
    }
    if (i < text.size()) {  // the exponent: e, an optional sign, digits (capped: only inf/0 follow)
      const bool negative = text[++i] == '-';
      if (text[i] == '-' || text[i] == '+') ++i;
      int n = 0;
      for (; i < text.size(); ++i) n = n < 100000 ? n * 10 + (text[i] - '0') : n;
      exponent += negative ? -n : n;
    }
    // Dividing the value step by step (rather than by one 10^n) keeps 1e-310 from becoming 0.
    double power = 10;
    for (int n = exponent < 0 ? -exponent : exponent; n != 0 && value != 0; n >>= 1) {
      if (n & 1) value = exponent < 0 ? value / power : value * power;
      power *= power;
    }
    return text[0] == '-' ? -value : value;
  }

  static bool integer(std::string_view digits, bool negative, Value& v) {
    std::uint64_t n = 0;
    for (const char d : digits) {
      const auto digit = static_cast<std::uint64_t>(d - '0');
      if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
      n = n * 10 + digit;
    }
    if (!negative) {
      v.kind = Value::Kind::Unsigned;
      v.unsignedInteger = n;
      return true;
    }
    constexpr auto kMinMagnitude = std::uint64_t{1} << 63;  // |INT64_MIN|
    if (n > kMinMagnitude) return false;
    v.kind = Value::Kind::Integer;
    v.integer = n == kMinMagnitude ? std::numeric_limits<std::int64_t>::min()
                                   : -static_cast<std::int64_t>(n);
    return true;
  }

  // A string at pos_ (on its opening quote), escapes decoded, UTF-8 checked.
  bool readString(std::string& out) {
    ++pos_;
    while (true) {
      if (pos_ >= s_.size()) return false;
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;  // control characters must be escaped
      if (c == '\\') {
        if (!readEscape(out)) return false;
      } else if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
      } else if (!copyUtf8(out)) {
        return false;
      }
    }
  }

  bool readEscape(std::string& out) {
    ++pos_;
    const char e = next();
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate on its own
    if (cp >= 0xD800 && cp <= 0xDBFF) {              // needs its low half
      std::uint32_t low = 0;
      if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(out, cp);
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    for (int i = 0; i < 4; ++i) {
      const char h = next();
      const int d = h >= '0' && h <= '9'   ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                           : -1;
      if (d < 0) return false;
      cp = cp * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  }

  static void appendUtf8(std::string& out, std::uint32_t cp) {
    const auto byte = [&out](std::uint32_t b) { out += static_cast<char>(b); };
    if (cp < 0x80) {
      byte(cp);
    } else if (cp < 0x800) {
      byte(0xC0 | (cp >> 6));
      byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      byte(0xE0 | (cp >> 12));
      byte(0x80 | ((cp >> 6) & 0x3F));
      byte(0x80 | (cp & 0x3F));
    } else {
      byte(0xF0 | (cp >> 18));
      byte(0x80 | ((cp >> 12) & 0x3F));
      byte(0x80 | ((cp >> 6) & 0x3F));
      byte(0x80 | (cp & 0x3F));
    }
  }

  // One multi-byte UTF-8 sequence, checked as RFC 3629 says (no overlongs, no surrogates,
  // nothing past U+10FFFF), copied as it is.
  bool copyUtf8(std::string& out) {
    const auto c = static_cast<unsigned char>(s_[pos_]);
    int extra = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (pos_ + static_cast<std::size_t>(extra) >= s_.size()) return false;
    for (int i = 1; i <= extra; ++i) {
      const auto b = static_cast<unsigned char>(s_[pos_ + static_cast<std::size_t>(i)]);
      if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return false;
    }
    out.append(s_.substr(pos_, static_cast<std::size_t>(extra) + 1));
    pos_ += static_cast<std::size_t>(extra) + 1;
    return true;
  }

  // A nested object or array, validated and dropped. `closers` holds the brackets still owed,
  // innermost last. The loop stands at a value position; after each value, a ',' moves to the
  // next element of the innermost container and its closer ends it.
  bool skipContainer() {
    std::string closers;
    Value scalar;
    while (true) {
      const char c = peek();
      if (c == '{' || c == '[') {
        ++pos_;
        closers += c == '{' ? '}' : ']';
        skipSpace();
        if (peek() != closers.back()) {
          if (!beginElement(closers.back() == '}')) return false;
          continue;
        }
        ++pos_;  // empty: it is a whole value already
        closers.pop_back();
      } else if (scalar.text.clear(); !readValue(scalar)) {
        return false;
      }
      while (true) {  // after a value
        if (closers.empty()) return true;
        skipSpace();
        const char d = next();
        if (d == ',') {
          skipSpace();
          if (!beginElement(closers.back() == '}')) return false;
          break;
        }
        if (d != closers.back()) return false;
        closers.pop_back();
      }
    }
  }

  // Inside an object an element starts with `"key":`; in an array it is the value at once.
  bool beginElement(bool inObject) {
    if (!inObject) return true;
    std::string key;
    if (peek() != '"' || !readString(key)) return false;
    skipSpace();
    if (next() != ':') return false;
    skipSpace();
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

std::variant<FlatObject, FlatObjectError> FlatObject::parse(std::string_view text) {
  return FlatObjectReader(text).read();
}

const Value* FlatObject::find(std::string_view key) const {
  for (auto it = members_.rbegin(); it != members_.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

}  // namespace idv::json
