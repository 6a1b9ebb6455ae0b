#include "service/wallet/claim_rules.hpp"

#include <chrono>

#include "service/wallet/base64url.hpp"

namespace idv::demo::wallet {
namespace {

constexpr std::size_t kMaxClaimLength = 256;

bool digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (const char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool is_full_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  if (!digits(t.substr(0, 4)) || !digits(t.substr(5, 2)) || !digits(t.substr(8, 2))) return false;
  const std::chrono::year_month_day day{
      std::chrono::year{number(t.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(number(t.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(number(t.substr(8, 2)))}};
  return day.ok();
}

bool is_alpha2(std::string_view t) {
  return t.size() == 2 && t[0] >= 'A' && t[0] <= 'Z' && t[1] >= 'A' && t[1] <= 'Z';
}

std::optional<WalletFailure> finish_claims(WalletClaims& claims, ByteSpan issuer_signed) {
  auto bad = [](const char* what) {
    return WalletFailure{WalletError::malformed, std::string("claim value: ") + what};
  };
  if (claims.given_name.empty() || claims.given_name.size() > kMaxClaimLength ||
      claims.family_name.empty() || claims.family_name.size() > kMaxClaimLength) {
    return bad("a name is empty or too long");
  }
  if (!is_full_date(claims.birthdate)) return bad("the birth date is not YYYY-MM-DD");
  if (claims.nationalities.size() > 16) return bad("too many nationalities");
  for (const auto& n : claims.nationalities) {
    if (!is_alpha2(n)) return bad("a nationality is not an ISO 3166-1 alpha-2 code");
  }
  if (claims.document_number &&
      (claims.document_number->empty() || claims.document_number->size() > kMaxClaimLength)) {
    return bad("the document number is empty or too long");
  }
  claims.credential_id =
      claims.document_number ? *claims.document_number : base64url_encode(sha256(issuer_signed));
  return std::nullopt;
}

}  // namespace idv::demo::wallet
