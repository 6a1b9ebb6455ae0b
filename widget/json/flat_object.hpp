#pragma once
// The top level of a JSON object, read with nlohmann/json's SAX parser.
//
// Why not nlohmann's DOM (json::parse): every input the core reads — a tracking response, the
// widget's config — is one flat object of scalars. The DOM would build a std::map tree for a
// handful of fields, and in the WebAssembly build it costs more bytes than the rest of the
// tracker. The SAX parser keeps nlohmann's full validation (and never throws: errors come back
// through parse_error), while this reader keeps only the top-level scalars.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace idv::json {

struct Value {
  enum class Kind { String, Integer, Unsigned, Float, Boolean, Null, Container };
  Kind kind = Kind::Null;
  std::string text;                   // String
  std::int64_t integer = 0;           // Integer (negative numbers)
  std::uint64_t unsignedInteger = 0;  // Unsigned (non-negative integers)
  double number = 0;                  // Float
  bool boolean = false;               // Boolean

  bool isIntegral() const { return kind == Kind::Integer || kind == Kind::Unsigned; }
  bool isNumber() const { return isIntegral() || kind == Kind::Float; }
  double asDouble() const;  // any number as a double
};

enum class FlatObjectError { MalformedJson, NotAnObject };

class FlatObject {
 public:
  static std::variant<FlatObject, FlatObjectError> parse(std::string_view text);

  // The member's value, or nullptr when absent. A duplicated key: the last one wins.
  const Value* find(std::string_view key) const;

 private:
  friend class FlatObjectBuilder;
  std::vector<std::pair<std::string, Value>> members_;
};

}  // namespace idv::json
