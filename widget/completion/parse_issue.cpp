#include "completion/parse_issue.hpp"

namespace idv::completion {

std::string_view toString(IssueCode code) {
  switch (code) {
    case IssueCode::TooLarge: return "too_large";
    case IssueCode::MalformedJson: return "malformed_json";
    case IssueCode::NotAnObject: return "not_an_object";
    case IssueCode::UnsupportedFormat: return "unsupported_format";
    case IssueCode::MissingField: return "missing_field";
    case IssueCode::WrongFieldType: return "wrong_field_type";
    case IssueCode::InvalidValue: return "invalid_value";
    case IssueCode::TooLong: return "too_long";
    case IssueCode::UnknownEnumValue: return "unknown_enum_value";
    case IssueCode::UnexpectedNull: return "unexpected_null";
    case IssueCode::IgnoredField: return "ignored_field";
  }
  return "unknown";
}

std::string describe(const ParseIssue& issue) {
  std::string out = issue.field.empty() ? std::string("body") : issue.field;
  out += ": ";
  out += toString(issue.code);
  if (!issue.detail.empty()) out += " (" + issue.detail + ")";
  return out;
}

bool hasIssue(const std::vector<ParseIssue>& warnings, IssueCode code, std::string_view field) {
  for (const auto& w : warnings) {
    if (w.code == code && (field.empty() || w.field == field)) return true;
  }
  return false;
}

}  // namespace idv::completion
