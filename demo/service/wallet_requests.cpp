#include "service/wallet_requests.hpp"

namespace idv::demo {

bool WalletRequestStore::put(const std::string& ref, const std::string& nonce,
                             const std::string& origin, std::int64_t now_ms,
                             const std::string& protocol, const std::string& envelope) {
  const std::lock_guard lock(db_.mutex());
  // An upsert on the session's row: both engines take this spelling (SQLite >= 3.24).
  auto st = db_.prepare(
      "INSERT INTO wallet_requests(ref,nonce,origin,created_ms,used,protocol,envelope) "
      "VALUES(?,?,?,?,0,?,?) "
      "ON CONFLICT(ref) DO UPDATE SET nonce=excluded.nonce, origin=excluded.origin, "
      "created_ms=excluded.created_ms, used=0, protocol=excluded.protocol, "
      "envelope=excluded.envelope");
  st.bind(1, ref)
      .bind(2, nonce)
      .bind(3, origin)
      .bind(4, now_ms)
      .bind(5, protocol)
      .bind(6, envelope);
  return st.run();
}

std::optional<WalletRequest> WalletRequestStore::find(const std::string& ref) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "SELECT ref,nonce,origin,created_ms,used,protocol,envelope FROM wallet_requests WHERE ref=?");
  st.bind(1, ref);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return WalletRequest{st.text(0),       st.text(1), st.text(2), st.int64(3),
                       st.int64(4) != 0, st.text(5), st.text(6)};
}

bool WalletRequestStore::consume(const std::string& ref, const std::string& nonce,
                                 std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  // On PostgreSQL a concurrent UPDATE of the same row waits for the first one's commit, then
  // re-checks used=0 and matches nothing; SQLite has one writer. Either way one caller wins.
  auto st = db_.prepare(
      "UPDATE wallet_requests SET used=1 WHERE ref=? AND nonce=? AND used=0 AND created_ms>?");
  st.bind(1, ref).bind(2, nonce).bind(3, now_ms - kWalletRequestTtlMs);
  return st.run() && db_.changes() == 1;
}

std::optional<std::string> WalletRequestStore::open_request_of_other(const std::string& nonce,
                                                                     const std::string& except_ref,
                                                                     std::int64_t now_ms) {
  if (nonce.empty()) return std::nullopt;
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "SELECT ref FROM wallet_requests WHERE nonce=? AND ref<>? AND used=0 AND created_ms>?");
  st.bind(1, nonce).bind(2, except_ref).bind(3, now_ms - kWalletRequestTtlMs);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return st.text(0);
}

bool WalletRequestStore::remove_locked(const std::string& ref) {
  auto st = db_.prepare("DELETE FROM wallet_requests WHERE ref=?");
  st.bind(1, ref);
  return st.run();
}

}  // namespace idv::demo
