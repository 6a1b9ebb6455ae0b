#include "merchant/order_store.hpp"

#include "completion/normalize.hpp"
#include "merchant/decision_codec.hpp"

namespace idv::demo {
namespace {

namespace cw = idv::completion;

constexpr const char* kOrderColumns =
    "id, reference_data, tracking_ref, created_ms, decision, decision_ms, decision_webhook_id, "
    "verdict, webhook_format";

Order read_order(const Stmt& s) {
  Order o{s.text(0),    s.text(1),  s.text(2), s.int64(3),
          std::nullopt, s.int64(5), s.text(6), s.text(8)};
  if (!s.is_null(7)) {
    o.decision = decode_decision(s.text(7));
  } else if (!s.is_null(4)) {
    // Rows from before the normalized column held RISK_ASSESSMENT_UPDATED bodies.
    const auto parsed = cw::parse_risk_assessment(s.text(4));
    if (parsed.ok())
      o.decision = cw::to_decision(parsed.event, {o.decision_webhook_id, o.decision_ms / 1000});
  }
  return o;
}

}  // namespace

// merchant.db outlives builds (scripts/demo keeps data/): new columns are added in place.
bool OrderStore::add_column(const char* name, const char* definition) {
  auto st = db_.prepare("SELECT 1 FROM pragma_table_info('orders') WHERE name=?");
  st.bind(1, name);
  if (st.step() == SQLITE_ROW) return true;
  return db_.exec(std::string("ALTER TABLE orders ADD COLUMN ") + name + " " + definition);
}

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
         add_column("verdict", "TEXT") &&
         add_column("webhook_format", "TEXT NOT NULL DEFAULT 'risk-assessment'");
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
  if (r.outcome == cw::LedgerOutcome::applied && r.current) {
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
                           const std::string& detail) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("INSERT INTO order_events(order_id, at_ms, kind, detail) VALUES(?,?,?,?)");
  st.bind(1, order_id).bind(2, at_ms).bind(3, kind).bind(4, detail);
  st.run();
}

std::vector<MerchantEvent> OrderStore::events(const std::string& order_id) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "SELECT at_ms, kind, detail FROM order_events WHERE order_id=? ORDER BY id LIMIT 500");
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
