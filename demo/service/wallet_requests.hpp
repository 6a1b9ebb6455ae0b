#pragma once
// The open digital-ID wallet request of each session (docs/wallet.md, "The flow"): the nonce the
// service put into the OpenID4VP request, the page origin that asked for it, when, and whether a
// response used it. One per session (a new request replaces the old one), valid
// kWalletRequestTtlMs, single use. Stored in the database (schema.cpp, version 4) so that the
// request and the response may reach different instances sharing a PostgreSQL database.
#include <cstdint>
#include <optional>
#include <string>

#include "common/db.hpp"

namespace idv::demo {

inline constexpr std::int64_t kWalletRequestTtlMs = 5 * 60 * 1000;

struct WalletRequest {
  std::string ref;
  std::string nonce;
  std::string origin;
  std::int64_t created_ms = 0;
  bool used = false;
  std::string protocol;  // "openid4vp-v1-unsigned" or "org-iso-mdoc"
  // org-iso-mdoc only: what the response is checked against (wallet_api.cpp); "" otherwise.
  std::string envelope;
};

class WalletRequestStore {
 public:
  explicit WalletRequestStore(Db& db) : db_(db) {}

  // Stores the session's request, replacing (and so invalidating) any earlier one.
  bool put(const std::string& ref, const std::string& nonce, const std::string& origin,
           std::int64_t now_ms, const std::string& protocol = "openid4vp-v1-unsigned",
           const std::string& envelope = "");
  std::optional<WalletRequest> find(const std::string& ref);
  // Uses the request up: true for exactly one caller, however many post the same response at
  // once (one conditional UPDATE; a second one finds used=1 and changes nothing). False too
  // when the request was replaced or is older than kWalletRequestTtlMs.
  bool consume(const std::string& ref, const std::string& nonce, std::int64_t now_ms);
  // The session whose open (unused, fresh) request carries `nonce`, other than `except_ref`:
  // a presentation made for another session's request (wallet_wrong_session).
  std::optional<std::string> open_request_of_other(const std::string& nonce,
                                                   const std::string& except_ref,
                                                   std::int64_t now_ms);
  // Purge: the caller holds db.mutex() inside its transaction.
  bool remove_locked(const std::string& ref);

 private:
  Db& db_;
};

}  // namespace idv::demo
