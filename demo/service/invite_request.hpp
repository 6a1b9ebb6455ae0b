#pragma once
// Validation of POST /v1/user/invite bodies. Pure: bytes in, a request or a precise error out,
// so every rule is unit-tested and nothing is stored for a bad request.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "service/webhook_format.hpp"

namespace idv::demo {

struct InviteRequest {
  std::string reference_data;  // merchant's own reference, 1..128 chars
  std::string webhook_url;     // https, or http on loopback only
  std::string return_url;      // optional, same URL rules
  std::string success_url;     // optional, same URL rules: the portal's done page links here
  std::string error_url;       // optional, same URL rules: the failed-identification page
  std::string locale;          // optional: en | nl | lt (default en)
  std::string metadata;        // optional JSON object, ≤ 4 KiB serialised; "{}" when absent
  WebhookFormat webhook_format = WebhookFormat::risk_assessment;  // optional `webhookFormat`
};

struct InviteError {
  int status;           // 400 413 415 422
  std::string code;     // machine-readable
  std::string message;  // one clear sentence
  std::string field;    // the offending field, or empty
};

inline constexpr std::size_t kMaxInviteBody = 16 * 1024;
inline constexpr std::size_t kMaxReferenceData = 128;
inline constexpr std::size_t kMaxUrl = 2048;
inline constexpr std::size_t kMaxMetadata = 4096;
// The identification callback carries referenceData as `clientId`, at most 100 characters.
inline constexpr std::size_t kMaxClientId = 100;

struct InviteOptions {
  // --allow-private-webhooks: webhookUrl may name loopback/private IP literals (the demo's
  // shop is on 127.0.0.1). Off: such a webhookUrl is 422 insecure_url (destination_policy.hpp).
  bool allow_private_webhooks = false;
};

std::variant<InviteRequest, InviteError> parse_invite(std::string_view content_type,
                                                      std::string_view body,
                                                      const std::vector<std::string>& locales,
                                                      const InviteOptions& options = {});

}  // namespace idv::demo
