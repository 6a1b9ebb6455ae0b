#include "tracking/tracking_response.hpp"

#include <algorithm>

#include "json/flat_object.hpp"
#include "time/rfc_time.hpp"

namespace idv {
namespace {

using json::FlatObject;
using json::Value;

constexpr std::size_t kMaxReferenceLength = 128;
constexpr std::size_t kMaxStatusLength = 64;
constexpr std::size_t kMaxUrlLength = 2048;
constexpr std::size_t kMaxTimeLength = 64;
constexpr int kMaxLongPollSeconds = 30;
constexpr std::size_t kMaxCodeLength = 64;

// The member as a present, non-null value, or nullptr ("absent": JSON null counts as absent).
const Value* present(const FlatObject& obj, const char* field) {
  const Value* v = obj.find(field);
  return v && v->kind != Value::Kind::Null ? v : nullptr;
}

// A bounded string member. Absent → MissingField when required, else an empty optional.
std::variant<std::optional<std::string>, ParseError> readString(const FlatObject& obj,
                                                                const char* field,
                                                                std::size_t maxLength,
                                                                bool required) {
  const Value* v = present(obj, field);
  if (!v) {
    if (required) return ParseError{ParseErrorKind::MissingField, field};
    return std::optional<std::string>{};
  }
  if (v->kind != Value::Kind::String) return ParseError{ParseErrorKind::WrongType, field};
  if (v->text.empty() || v->text.size() > maxLength)
    return ParseError{ParseErrorKind::InvalidValue, field};
  return std::optional<std::string>{v->text};
}

std::variant<std::optional<Millis>, ParseError> readTime(const FlatObject& obj, const char* field) {
  auto text = readString(obj, field, kMaxTimeLength, false);
  if (auto* err = std::get_if<ParseError>(&text)) return *err;
  const auto& value = std::get<std::optional<std::string>>(text);
  if (!value) return std::optional<Millis>{};
  const auto ms = parseRfc3339(*value);
  if (!ms) return ParseError{ParseErrorKind::InvalidValue, field};
  return ms;
}

// An optional display extra: its text, "" when it has the wrong type or size, nullopt if absent.
std::optional<std::string> readExtra(const FlatObject& obj, const char* field) {
  const Value* v = present(obj, field);
  if (!v) return std::nullopt;
  if (v->kind != Value::Kind::String || v->text.size() > kMaxCodeLength) return std::string();
  return v->text;
}

}  // namespace

std::string_view toString(ParseErrorKind k) {
  switch (k) {
    case ParseErrorKind::TooLarge: return "too_large";
    case ParseErrorKind::MalformedJson: return "malformed_json";
    case ParseErrorKind::NotAnObject: return "not_an_object";
    case ParseErrorKind::MissingField: return "missing_field";
    case ParseErrorKind::WrongType: return "wrong_type";
    case ParseErrorKind::InvalidValue: return "invalid_value";
  }
  return "malformed_json";
}

std::variant<TrackingSnapshot, ParseError> parseTrackingResponse(std::string_view body) {
  if (body.size() > kMaxTrackingBodyBytes) return ParseError{ParseErrorKind::TooLarge, {}};
  auto parsed = FlatObject::parse(body);
  if (auto* err = std::get_if<json::FlatObjectError>(&parsed))
    return ParseError{*err == json::FlatObjectError::NotAnObject ? ParseErrorKind::NotAnObject
                                                                 : ParseErrorKind::MalformedJson,
                      {}};
  const FlatObject& doc = std::get<FlatObject>(parsed);
  TrackingSnapshot snap;

  auto ref = readString(doc, "trackingReference", kMaxReferenceLength, true);
  if (auto* err = std::get_if<ParseError>(&ref)) return *err;
  snap.trackingReference = *std::get<std::optional<std::string>>(ref);

  auto status = readString(doc, "status", kMaxStatusLength, true);
  if (auto* err = std::get_if<ParseError>(&status)) return *err;
  snap.rawStatus = *std::get<std::optional<std::string>>(status);
  snap.status = trackingStatusFromString(snap.rawStatus);

  const Value* version = present(doc, "version");
  if (!version) return ParseError{ParseErrorKind::MissingField, "version"};
  if (!version->isIntegral()) return ParseError{ParseErrorKind::WrongType, "version"};
  // Negative, or too large for int64 (JSON allows any integer): refused, never wrapped.
  if (version->kind == Value::Kind::Integer ||
      version->unsignedInteger > static_cast<std::uint64_t>(INT64_MAX))
    return ParseError{ParseErrorKind::InvalidValue, "version"};
  snap.version = static_cast<std::int64_t>(version->unsignedInteger);

  // portalUrl is needed to show a QR, but a terminal status may come without one.
  auto portal = readString(doc, "portalUrl", kMaxUrlLength, false);
  if (auto* err = std::get_if<ParseError>(&portal)) return *err;
  snap.portalUrl = std::get<std::optional<std::string>>(portal).value_or("");

  auto expires = readTime(doc, "expiresAt");
  if (auto* err = std::get_if<ParseError>(&expires)) return *err;
  snap.expiresAt = std::get<std::optional<Millis>>(expires);

  auto updated = readTime(doc, "updatedAt");
  if (auto* err = std::get_if<ParseError>(&updated)) return *err;
  snap.updatedAt = std::get<std::optional<Millis>>(updated);

  if (const Value* longPoll = present(doc, "longPollMaxWaitSeconds")) {
    if (!longPoll->isIntegral())
      return ParseError{ParseErrorKind::WrongType, "longPollMaxWaitSeconds"};
    // Seconds on the wire, Millis inside the core like every other duration.
    snap.longPollMaxWait = longPoll->kind == Value::Kind::Integer
                               ? 0
                               : static_cast<Millis>(std::min<std::uint64_t>(
                                     longPoll->unsignedInteger, kMaxLongPollSeconds)) *
                                     kSecond;
  }
  snap.shortCode = readExtra(doc, "shortCode");
  snap.matchCode = readExtra(doc, "matchCode");
  snap.walletProtocols = readExtra(doc, "walletProtocols");
  return snap;
}

}  // namespace idv
