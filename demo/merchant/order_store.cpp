#include "merchant/order_store.hpp"


namespace idv::demo {
namespace {

constexpr const char* kOrderColumns =
    "id, reference_data, tracking_ref, created_ms, decision, decision_ms, decision_webhook_id";

Order read_order(const Stmt& s) {
  Order o{s.text(0), s.text(1), s.text(2), s.int64(3), std::nullopt, s.int64(5), s.text(6)};
  if (!s.is_null(4)) {
    auto parsed = idv::completion::parse_risk_assessment(s.text(4));
    if (parsed.ok()) o.decision = std::move(parsed.event);
  }
  return o;
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
    CREATE INDEX IF NOT EXISTS order_events_order ON order_events(order_id, id);)");
}

bool OrderStore::create(const Order& o) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("INSERT INTO orders(id, reference_data, tracking_ref, created_ms) VALUES(?,?,?,?)");
  st.bind(1, o.id).bind(2, o.reference_data).bind(3, o.tracking_ref).bind(4, o.created_ms);
  return st.run();
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
  auto st = db_.prepare(std::string("SELECT ") + kOrderColumns + " FROM orders WHERE tracking_ref=?");
  st.bind(1, ref);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return read_order(st);
}

RecordResult OrderStore::record_webhook(const std::string& webhook_id,
                                        const idv::completion::RiskAssessmentUpdated& e,
                                        std::int64_t now_ms, std::string& order_id) {
  const std::lock_guard lock(db_.mutex());
  Transaction tx(db_);
  if (!tx.began()) return RecordResult::error;
  auto find = db_.prepare("SELECT id, decision_final FROM orders WHERE tracking_ref=?");
  find.bind(1, e.tracking_reference);
  if (find.step() != SQLITE_ROW) return RecordResult::unknown_order;
  order_id = find.text(0);
  const bool stored_final = find.int64(1) != 0;

  auto seen = db_.prepare("INSERT OR IGNORE INTO webhooks(webhook_id, received_ms, tracking_ref) VALUES(?,?,?)");
  seen.bind(1, webhook_id).bind(2, now_ms).bind(3, e.tracking_reference);
  if (!seen.run()) return RecordResult::error;
  if (db_.changes() == 0) return RecordResult::duplicate;

  RecordResult result = RecordResult::ignored_older;
  if (!(stored_final && !e.final)) {
    auto upd = db_.prepare("UPDATE orders SET decision=?, decision_final=?, decision_ms=?, "
                           "decision_webhook_id=? WHERE id=?");
    upd.bind(1, idv::completion::to_json(e)).bind(2, e.final ? 1 : 0).bind(3, now_ms).bind(4, webhook_id).bind(5, order_id);
    if (!upd.run()) return RecordResult::error;
    result = RecordResult::stored;
  }
  return tx.commit() ? result : RecordResult::error;
}

void OrderStore::add_event(const std::string& order_id, std::int64_t at_ms, const std::string& kind,
                           const std::string& detail) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("INSERT INTO order_events(order_id, at_ms, kind, detail) VALUES(?,?,?,?)");
  st.bind(1, order_id).bind(2, at_ms).bind(3, kind).bind(4, detail);
  st.run();
}

std::vector<MerchantEvent> OrderStore::events(const std::string& order_id) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT at_ms, kind, detail FROM order_events WHERE order_id=? ORDER BY id LIMIT 500");
  st.bind(1, order_id);
  std::vector<MerchantEvent> out;
  while (st.step() == SQLITE_ROW) out.push_back({st.int64(0), st.text(1), st.text(2)});
  return out;
}

std::int64_t OrderStore::webhook_count() {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT COUNT(*) FROM webhooks");
  return st.step() == SQLITE_ROW ? st.int64(0) : -1;
}

}  // namespace idv::demo
