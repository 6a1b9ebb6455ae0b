#pragma once
// Internal: the shared field-reading rules of the webhook parsers (not a public API).
//
// Every reader checks the JSON type before get<>() and reports through Diagnostics, so no
// parser ever throws (nlohmann throws on a wrong get<>; the wasm build aborts on any throw).
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "completion/parse_issue.hpp"

namespace idv::completion::detail {

using json = nlohmann::json;

// Collects warnings; holds the first error. Parsers stop at the first error.
struct Diagnostics {
  std::optional<ParseIssue> error;
  std::vector<ParseIssue> warnings;

  bool fail(IssueCode code, std::string field, std::string detail = {}) {
    if (!error) error = ParseIssue{code, std::move(field), std::move(detail)};
    return false;
  }
  void warn(IssueCode code, std::string field, std::string detail = {}) {
    warnings.push_back({code, std::move(field), std::move(detail)});
  }
};

// Deepest bracket nesting outside strings is at most maxDepth. Runs before nlohmann sees the
// bytes: cheap, and immune to what it bounds.
bool withinDepth(std::string_view s, int maxDepth);

// Size, nesting depth, then nlohmann's own validation. Returns a discarded value on failure
// and records why in `diag`.
json parseBounded(std::string_view body, Diagnostics& diag);

// Length in Unicode code points (the sender's tables count characters, not bytes; nlohmann has
// already validated the UTF-8).
std::size_t utf8Length(std::string_view s);

// An enumeration value for a log line: at most 40 printable ASCII characters, the rest as '?'.
std::string printable(std::string_view s);

bool contains(std::span<const std::string_view> values, std::string_view v);

enum class Null { Allowed, Warn, Error };
enum class Overlong { Warn, Error };

struct StringRule {
  std::size_t maxLength = 0;                      // 0: no documented limit
  Null null = Null::Allowed;                      // what a JSON null means
  Overlong overlong = Overlong::Warn;             // identifiers: error; free text: warn
  std::span<const std::string_view> values = {};  // enumeration; empty: free text
  bool required = false;                          // absent/empty is an error
  bool valueInDetail = false;                     // enumerations only: never personal data
};

// Reads obj[key] into `out` (nullopt when absent or null). False only on an error.
bool readString(const json& obj, std::string_view key, const std::string& path,
                const StringRule& rule, std::optional<std::string>& out, Diagnostics& diag);

bool readBool(const json& obj, std::string_view key, const std::string& path, Null null,
              std::optional<bool>& out, Diagnostics& diag);

// Integral JSON numbers only; `min` bounds the value (times are never negative).
bool readInt(const json& obj, std::string_view key, const std::string& path, Null null,
             std::int64_t min, std::optional<std::int64_t>& out, Diagnostics& diag);

// Sub-object: returns nullptr when absent or null, or on an error (then diag.error is set).
const json* readObject(const json& obj, std::string_view key, const std::string& path,
                       Diagnostics& diag);

inline std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

}  // namespace idv::completion::detail
