#include "completion/standard_webhooks.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>

#include "completion/base64.hpp"

namespace idv::completion {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr std::string_view kVersionPrefix = "v1,";

std::array<std::uint8_t, 32> hmacSha256(const std::vector<std::uint8_t>& key, std::string_view id,
                                        std::int64_t timestamp, std::string_view body) {
  std::string content;
  const std::string ts = std::to_string(timestamp);
  content.reserve(id.size() + ts.size() + body.size() + 2);
  content.append(id).append(".").append(ts).append(".").append(body);
  std::array<std::uint8_t, 32> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac.data(), &len);
  return mac;
}

std::optional<std::int64_t> parseTimestamp(std::string_view s) {
  // Seconds since the epoch as plain digits; no sign, no spaces, no fractions.
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.front() == '-') return std::nullopt;
  return v;
}

}  // namespace

std::optional<WebhookSecret> WebhookSecret::parse(std::string_view secret) {
  if (secret.starts_with(kSecretPrefix)) secret.remove_prefix(kSecretPrefix.size());
  auto key = base64Decode(secret);
  if (!key || key->empty()) return std::nullopt;
  return WebhookSecret(std::move(*key));
}

std::optional<WebhookSecret> WebhookSecret::generate() {
  std::vector<std::uint8_t> key(24);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) return std::nullopt;
  return WebhookSecret(std::move(key));
}

WebhookSecret::~WebhookSecret() {
  if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
}

std::string WebhookSecret::toString() const {
  return std::string(kSecretPrefix) + base64Encode(key_);
}

std::string WebhookSecret::sign(std::string_view id, std::int64_t timestamp,
                                std::string_view body) const {
  const auto mac = hmacSha256(key_, id, timestamp, body);
  return std::string(kVersionPrefix) + base64Encode(mac);
}

std::optional<std::string> sign(std::string_view secret, std::string_view id,
                                std::int64_t timestamp, std::string_view body) {
  const auto key = WebhookSecret::parse(secret);
  if (!key) return std::nullopt;
  return key->sign(id, timestamp, body);
}

std::string_view toString(VerifyResult r) {
  switch (r) {
    case VerifyResult::Ok: return "ok";
    case VerifyResult::InvalidSecret: return "invalid_secret";
    case VerifyResult::MissingId: return "missing_id";
    case VerifyResult::MissingTimestamp: return "missing_timestamp";
    case VerifyResult::MissingSignature: return "missing_signature";
    case VerifyResult::InvalidTimestamp: return "invalid_timestamp";
    case VerifyResult::TimestampTooOld: return "timestamp_too_old";
    case VerifyResult::TimestampTooNew: return "timestamp_too_new";
    case VerifyResult::NoMatchingSignature: return "no_matching_signature";
  }
  return "unknown";
}

VerifyResult verify(const WebhookSecret& secret, const WebhookHeaders& headers,
                    std::string_view body, std::int64_t now, std::int64_t tolerance) {
  if (headers.id.empty()) return VerifyResult::MissingId;
  if (headers.timestamp.empty()) return VerifyResult::MissingTimestamp;
  if (headers.signature.empty()) return VerifyResult::MissingSignature;
  const auto ts = parseTimestamp(headers.timestamp);
  if (!ts) return VerifyResult::InvalidTimestamp;
  if (*ts < now - tolerance) return VerifyResult::TimestampTooOld;
  if (*ts > now + tolerance) return VerifyResult::TimestampTooNew;

  // Compare raw MAC bytes, not strings, and always in constant time; signatures of other
  // versions (e.g. "v1a,") are skipped, as the spec asks.
  const std::string expectedHeader = secret.sign(headers.id, *ts, body);
  const auto expected =
      base64Decode(std::string_view(expectedHeader).substr(kVersionPrefix.size()));
  std::string_view rest = headers.signature;
  while (!rest.empty()) {
    const std::size_t sp = rest.find(' ');
    const std::string_view part = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    if (!part.starts_with(kVersionPrefix)) continue;
    const auto got = base64Decode(part.substr(kVersionPrefix.size()));
    if (got && expected && got->size() == expected->size() &&
        CRYPTO_memcmp(got->data(), expected->data(), got->size()) == 0) {
      return VerifyResult::Ok;
    }
  }
  return VerifyResult::NoMatchingSignature;
}

VerifyResult verify(std::string_view secret, const WebhookHeaders& headers, std::string_view body,
                    std::int64_t now, std::int64_t tolerance) {
  const auto key = WebhookSecret::parse(secret);
  if (!key) return VerifyResult::InvalidSecret;
  return verify(*key, headers, body, now, tolerance);
}

std::optional<std::string> generateMessageId() {
  static constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford
  std::array<std::uint8_t, 26> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) return std::nullopt;
  std::string id = "msg_";
  for (const auto b : raw) id.push_back(kAlphabet[b % 32]);  // 256 % 32 == 0: no bias
  return id;
}

}  // namespace idv::completion
