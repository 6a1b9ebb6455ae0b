#include "completion/thin_webhook.hpp"

#include <array>

#include "completion/json_fields.hpp"
#include "time/rfc_time.hpp"

namespace idv::completion {
namespace {

using namespace std::string_view_literals;
using detail::Diagnostics;
using detail::json;
using detail::Null;
using detail::Overlong;
using detail::StringRule;

constexpr std::array kStatuses = {"PENDING"sv,   "IN_PROGRESS"sv,  "PROCESSING"sv,
                                  "REVIEWING"sv, "NEEDS_REVIEW"sv, "APPROVED"sv,
                                  "REJECTED"sv,  "EXPIRED"sv,      "CANCELLED"sv};
constexpr std::array kRiskLevels = {"LOW"sv, "MEDIUM"sv, "HIGH"sv};
constexpr std::array kReviewers = {"automatic"sv, "manual"sv};

bool readId(const json& doc, std::string& out, Diagnostics& diag) {
  std::optional<std::string> id;
  const StringRule rule{kMaxIdentificationIdLength, Null::Error, Overlong::Error, {}, true, false};
  if (!detail::readString(doc, "id", "", rule, id, diag)) return false;
  if (!isValidIdentificationId(*id)) {
    return diag.fail(IssueCode::InvalidValue, "id", "allowed: A-Z a-z 0-9 _ -");
  }
  out = std::move(*id);
  return true;
}

}  // namespace

bool isValidIdentificationId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdentificationIdLength) return false;
  for (const char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string FetchRequired::path() const {
  return "/v1/identifications/" + id;
}

ThinWebhookParse parseThinWebhook(std::string_view body) {
  Diagnostics diag;
  ThinWebhookParse result;
  const json doc = detail::parseBounded(body, diag);
  FetchRequired fetch;
  if (!diag.error && readId(doc, fetch.id, diag)) {
    for (const auto& [key, value] : doc.items()) {
      if (key != "id")
        diag.warn(IssueCode::IgnoredField, detail::printable(key),
                  "thin webhooks carry only an id");
    }
  }
  result.warnings = std::move(diag.warnings);
  result.error = std::move(diag.error);
  if (!result.error) result.fetch = std::move(fetch);
  return result;
}

StatusDocumentParse parseIdentificationStatus(std::string_view body, std::string_view expectedId) {
  Diagnostics diag;
  StatusDocumentParse result;
  IdentificationStatusDocument d;
  const json doc = detail::parseBounded(body, diag);
  const auto run = [&]() -> bool {
    if (diag.error || !readId(doc, d.id, diag)) return false;
    if (!expectedId.empty() && d.id != expectedId) {
      return diag.fail(IssueCode::InvalidValue, "id", "not the identification that was asked for");
    }
    std::optional<std::string> status;
    StringRule statusRule{30, Null::Error, Overlong::Warn, kStatuses, true, true};
    if (!detail::readString(doc, "status", "", statusRule, status, diag)) return false;
    d.status = std::move(*status);
    const StringRule refRule{256, Null::Allowed, Overlong::Error, {}, false, false};
    const StringRule riskRule{30, Null::Allowed, Overlong::Warn, kRiskLevels, false, true};
    const StringRule reviewerRule{30, Null::Allowed, Overlong::Warn, kReviewers, false, true};
    const StringRule timeRule{40, Null::Allowed, Overlong::Warn, {}, false, false};
    if (!detail::readString(doc, "trackingReference", "", refRule, d.trackingReference, diag) ||
        !detail::readString(doc, "referenceData", "", refRule, d.referenceData, diag) ||
        !detail::readString(doc, "riskLevel", "", riskRule, d.riskLevel, diag) ||
        !detail::readString(doc, "reviewer", "", reviewerRule, d.reviewer, diag) ||
        !detail::readString(doc, "updatedAt", "", timeRule, d.updatedAt, diag) ||
        !detail::readBool(doc, "final", "", Null::Allowed, d.final, diag) ||
        !detail::readInt(doc, "version", "", Null::Allowed, 0, d.version, diag)) {
      return false;
    }
    if (d.updatedAt && !idv::parseRfc3339(*d.updatedAt)) {
      diag.warn(IssueCode::InvalidValue, "updatedAt", "not RFC 3339");
    }
    if (const json* meta = detail::readObject(doc, "metadata", "", diag)) {
      d.metadataJson = meta->dump(-1, ' ', false, json::error_handler_t::replace);
    }
    return !diag.error;
  };
  run();
  result.warnings = std::move(diag.warnings);
  result.error = std::move(diag.error);
  if (!result.error) result.document = std::move(d);
  return result;
}

}  // namespace idv::completion
