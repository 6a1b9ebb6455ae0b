#include "json/flat_object.hpp"

#include <nlohmann/json.hpp>

namespace idv::json {

double Value::asDouble() const {
  switch (kind) {
    case Kind::Integer: return static_cast<double>(integer);
    case Kind::Unsigned: return static_cast<double>(unsignedInteger);
    case Kind::Float: return number;
    default: return 0;
  }
}

// nlohmann's SAX interface: called once per token, depth tracked here. Members deeper than
// the top level are validated by the parser but not kept; a nested object or array shows up
// as a Value of kind Container.
class FlatObjectBuilder {
  static Value container() {
    Value v;
    v.kind = Value::Kind::Container;
    return v;
  }

 public:
  using number_integer_t = std::int64_t;
  using number_unsigned_t = std::uint64_t;
  using number_float_t = double;
  using string_t = std::string;
  using binary_t = nlohmann::json::binary_t;

  FlatObject object;
  bool topLevelIsObject = false;
  bool failed = false;

  bool null() { return scalar(Value{}); }
  bool boolean(bool b) {
    Value v;
    v.kind = Value::Kind::Boolean;
    v.boolean = b;
    return scalar(std::move(v));
  }
  bool number_integer(number_integer_t n) {
    Value v;
    v.kind = Value::Kind::Integer;
    v.integer = n;
    return scalar(std::move(v));
  }
  bool number_unsigned(number_unsigned_t n) {
    Value v;
    v.kind = Value::Kind::Unsigned;
    v.unsignedInteger = n;
    return scalar(std::move(v));
  }
  bool number_float(number_float_t n, const string_t&) {
    Value v;
    v.kind = Value::Kind::Float;
    v.number = n;
    return scalar(std::move(v));
  }
  bool string(string_t& s) {
    Value v;
    v.kind = Value::Kind::String;
    v.text = std::move(s);
    return scalar(std::move(v));
  }
  bool binary(binary_t&) { return scalar(container()); }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t& k) {
    if (depth_ == 1) pendingKey_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) {
    failed = true;
    return false;
  }

 private:
  bool scalar(Value v) {
    if (depth_ == 1) object.members_.emplace_back(std::move(pendingKey_), std::move(v));
    return true;
  }
  bool open(bool isObject) {
    if (depth_ == 0) topLevelIsObject = isObject;
    if (depth_ == 1) object.members_.emplace_back(std::move(pendingKey_), container());
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::size_t depth_ = 0;
  std::string pendingKey_;
};

std::variant<FlatObject, FlatObjectError> FlatObject::parse(std::string_view text) {
  FlatObjectBuilder builder;
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                            nlohmann::json::input_format_t::json, true);
  if (!ok || builder.failed) return FlatObjectError::MalformedJson;
  if (!builder.topLevelIsObject) return FlatObjectError::NotAnObject;
  return std::move(builder.object);
}

const Value* FlatObject::find(std::string_view key) const {
  for (auto it = members_.rbegin(); it != members_.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

}  // namespace idv::json
