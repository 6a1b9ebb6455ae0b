#include "completion/json_fields.hpp"

#include <algorithm>

namespace idv::completion::detail {

namespace {

const char* type_name(const json& v) {
  return v.type_name();
}

}  // namespace

bool within_depth(std::string_view s, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

json parse_bounded(std::string_view body, Diagnostics& diag) {
  if (body.size() > kMaxWebhookBodyBytes) {
    diag.fail(IssueCode::too_large, "",
              std::to_string(body.size()) + " bytes > " + std::to_string(kMaxWebhookBodyBytes));
    return json(json::value_t::discarded);
  }
  if (!within_depth(body, kMaxJsonDepth)) {
    diag.fail(IssueCode::too_large, "", "nested deeper than " + std::to_string(kMaxJsonDepth));
    return json(json::value_t::discarded);
  }
  json doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded())
    diag.fail(IssueCode::malformed_json, "");
  else if (!doc.is_object()) {
    diag.fail(IssueCode::not_an_object, "", std::string("got ") + type_name(doc));
    return json(json::value_t::discarded);
  }
  return doc;
}

std::size_t utf8_length(std::string_view s) {
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

bool read_string(const json& obj, std::string_view key, const std::string& path,
                 const StringRule& rule, std::optional<std::string>& out, Diagnostics& diag) {
  out.reset();
  const std::string field = join(path, key);
  const auto it = obj.find(key);
  if (it == obj.end()) {
    return rule.required ? diag.fail(IssueCode::missing_field, field) : true;
  }
  if (it->is_null()) {
    if (rule.required || rule.null == Null::error)
      return diag.fail(IssueCode::missing_field, field, "null");
    if (rule.null == Null::warn) diag.warn(IssueCode::unexpected_null, field);
    return true;
  }
  if (!it->is_string()) {
    return diag.fail(IssueCode::wrong_field_type, field,
                     std::string("expected string, got ") + type_name(*it));
  }
  const auto& text = it->get_ref<const std::string&>();
  if (rule.required && text.empty()) return diag.fail(IssueCode::missing_field, field, "empty");
  // A value from the table is never "too long": the seed's own docSex table lists UNDEFINED
  // (9 characters) under "Max length 6", and its example sends it.
  const bool known = !rule.values.empty() && contains(rule.values, text);
  if (rule.max_length > 0 && !known) {
    const std::size_t length = utf8_length(text);
    if (length > rule.max_length) {
      std::string detail =
          std::to_string(length) + " characters > " + std::to_string(rule.max_length);
      if (rule.overlong == Overlong::error)
        return diag.fail(IssueCode::too_long, field, std::move(detail));
      diag.warn(IssueCode::too_long, field, std::move(detail));
    }
  }
  if (!rule.values.empty() && !known) {
    diag.warn(IssueCode::unknown_enum_value, field,
              rule.value_in_detail ? printable(text) : std::string());
  }
  out = text;
  return true;
}

bool read_bool(const json& obj, std::string_view key, const std::string& path, Null null,
               std::optional<bool>& out, Diagnostics& diag) {
  out.reset();
  const std::string field = join(path, key);
  const auto it = obj.find(key);
  if (it == obj.end()) return true;
  if (it->is_null()) {
    if (null == Null::error) return diag.fail(IssueCode::missing_field, field, "null");
    if (null == Null::warn) diag.warn(IssueCode::unexpected_null, field);
    return true;
  }
  if (!it->is_boolean()) {
    return diag.fail(IssueCode::wrong_field_type, field,
                     std::string("expected boolean, got ") + type_name(*it));
  }
  out = it->get<bool>();
  return true;
}

bool read_int(const json& obj, std::string_view key, const std::string& path, Null null,
              std::int64_t min, std::optional<std::int64_t>& out, Diagnostics& diag) {
  out.reset();
  const std::string field = join(path, key);
  const auto it = obj.find(key);
  if (it == obj.end()) return true;
  if (it->is_null()) {
    if (null == Null::error) return diag.fail(IssueCode::missing_field, field, "null");
    if (null == Null::warn) diag.warn(IssueCode::unexpected_null, field);
    return true;
  }
  std::int64_t v = 0;
  if (it->is_number_unsigned()) {
    const auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX))
      return diag.fail(IssueCode::invalid_value, field, "out of range");
    v = static_cast<std::int64_t>(u);
  } else if (it->is_number_integer()) {
    v = it->get<std::int64_t>();
  } else {
    return diag.fail(IssueCode::wrong_field_type, field,
                     std::string("expected integer, got ") + type_name(*it));
  }
  if (v < min) return diag.fail(IssueCode::invalid_value, field, "below " + std::to_string(min));
  out = v;
  return true;
}

const json* read_object(const json& obj, std::string_view key, const std::string& path,
                        Diagnostics& diag) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_object()) {
    diag.fail(IssueCode::not_an_object, join(path, key), std::string("got ") + type_name(*it));
    return nullptr;
  }
  return &*it;
}

}  // namespace idv::completion::detail
