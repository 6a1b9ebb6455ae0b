#include "completion/parse_issue.hpp"

namespace idv::completion {

std::string_view to_string(IssueCode code) {
  switch (code) {
    case IssueCode::too_large: return "too_large";
    case IssueCode::malformed_json: return "malformed_json";
    case IssueCode::not_an_object: return "not_an_object";
    case IssueCode::unsupported_format: return "unsupported_format";
    case IssueCode::missing_field: return "missing_field";
    case IssueCode::wrong_field_type: return "wrong_field_type";
    case IssueCode::invalid_value: return "invalid_value";
    case IssueCode::too_long: return "too_long";
    case IssueCode::unknown_enum_value: return "unknown_enum_value";
    case IssueCode::unexpected_null: return "unexpected_null";
    case IssueCode::ignored_field: return "ignored_field";
  }
  return "unknown";
}

std::string describe(const ParseIssue& issue) {
  std::string out = issue.field.empty() ? std::string("body") : issue.field;
  out += ": ";
  out += to_string(issue.code);
  if (!issue.detail.empty()) out += " (" + issue.detail + ")";
  return out;
}

bool has_issue(const std::vector<ParseIssue>& warnings, IssueCode code, std::string_view field) {
  for (const auto& w : warnings) {
    if (w.code == code && (field.empty() || w.field == field)) return true;
  }
  return false;
}

}  // namespace idv::completion
