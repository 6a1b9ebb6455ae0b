#pragma once
// Everything the service's handlers and workers share, created once in main.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "common/db.hpp"
#include "common/http/http.hpp"
#include "common/i18n.hpp"
#include "service/code_attempts.hpp"
#include "service/config.hpp"
#include "service/event_log.hpp"
#include "service/outbox.hpp"
#include "service/rate_limiter.hpp"
#include "service/session_store.hpp"
#include "service/tracking_cache.hpp"
#include "service/version_notifier.hpp"
#include "service/wallet/trust_list.hpp"
#include "service/wallet_requests.hpp"

namespace idv::demo {

class PgListener;  // common/pg_listener.hpp: libpq stays out of the handlers' includes

struct ServiceContext {
  ServiceContext(ServiceConfig cfg, std::unique_ptr<Db> database);
  ~ServiceContext();

  ServiceConfig config;
  std::unique_ptr<Db> db;
  VersionNotifier notifier;
  TrackingCache tracking_cache;
  SessionStore sessions;
  EventLog events;
  Outbox outbox;
  // Per instance, also with PostgreSQL (docs/demo.md, "Running more than one instance"): the
  // bucket is per widget (client address + reference), and a widget's polls reach one instance
  // at a time; sharing it would cost a database write per poll.
  RateLimiter limiter;
  // Failed short codes at POST /code, per client address and in total; per instance too.
  CodeAttemptLimiter code_attempts;
  Catalogue catalogue;
  // The digital-ID wallet path (docs/wallet.md): the issuers trusted (--wallet-trust; null: the
  // path is off) and each session's open request (in the database, shared by instances).
  std::unique_ptr<const wallet::TrustList> wallet_trust;
  WalletRequestStore wallet_requests;
  std::atomic<int> active_long_polls{0};
  std::function<void()> wake_dispatcher;  // set by main once the dispatcher runs
  const http::Server* server = nullptr;   // set by main, for /healthz
  // PostgreSQL only: other instances' session changes (schema.cpp, version 2).
  std::unique_ptr<PgListener> listener;
  void stop_listening();  // before the server goes away (its thread calls session_changed)

  // Every change of a session's version: the cached tracking answer goes first, then held
  // long-polls on it wake (and read the new one).
  void session_changed(const std::string& ref, std::int64_t version) {
    tracking_cache.invalidate(ref);
    notifier.publish(ref, version);
  }

  std::string uploads_dir() const { return config.data_dir + "/uploads"; }
};

// Opens the database (--database, else <data_dir>/service.db), applies the schema migrations,
// loads the catalogue and the wallet trust list (--wallet-trust) and, on PostgreSQL, starts
// listening for other instances' changes; nullptr + error on failure.
std::unique_ptr<ServiceContext> open_service(const ServiceConfig& config, std::string& error);

}  // namespace idv::demo
