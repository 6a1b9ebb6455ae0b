#pragma once
// Standard Webhooks (standardwebhooks.com) signatures, v1 scheme:
//   webhook-signature: v1,<base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))>
// where key is the base64-decoded part of a "whsec_..." secret. Used by the sender (the
// verification service) and by every receiver (the demo merchant, later a merchant library).
//
// Time is always a parameter: the caller owns the clock, so every rule is testable.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idv::completion {

// Default tolerance of the spec: a timestamp more than 5 minutes away from "now" is rejected,
// which bounds replay of a captured request.
inline constexpr std::int64_t kDefaultToleranceSeconds = 300;

// A parsed signing key. Holds raw key bytes; wiped on destruction. Deliberately has no way
// to be printed except toString(), so it does not end up in logs by accident.
class WebhookSecret {
 public:
  // Accepts "whsec_<base64>" or bare "<base64>"; nullopt when not valid base64 or empty.
  static std::optional<WebhookSecret> parse(std::string_view secret);
  // A new random key (24 bytes from OpenSSL's CSPRNG, like the reference libraries).
  static std::optional<WebhookSecret> generate();

  WebhookSecret(const WebhookSecret&) = default;
  WebhookSecret(WebhookSecret&&) noexcept = default;
  WebhookSecret& operator=(const WebhookSecret&) = default;
  WebhookSecret& operator=(WebhookSecret&&) noexcept = default;
  ~WebhookSecret();

  // "whsec_<base64>", the form merchants paste into configuration.
  std::string toString() const;
  // "v1,<base64 signature>" for one attempt.
  std::string sign(std::string_view id, std::int64_t timestamp, std::string_view body) const;

 private:
  explicit WebhookSecret(std::vector<std::uint8_t> key) : key_(std::move(key)) {}
  std::vector<std::uint8_t> key_;
};

// Convenience: parse + sign. nullopt when the secret is malformed.
std::optional<std::string> sign(std::string_view secret, std::string_view id,
                                std::int64_t timestamp, std::string_view body);

// Why a request was rejected. Receivers log it and answer 4xx; never "ok" by accident.
enum class VerifyResult {
  Ok,
  InvalidSecret,       // the receiver's own configuration is broken
  MissingId,           // webhook-id header absent or empty
  MissingTimestamp,    // webhook-timestamp header absent or empty
  MissingSignature,    // webhook-signature header absent or empty
  InvalidTimestamp,    // not a plain decimal number of seconds
  TimestampTooOld,     // older than now - tolerance (replay or a very late retry)
  TimestampTooNew,     // newer than now + tolerance (clock skew or forgery)
  NoMatchingSignature  // no v1 signature in the header matches (bad key or tampered body)
};
std::string_view toString(VerifyResult r);

// The three headers as received (absent = empty).
struct WebhookHeaders {
  std::string_view id;
  std::string_view timestamp;
  std::string_view signature;  // one or more "v1,<b64>" separated by spaces (key rotation)
};

VerifyResult verify(std::string_view secret, const WebhookHeaders& headers, std::string_view body,
                    std::int64_t nowUnixSeconds,
                    std::int64_t toleranceSeconds = kDefaultToleranceSeconds);
VerifyResult verify(const WebhookSecret& secret, const WebhookHeaders& headers,
                    std::string_view body, std::int64_t nowUnixSeconds,
                    std::int64_t toleranceSeconds = kDefaultToleranceSeconds);

// A fresh message id, "msg_" + 26 random base32 characters; stays the same across retries so
// receivers can dedupe on it. nullopt only when the CSPRNG fails.
std::optional<std::string> generateMessageId();

}  // namespace idv::completion
