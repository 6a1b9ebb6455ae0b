#pragma once
// A minimal JSON writer for what the core hands its host (session/command_json.cpp). The shapes are
// fixed and small, so a writer that appends to one string costs a few hundred bytes of wasm, where
// building nlohmann DOM values and serialising them cost over ten kilobytes on the checkout's
// critical path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace idv::json {

class JsonWriter {
 public:
  JsonWriter& beginObject() { return open('{'); }
  JsonWriter& endObject() { return close('}'); }
  JsonWriter& beginArray() { return open('['); }
  JsonWriter& endArray() { return close(']'); }

  JsonWriter& key(std::string_view k) {
    separate();
    appendString(k);
    out_ += ':';
    afterKey_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    separate();
    appendString(s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
  }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& null() {
    separate();
    out_ += "null";
    return *this;
  }

  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) {
    return key(k).value(v);
  }
  // An absent optional is written as null, so every reader sees the same keys.
  template <typename T>
  JsonWriter& field(std::string_view k, const std::optional<T>& v) {
    key(k);
    return v ? value(*v) : null();
  }

  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();
  void appendString(std::string_view s);

  std::string out_;
  bool needComma_ = false;
  bool afterKey_ = false;
};

}  // namespace idv::json
