#include "tracking/tracking_response.hpp"

#include <nlohmann/json.hpp>

#include "time/rfc_time.hpp"

namespace idv {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxReferenceLength = 128;
constexpr std::size_t kMaxStatusLength = 64;
constexpr std::size_t kMaxUrlLength = 2048;
constexpr std::size_t kMaxTimeLength = 64;
constexpr int kMaxLongPollSeconds = 30;

// Reads obj[field] as a bounded string. Absent → MissingField (if required) or nullopt.
std::variant<std::optional<std::string>, ParseError> readString(const json& obj, const char* field,
                                                               std::size_t maxLength,
                                                               bool required) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    if (required) return ParseError{ParseErrorKind::MissingField, field};
    return std::optional<std::string>{};
  }
  if (!it->is_string()) return ParseError{ParseErrorKind::WrongType, field};
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > maxLength) return ParseError{ParseErrorKind::InvalidValue, field};
  return std::optional<std::string>{s};
}

std::variant<std::optional<Millis>, ParseError> readTime(const json& obj, const char* field) {
  auto text = readString(obj, field, kMaxTimeLength, false);
  if (auto* err = std::get_if<ParseError>(&text)) return *err;
  const auto& value = std::get<std::optional<std::string>>(text);
  if (!value) return std::optional<Millis>{};
  const auto ms = parseRfc3339(*value);
  if (!ms) return ParseError{ParseErrorKind::InvalidValue, field};
  return ms;
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
  const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return ParseError{ParseErrorKind::MalformedJson, {}};
  if (!doc.is_object()) return ParseError{ParseErrorKind::NotAnObject, {}};

  TrackingSnapshot snap;

  auto ref = readString(doc, "trackingReference", kMaxReferenceLength, true);
  if (auto* err = std::get_if<ParseError>(&ref)) return *err;
  snap.trackingReference = *std::get<std::optional<std::string>>(ref);

  auto status = readString(doc, "status", kMaxStatusLength, true);
  if (auto* err = std::get_if<ParseError>(&status)) return *err;
  snap.rawStatus = *std::get<std::optional<std::string>>(status);
  snap.status = trackingStatusFromString(snap.rawStatus);

  const auto version = doc.find("version");
  if (version == doc.end() || version->is_null())
    return ParseError{ParseErrorKind::MissingField, "version"};
  if (!version->is_number_integer()) return ParseError{ParseErrorKind::WrongType, "version"};
  // is_number_integer covers both signed and unsigned storage; read through the unsigned
  // view only when the value is non-negative, so huge values are refused, not wrapped.
  if (version->is_number_unsigned()) {
    const auto v = version->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(INT64_MAX)) return ParseError{ParseErrorKind::InvalidValue, "version"};
    snap.version = static_cast<std::int64_t>(v);
  } else {
    snap.version = version->get<std::int64_t>();
    if (snap.version < 0) return ParseError{ParseErrorKind::InvalidValue, "version"};
  }

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

  const auto longPoll = doc.find("longPollMaxWaitSeconds");
  if (longPoll != doc.end() && !longPoll->is_null()) {
    if (!longPoll->is_number_integer()) return ParseError{ParseErrorKind::WrongType, "longPollMaxWaitSeconds"};
    const auto seconds = longPoll->get<std::int64_t>();
    snap.longPollMaxWaitSeconds =
        seconds <= 0 ? 0 : static_cast<int>(std::min<std::int64_t>(seconds, kMaxLongPollSeconds));
  }
  return snap;
}

}  // namespace idv
