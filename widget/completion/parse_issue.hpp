#pragma once
// What the webhook parsers say about an input they did not like.
//
// Two severities, on purpose:
//   * an error   - the document cannot be trusted as a whole (not JSON, wrong shape, a required
//                  field missing, a documented field of the wrong JSON type, an identifier that
//                  breaks its length limit). The parser returns no value; the caller keeps the
//                  raw body (log it, answer 4xx) so nothing is lost.
//   * a warning  - the document is usable but strays from the sender's published tables (an
//                  enumeration value we do not know yet, a free-text field over its documented
//                  length, a null where the table promises a value). The value is kept as sent.
// Senders add enumeration values without notice; a receiver that failed on them would drop real
// decisions. A receiver that silently accepted them would hide the drift. Warnings do neither.
#include <string>
#include <string_view>
#include <vector>

namespace idv::completion {

// Upper bound on any webhook body or fetched status document the parsers accept. The largest
// real payload (the identification callback with AML/LID hit lists) stays far below it.
inline constexpr std::size_t kMaxWebhookBodyBytes = 1024 * 1024;
// Upper bound on JSON nesting. Nothing we read is deeper than 4; the bound keeps the recursive
// parts of nlohmann (copy, dump) away from stack exhaustion on hostile input.
inline constexpr int kMaxJsonDepth = 32;

enum class IssueCode {
  TooLarge,           // error: body over kMaxWebhookBodyBytes or nested deeper than kMaxJsonDepth
  MalformedJson,      // error: not JSON (or not UTF-8)
  NotAnObject,        // error: the document or a documented sub-object is not a JSON object
  UnsupportedFormat,  // error: valid JSON, but none of the three webhook formats
  MissingField,       // error: a required field is absent, null or empty
  WrongFieldType,     // error: a documented field has another JSON type than its table says
  InvalidValue,       // error (identifiers, times) or warning: a value that cannot be right
  TooLong,            // error for identifiers, warning for free text: over the documented length
  UnknownEnumValue,   // warning: not (yet) in the sender's table of values
  UnexpectedNull,     // warning: null where the table does not allow it
  IgnoredField,       // warning: present but deliberately not trusted (thin webhook extras)
};
std::string_view toString(IssueCode code);

struct ParseIssue {
  IssueCode code = IssueCode::MalformedJson;
  std::string field;   // dotted path, e.g. "status.autoFace"; empty for the whole document
  std::string detail;  // human-readable; never contains personal data (see parse_issue.cpp)

  bool operator==(const ParseIssue&) const = default;
};

// "status.autoFace: unknown_enum_value (FACE_NEW)" - one line for logs and the CLI.
std::string describe(const ParseIssue& issue);

// Does `warnings` hold an issue with this code (and, if given, this field)? For tests and
// receivers that want to alert on one particular drift.
bool hasIssue(const std::vector<ParseIssue>& warnings, IssueCode code, std::string_view field = {});

}  // namespace idv::completion
