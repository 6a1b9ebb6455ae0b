#include "merchant/order_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "completion/normalize.hpp"
#include "merchant/decision_codec.hpp"

namespace idv::demo {
namespace {

namespace cw = idv::completion;

constexpr const char* kOrderColumns =
    "id, reference_data, tracking_ref, created_ms, decision, decision_ms, decision_webhook_id, "
    "verdict, webhook_format, verification_method";

Order read_order(const Stmt& s) {
  Order o{s.text(0),  s.text(1), s.text(2), s.int64(3), std::nullopt,
          s.int64(5), s.text(6), s.text(8), s.text(9)};
  if (!s.is_null(7)) {
    o.decision = decode_decision(s.text(7));
  } else if (!s.is_null(4)) {
    // Rows from before the normalized column held RISK_ASSESSMENT_UPDATED bodies.
    const auto parsed = cw::parseRiskAssessment(s.text(4));
    if (parsed.ok())
      o.decision = cw::toDecision(parsed.event, {o.decision_webhook_id, o.decision_ms / 1000});
  }
  return o;
}

constexpr std::size_t kMaxReasons = 16;
constexpr std::size_t kMaxReasonLength = 300;

std::vector<std::string> decode_reasons(const std::string& text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& r : j)
    if (r.is_string()) out.push_back(r.get<std::string>());
  return out;
}

}  // namespace
bool OrderStore::migrate() {
  const std::lock_guard lock(db_.mutex());
  return db_.exec(R"(CREATE TABLE IF NOT EXISTS orders(
      id TEXT PRIMARY KEY,
      reference_data TEXT NOT NULL,
      tracking_ref TEXT NOT NULL UNIQUE,
      created_ms INTEGER NOT NULL,
      decision TEXT,
      decision_final INTEGER NOT NULL DEFAULT 0,
      decision_ms INTEGER NOT NULL DEFAULT 0,
      decision_webhook_id TEXT NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS webhooks(
      webhook_id TEXT PRIMARY KEY, received_ms INTEGER NOT NULL, tracking_ref TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS order_events(
      id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, at_ms INTEGER NOT NULL,
      kind TEXT NOT NULL, detail TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS order_events_order ON order_events(order_id, id);)") &&
         db_.add_column("orders", "verdict", "TEXT") &&
         db_.add_column("orders", "webhook_format", "TEXT NOT NULL DEFAULT 'risk-assessment'") &&
         db_.add_column("orders", "reasons", "TEXT NOT NULL DEFAULT '[]'") &&
         db_.add_column("order_events", "public_detail", "TEXT") &&
         db_.add_column("orders", "verification_method", "TEXT NOT NULL DEFAULT ''");
}

bool OrderStore::create(const Order& o) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "INSERT INTO orders(id, reference_data, tracking_ref, created_ms, webhook_format) "
      "VALUES(?,?,?,?,?)");
  st.bind(1, o.id).bind(2, o.reference_data).bind(3, o.tracking_ref).bind(4, o.created_ms);
  st.bind(5, o.webhook_format);
  return st.run();
}

bool OrderStore::renew_tracking(const std::string& order_id, const std::string& tracking_ref) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("UPDATE orders SET tracking_ref=? WHERE id=?");
  st.bind(1, tracking_ref).bind(2, order_id);
  return st.run() && db_.changes() == 1;
}

std::optional<Order> OrderStore::find(const std::string& id) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE id=?");
  st.bind(1, id);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return read_order(st);
}

std::optional<Order> OrderStore::find_by_tracking(const std::string& ref) {
  const std::lock_guard lock(db_.mutex());
  auto st =
      db_.prepare(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE tracking_ref=?");
  st.bind(1, ref);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return read_order(st);
}

RecordOutcome OrderStore::record_decision(const std::string& webhook_id,
                                          const cw::VerificationDecision& d, std::int64_t now_ms) {
  RecordOutcome out;
  const std::lock_guard lock(db_.mutex());
  Transaction tx(db_);
  if (!tx.began()) return out;
  auto find =
      db_.prepare(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE tracking_ref=?");
  find.bind(1, d.reference);
  if (find.step() != SQLITE_ROW) {
    out.result = RecordResult::unknown_order;
    return out;
  }
  const Order order = read_order(find);
  out.order_id = order.id;

  auto seen = db_.prepare(
      "INSERT OR IGNORE INTO webhooks(webhook_id, received_ms, tracking_ref) VALUES(?,?,?)");
  seen.bind(1, webhook_id).bind(2, now_ms).bind(3, d.reference);
  if (!seen.run()) return out;
  if (db_.changes() == 0) {
    out.result = RecordResult::duplicate;
    return out;
  }

  // The library's reducer, fed the standing decision first: the same rules as in memory,
  // persisted here (docs/merchant.md: "applies the same rules in SQL after a restart").
  cw::DecisionLedger ledger;
  if (order.decision) ledger.apply(*order.decision);
  const auto r = ledger.apply(d);
  out.ledger = r.outcome;
  out.result = RecordResult::ignored_older;
  if (r.outcome == cw::LedgerOutcome::Applied && r.current) {
    auto upd = db_.prepare(
        "UPDATE orders SET verdict=?, decision_final=?, decision_ms=?, "
        "decision_webhook_id=? WHERE id=?");
    upd.bind(1, encode_decision(*r.current)).bind(2, r.current->final ? 1 : 0).bind(3, now_ms);
    upd.bind(4, webhook_id).bind(5, order.id);
    if (!upd.run()) {
      out.result = RecordResult::error;
      return out;
    }
    out.result = RecordResult::stored;
  }
  if (!tx.commit()) out.result = RecordResult::error;
  return out;
}

void OrderStore::add_event(const std::string& order_id, std::int64_t at_ms, const std::string& kind,
                           const std::string& detail,
                           const std::optional<std::string>& public_detail) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "INSERT INTO order_events(order_id, at_ms, kind, detail, public_detail) VALUES(?,?,?,?,?)");
  st.bind(1, order_id).bind(2, at_ms).bind(3, kind).bind(4, detail);
  if (public_detail)
    st.bind(5, *public_detail);
  else
    st.bind_null(5);
  st.run();
}

bool OrderStore::set_verification_method(const std::string& order_id, const std::string& method) {
  if (method != "wallet" && method != "document") return false;
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("UPDATE orders SET verification_method=? WHERE id=?");
  st.bind(1, method).bind(2, order_id);
  return st.run() && db_.changes() == 1;
}

std::vector<MerchantEvent> OrderStore::events(const std::string& order_id) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "SELECT at_ms, kind, detail, public_detail FROM order_events WHERE order_id=? ORDER BY id "
      "LIMIT 500");
  st.bind(1, order_id);
  std::vector<MerchantEvent> out;
  while (st.step() == SQLITE_ROW) {
    MerchantEvent e{st.int64(0), st.text(1), st.text(2), std::nullopt};
    if (!st.is_null(3)) e.public_detail = st.text(3);
    out.push_back(std::move(e));
  }
  return out;
}

bool OrderStore::add_reasons(const std::string& order_id, const std::vector<std::string>& reasons) {
  const std::lock_guard lock(db_.mutex());
  Transaction tx(db_);
  if (!tx.began()) return false;
  auto read = db_.prepare("SELECT reasons FROM orders WHERE id=?");
  read.bind(1, order_id);
  if (read.step() != SQLITE_ROW) return false;
  std::vector<std::string> merged = decode_reasons(read.text(0));
  for (const auto& r : reasons) {
    std::string line = r.substr(0, kMaxReasonLength);
    if (line.empty() || std::find(merged.begin(), merged.end(), line) != merged.end()) continue;
    if (merged.size() >= kMaxReasons) break;
    merged.push_back(std::move(line));
  }
  auto upd = db_.prepare("UPDATE orders SET reasons=? WHERE id=?");
  upd.bind(1, nlohmann::json(merged).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .bind(2, order_id);
  return upd.run() && tx.commit();
}

std::vector<AdminOrder> OrderStore::recent(std::size_t limit) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(std::string("SELECT ") + kOrderColumns +
                        ", reasons FROM orders ORDER BY created_ms DESC, id LIMIT ?");
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<AdminOrder> out;
  while (st.step() == SQLITE_ROW) out.push_back({read_order(st), decode_reasons(st.text(10))});
  return out;
}

std::vector<Order> OrderStore::missing_reasons(std::size_t limit) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(std::string("SELECT ") + kOrderColumns +
                        " FROM orders WHERE (verdict IS NOT NULL OR decision IS NOT NULL) AND "
                        "reasons='[]' ORDER BY created_ms DESC LIMIT ?");
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<Order> out;
  while (st.step() == SQLITE_ROW) out.push_back(read_order(st));
  return out;
}

std::int64_t OrderStore::webhook_count() {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT COUNT(*) FROM webhooks");
  return st.step() == SQLITE_ROW ? st.int64(0) : -1;
}

}  // namespace idv::demo
