#include "service/wallet/sd_jwt_verifier.hpp"

#include <string>
#include <vector>

#include "service/wallet/base64url.hpp"
#include "service/wallet/claim_rules.hpp"
#include "service/wallet/issuer_chain.hpp"
#include "service/wallet/jws.hpp"
#include "service/wallet/sd_jwt_disclosures.hpp"
#include "service/wallet/trust_list.hpp"

namespace idv::demo::wallet {
namespace {

using nlohmann::json;

constexpr std::int64_t kSkewSeconds = 60;
constexpr std::int64_t kKeyBindingMaxAgeSeconds = 300;
constexpr std::size_t kMaxDisclosures = 64;

WalletResult fail(WalletError e, std::string message) {
  return WalletResult::fail(e, "sd-jwt: " + std::move(message));
}

struct Parts {
  std::string_view issuer_jwt;
  std::vector<std::string_view> disclosures;
  std::string_view hashed;  // everything before the KB-JWT, the last '~' included
  std::string_view kb_jwt;
};

std::optional<Parts> split(std::string_view presentation) {
  const auto last = presentation.rfind('~');
  if (last == std::string_view::npos) return std::nullopt;
  Parts parts;
  parts.hashed = presentation.substr(0, last + 1);
  parts.kb_jwt = presentation.substr(last + 1);
  std::string_view rest = parts.hashed;
  const auto first = rest.find('~');
  parts.issuer_jwt = rest.substr(0, first);
  rest.remove_prefix(first + 1);
  while (!rest.empty()) {
    const auto next = rest.find('~');
    if (next == 0 || parts.disclosures.size() == kMaxDisclosures) return std::nullopt;
    parts.disclosures.push_back(rest.substr(0, next));
    rest.remove_prefix(next + 1);
  }
  if (parts.issuer_jwt.empty() || parts.kb_jwt.empty()) return std::nullopt;
  return parts;
}

// The JWS `x5c` header: standard base64 DER certificates, leaf first.
std::optional<std::vector<Bytes>> x5c(const json& header) {
  const auto it = header.find("x5c");
  if (it == header.end() || !it->is_array()) return std::nullopt;
  std::vector<Bytes> out;
  for (const auto& entry : *it) {
    if (!entry.is_string()) return std::nullopt;
    auto der = base64_decode(entry.get_ref<const std::string&>());
    if (!der) return std::nullopt;
    out.push_back(std::move(*der));
  }
  return out;
}

std::int64_t seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::optional<WalletFailure> check_validity(const json& payload, std::int64_t now) {
  const auto exp = numeric_date(payload, "exp");
  const auto iat = numeric_date(payload, "iat");
  if (!exp || !iat || !string_member(payload, "iss")) {
    return WalletFailure{WalletError::malformed, "sd-jwt: iss, iat and exp are required"};
  }
  const bool has_nbf = payload.contains("nbf");
  const auto nbf = numeric_date(payload, "nbf");
  if (has_nbf && !nbf) return WalletFailure{WalletError::malformed, "sd-jwt: nbf is not a date"};
  if (now > *exp + kSkewSeconds) return WalletFailure{WalletError::expired, "sd-jwt: expired"};
  if ((nbf && *nbf > now + kSkewSeconds) || *iat > now + kSkewSeconds) {
    return WalletFailure{WalletError::expired, "sd-jwt: not yet valid"};
  }
  return std::nullopt;
}

// Required: given_name, family_name, birthdate; the rest when present, of the right type.
WalletResult take_claims(const json& claims, std::string_view issuer_jwt) {
  WalletClaims out;
  out.format = "dc+sd-jwt";
  const auto given = string_member(claims, "given_name");
  const auto family = string_member(claims, "family_name");
  const auto birth = string_member(claims, "birthdate");
  for (const char* name : {"given_name", "family_name", "birthdate"}) {
    if (!claims.contains(name)) {
      return fail(WalletError::missing_claims, std::string("required claim absent: ") + name);
    }
  }
  if (!given || !family || !birth) return fail(WalletError::malformed, "a name is not a string");
  out.given_name = *given;
  out.family_name = *family;
  out.birthdate = *birth;
  if (const auto it = claims.find("nationalities"); it != claims.end()) {
    if (!it->is_array()) return fail(WalletError::malformed, "nationalities is not an array");
    for (const auto& n : *it) {
      if (!n.is_string()) return fail(WalletError::malformed, "a nationality is not a string");
      out.nationalities.push_back(n.get<std::string>());
    }
  }
  if (const auto it = claims.find("age_equal_or_over"); it != claims.end()) {
    if (!it->is_object()) return fail(WalletError::malformed, "age_equal_or_over is not an object");
    if (const auto a = it->find("18"); a != it->end()) {
      if (!a->is_boolean()) return fail(WalletError::malformed, "age_equal_or_over.18 not a bool");
      out.age_over_18 = a->get<bool>();
    }
  }
  if (claims.contains("document_number")) {
    out.document_number = string_member(claims, "document_number");
    if (!out.document_number) return fail(WalletError::malformed, "document_number not a string");
  }
  if (auto failure = finish_claims(out, as_bytes(issuer_jwt))) {
    return WalletResult::fail(failure->error, std::move(failure->message));
  }
  return WalletResult::success(std::move(out));
}

// The KB-JWT: signed by the key in cnf.jwk, bound to the request and to the presented parts.
std::optional<WalletFailure> check_key_binding(const Parts& parts, EVP_PKEY* device_key,
                                               std::string_view origin, std::string_view nonce,
                                               std::int64_t now) {
  auto failure = [](WalletError e, const char* message) {
    return WalletFailure{e, std::string("sd-jwt key binding: ") + message};
  };
  const auto kb = parse_jws(parts.kb_jwt);
  if (!kb) return failure(WalletError::malformed, "not a JWS");
  if (string_member(kb->header, "alg") != "ES256" || string_member(kb->header, "typ") != "kb+jwt") {
    return failure(WalletError::malformed, "header must be ES256 / kb+jwt");
  }
  if (!verify_es256(device_key, as_bytes(kb->signing_input), kb->signature)) {
    return failure(WalletError::bad_device_signature, "signature does not verify with cnf.jwk");
  }
  const auto sd_hash = string_member(kb->payload, "sd_hash");
  const auto kb_nonce = string_member(kb->payload, "nonce");
  const auto aud = string_member(kb->payload, "aud");
  const auto iat = numeric_date(kb->payload, "iat");
  if (!sd_hash || !kb_nonce || !aud || !iat) {
    return failure(WalletError::malformed, "iat, aud, nonce and sd_hash are required");
  }
  // A disclosure added or removed after the holder signed: the presentation was altered.
  if (!equal_secret(*sd_hash, base64url_encode(sha256(parts.hashed)))) {
    return failure(WalletError::digest_mismatch, "sd_hash does not match the presentation");
  }
  if (!equal_secret(*kb_nonce, nonce)) return failure(WalletError::nonce_mismatch, "wrong nonce");
  if (*aud != "origin:" + std::string(origin)) {
    return failure(WalletError::audience_mismatch, "aud is not the expected origin");
  }
  if (*iat > now + kSkewSeconds || *iat < now - kKeyBindingMaxAgeSeconds) {
    return failure(WalletError::expired, "iat is not within the last 5 minutes");
  }
  return std::nullopt;
}

}  // namespace

WalletResult verify_sd_jwt(std::string_view presentation, std::string_view origin,
                           std::string_view nonce, std::chrono::system_clock::time_point now,
                           const TrustList& trust) {
  const auto parts = split(presentation);
  if (!parts) return fail(WalletError::malformed, "not <jwt>~<disclosures>~<kb-jwt>");
  auto jwt = parse_jws(parts->issuer_jwt);
  if (!jwt) return fail(WalletError::malformed, "the issuer-signed JWT is not a JWS");
  if (string_member(jwt->header, "alg") != "ES256" ||
      string_member(jwt->header, "typ") != "dc+sd-jwt") {
    return fail(WalletError::malformed, "issuer JWT header must be ES256 / dc+sd-jwt");
  }
  const auto certificates = x5c(jwt->header);
  if (!certificates) return fail(WalletError::malformed, "x5c is not an array of base64 DER");

  std::vector<ByteSpan> der_chain(certificates->begin(), certificates->end());
  std::vector<X509Ptr> chain;
  if (auto failure = check_issuer_chain(der_chain, trust, now, chain)) {
    return WalletResult::fail(failure->error, "sd-jwt: " + failure->message);
  }
  if (!verify_es256(X509_get0_pubkey(chain.front().get()), as_bytes(jwt->signing_input),
                    jwt->signature)) {
    return fail(WalletError::bad_issuer_signature, "issuer signature does not verify");
  }

  json& payload = jwt->payload;
  if (string_member(payload, "vct") != kPidVct)
    return fail(WalletError::malformed, "vct is not a PID");
  if (payload.contains("_sd_alg") && string_member(payload, "_sd_alg") != "sha-256") {
    return fail(WalletError::malformed, "_sd_alg is not sha-256");
  }
  const std::int64_t now_s = seconds(now);
  if (auto failure = check_validity(payload, now_s)) {
    return WalletResult::fail(failure->error, std::move(failure->message));
  }
  PkeyPtr device_key;
  if (const auto cnf = payload.find("cnf"); cnf != payload.end() && cnf->is_object()) {
    if (const auto jwk = cnf->find("jwk"); jwk != cnf->end() && jwk->is_object()) {
      device_key = p256_key_from_jwk(*jwk);
    }
  }
  if (!device_key) return fail(WalletError::malformed, "cnf.jwk is not an EC P-256 public key");

  if (auto failure = resolve_disclosures(payload, parts->disclosures)) {
    return WalletResult::fail(failure->error, "sd-jwt: " + failure->message);
  }
  if (auto failure = check_key_binding(*parts, device_key.get(), origin, nonce, now_s)) {
    return WalletResult::fail(failure->error, std::move(failure->message));
  }
  return take_claims(payload, parts->issuer_jwt);
}

}  // namespace idv::demo::wallet
