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

bool read_id(const json& doc, std::string& out, Diagnostics& diag) {
  std::optional<std::string> id;
  const StringRule rule{kMaxIdentificationIdLength, Null::error, Overlong::error, {}, true, false};
  if (!detail::read_string(doc, "id", "", rule, id, diag)) return false;
  if (!is_valid_identification_id(*id)) {
    return diag.fail(IssueCode::invalid_value, "id", "allowed: A-Z a-z 0-9 _ -");
  }
  out = std::move(*id);
  return true;
}

}  // namespace

bool is_valid_identification_id(std::string_view id) {
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

ThinWebhookParse parse_thin_webhook(std::string_view body) {
  Diagnostics diag;
  ThinWebhookParse result;
  const json doc = detail::parse_bounded(body, diag);
  FetchRequired fetch;
  if (!diag.error && read_id(doc, fetch.id, diag)) {
    for (const auto& [key, value] : doc.items()) {
      if (key != "id")
        diag.warn(IssueCode::ignored_field, detail::printable(key),
                  "thin webhooks carry only an id");
    }
  }
  result.warnings = std::move(diag.warnings);
  result.error = std::move(diag.error);
  if (!result.error) result.fetch = std::move(fetch);
  return result;
}

StatusDocumentParse parse_identification_status(std::string_view body,
                                                std::string_view expected_id) {
  Diagnostics diag;
  StatusDocumentParse result;
  IdentificationStatusDocument d;
  const json doc = detail::parse_bounded(body, diag);
  const auto run = [&]() -> bool {
    if (diag.error || !read_id(doc, d.id, diag)) return false;
    if (!expected_id.empty() && d.id != expected_id) {
      return diag.fail(IssueCode::invalid_value, "id", "not the identification that was asked for");
    }
    std::optional<std::string> status;
    StringRule status_rule{30, Null::error, Overlong::warn, kStatuses, true, true};
    if (!detail::read_string(doc, "status", "", status_rule, status, diag)) return false;
    d.status = std::move(*status);
    const StringRule ref_rule{256, Null::allowed, Overlong::error, {}, false, false};
    const StringRule risk_rule{30, Null::allowed, Overlong::warn, kRiskLevels, false, true};
    const StringRule reviewer_rule{30, Null::allowed, Overlong::warn, kReviewers, false, true};
    const StringRule time_rule{40, Null::allowed, Overlong::warn, {}, false, false};
    if (!detail::read_string(doc, "trackingReference", "", ref_rule, d.tracking_reference, diag) ||
        !detail::read_string(doc, "referenceData", "", ref_rule, d.reference_data, diag) ||
        !detail::read_string(doc, "riskLevel", "", risk_rule, d.risk_level, diag) ||
        !detail::read_string(doc, "reviewer", "", reviewer_rule, d.reviewer, diag) ||
        !detail::read_string(doc, "updatedAt", "", time_rule, d.updated_at, diag) ||
        !detail::read_bool(doc, "final", "", Null::allowed, d.final, diag) ||
        !detail::read_int(doc, "version", "", Null::allowed, 0, d.version, diag)) {
      return false;
    }
    if (d.updated_at && !idv::parseRfc3339(*d.updated_at)) {
      diag.warn(IssueCode::invalid_value, "updatedAt", "not RFC 3339");
    }
    if (const json* meta = detail::read_object(doc, "metadata", "", diag)) {
      d.metadata_json = meta->dump(-1, ' ', false, json::error_handler_t::replace);
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
