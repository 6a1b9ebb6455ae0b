#include "completion/json_fields.hpp"

#include <algorithm>

namespace idv::completion::detail {

namespace {

const char* typeName(const json& v) {
  return v.type_name();
}

}  // namespace

bool withinDepth(std::string_view s, int maxDepth) {
  int depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > maxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

json parseBounded(std::string_view body, Diagnostics& diag) {
  if (body.size() > kMaxWebhookBodyBytes) {
    diag.fail(IssueCode::TooLarge, "",
              std::to_string(body.size()) + " bytes > " + std::to_string(kMaxWebhookBodyBytes));
    return json(json::value_t::discarded);
  }
  if (!withinDepth(body, kMaxJsonDepth)) {
    diag.fail(IssueCode::TooLarge, "", "nested deeper than " + std::to_string(kMaxJsonDepth));
    return json(json::value_t::discarded);
  }
  json doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded())
    diag.fail(IssueCode::MalformedJson, "");
  else if (!doc.is_object()) {
    diag.fail(IssueCode::NotAnObject, "", std::string("got ") + typeName(doc));
    return json(json::value_t::discarded);
  }
  return doc;
}

std::size_t utf8Length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 40)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  if (s.size() > 40) out += "...";
  return out;
}

bool contains(std::span<const std::string_view> values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

bool readString(const json& obj, std::string_view key, const std::string& path,
                const StringRule& rule, std::optional<std::string>& out, Diagnostics& diag) {
  out.reset();
  const std::string field = join(path, key);
  const auto it = obj.find(key);
  if (it == obj.end()) {
    return rule.required ? diag.fail(IssueCode::MissingField, field) : true;
  }
  if (it->is_null()) {
    if (rule.required || rule.null == Null::Error)
      return diag.fail(IssueCode::MissingField, field, "null");
    if (rule.null == Null::Warn) diag.warn(IssueCode::UnexpectedNull, field);
    return true;
  }
  if (!it->is_string()) {
    return diag.fail(IssueCode::WrongFieldType, field,
                     std::string("expected string, got ") + typeName(*it));
  }
  const auto& text = it->get_ref<const std::string&>();
  if (rule.required && text.empty()) return diag.fail(IssueCode::MissingField, field, "empty");
  // A value from the table is never "too long": the seed's own docSex table lists UNDEFINED
  // (9 characters) under "Max length 6", and its example sends it.
  const bool known = !rule.values.empty() && contains(rule.values, text);
  if (rule.maxLength > 0 && !known) {
    const std::size_t length = utf8Length(text);
    if (length > rule.maxLength) {
      std::string detail =
          std::to_string(length) + " characters > " + std::to_string(rule.maxLength);
      if (rule.overlong == Overlong::Error)
        return diag.fail(IssueCode::TooLong, field, std::move(detail));
      diag.warn(IssueCode::TooLong, field, std::move(detail));
    }
  }
  if (!rule.values.empty() && !known) {
    diag.warn(IssueCode::UnknownEnumValue, field,
              rule.valueInDetail ? printable(text) : std::string());
  }
  out = text;
  return true;
}

bool readBool(const json& obj, std::string_view key, const std::string& path, Null null,
              std::optional<bool>& out, Diagnostics& diag) {
  out.reset();
  const std::string field = join(path, key);
  const auto it = obj.find(key);
  if (it == obj.end()) return true;
  if (it->is_null()) {
    if (null == Null::Error) return diag.fail(IssueCode::MissingField, field, "null");
    if (null == Null::Warn) diag.warn(IssueCode::UnexpectedNull, field);
    return true;
  }
  if (!it->is_boolean()) {
    return diag.fail(IssueCode::WrongFieldType, field,
                     std::string("expected boolean, got ") + typeName(*it));
  }
  out = it->get<bool>();
  return true;
}

bool readInt(const json& obj, std::string_view key, const std::string& path, Null null,
             std::int64_t min, std::optional<std::int64_t>& out, Diagnostics& diag) {
  out.reset();
  const std::string field = join(path, key);
  const auto it = obj.find(key);
  if (it == obj.end()) return true;
  if (it->is_null()) {
    if (null == Null::Error) return diag.fail(IssueCode::MissingField, field, "null");
    if (null == Null::Warn) diag.warn(IssueCode::UnexpectedNull, field);
    return true;
  }
  std::int64_t v = 0;
  if (it->is_number_unsigned()) {
    const auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX))
      return diag.fail(IssueCode::InvalidValue, field, "out of range");
    v = static_cast<std::int64_t>(u);
  } else if (it->is_number_integer()) {
    v = it->get<std::int64_t>();
  } else {
    return diag.fail(IssueCode::WrongFieldType, field,
                     std::string("expected integer, got ") + typeName(*it));
  }
  if (v < min) return diag.fail(IssueCode::InvalidValue, field, "below " + std::to_string(min));
  out = v;
  return true;
}

const json* readObject(const json& obj, std::string_view key, const std::string& path,
                       Diagnostics& diag) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_object()) {
    diag.fail(IssueCode::NotAnObject, join(path, key), std::string("got ") + typeName(*it));
    return nullptr;
  }
  return &*it;
}

}  // namespace idv::completion::detail
