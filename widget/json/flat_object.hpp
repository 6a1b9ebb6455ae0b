#pragma once
// The top level of a JSON object: every input the core reads (a tracking response, the
// widget's config, the decision relay's answer) is one flat object of scalars, so this keeps
// the top-level scalars and validates, then drops, anything nested. It accepts exactly what
// nlohmann/json accepts (tests/native/flat_object_test.cpp and a fuzzer hold it to that) at a
// fraction of the WebAssembly bytes; see flat_object.cpp.
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
  friend class FlatObjectReader;
  std::vector<std::pair<std::string, Value>> members_;
};

}  // namespace idv::json
