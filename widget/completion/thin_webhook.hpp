#pragma once
// The thin webhook of seed 000 and the status document it points at.
//
// A thin webhook carries only an identification id: {"id":"idf_4b1c..."}. It is a doorbell, not
// a decision. The receiver answers 2xx at once and then fetches
//   GET {apiBase}/v1/identifications/{id}      (with its API key)
// which returns the status document (docs/merchant.md, "Thin webhooks"):
//   {"id":"idf_4b1c...", "status":"APPROVED", "trackingReference":"3f0c9a52-...",
//    "referenceData":"order-1042", "metadata":{"orderId":"1042"}, "riskLevel":"LOW",
//    "reviewer":"manual", "final":true, "updatedAt":"2026-11-22T09:33:12Z"}
// Only the fetched document - from the service, over TLS, authenticated - is a decision. Anything
// else inside a thin webhook body is ignored (and flagged), even when the body is signed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "completion/parse_issue.hpp"

namespace idv::completion {

// Ids go into a URL path, so they are restricted to [A-Za-z0-9_-]{1,128}: no '/', no '..',
// no '%', nothing that could make the merchant's GET hit another resource.
inline constexpr std::size_t kMaxIdentificationIdLength = 128;
bool isValidIdentificationId(std::string_view id);

struct FetchRequired {
  std::string id;
  // "/v1/identifications/<id>", to append to the service's API base.
  std::string path() const;
};

struct ThinWebhookParse {
  std::optional<FetchRequired> fetch;  // set iff no error
  std::optional<ParseIssue> error;
  std::vector<ParseIssue> warnings;  // IgnoredField for every extra member
  bool ok() const { return !error.has_value(); }
};

ThinWebhookParse parseThinWebhook(std::string_view body);

// `status` of the document: PENDING, IN_PROGRESS, PROCESSING, REVIEWING (the service is still
// working), NEEDS_REVIEW (handed to the merchant), APPROVED, REJECTED, EXPIRED, CANCELLED.
struct IdentificationStatusDocument {
  std::string id;
  std::string status;
  std::optional<std::string> trackingReference, referenceData, riskLevel, reviewer, updatedAt;
  std::string metadataJson = "{}";      // the merchant's metadata from creation, compact JSON
  std::optional<bool> final;            // absent: final iff the status is a decided one
  std::optional<std::int64_t> version;  // grows with every change, when the service sends it

  bool operator==(const IdentificationStatusDocument&) const = default;
};

struct StatusDocumentParse {
  std::optional<IdentificationStatusDocument> document;  // set iff no error
  std::optional<ParseIssue> error;
  std::vector<ParseIssue> warnings;
  bool ok() const { return !error.has_value(); }
};

// expectedId: the id from the thin webhook; a document about another id is an error (a
// misrouted or substituted response must not decide this identification). Empty: not checked.
StatusDocumentParse parseIdentificationStatus(std::string_view body,
                                              std::string_view expectedId = {});

}  // namespace idv::completion
