#pragma once
// Everything the service's handlers and workers share, created once in main.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "common/http/http.hpp"
#include "common/i18n.hpp"
#include "common/sqlite.hpp"
#include "service/config.hpp"
#include "service/event_log.hpp"
#include "service/outbox.hpp"
#include "service/rate_limiter.hpp"
#include "service/session_store.hpp"
#include "service/tracking_cache.hpp"
#include "service/version_notifier.hpp"

namespace idv::demo {

struct ServiceContext {
  ServiceContext(ServiceConfig cfg, std::unique_ptr<Db> database);

  ServiceConfig config;
  std::unique_ptr<Db> db;
  VersionNotifier notifier;
  TrackingCache tracking_cache;
  SessionStore sessions;
  EventLog events;
  Outbox outbox;
  RateLimiter limiter;
  Catalogue catalogue;
  std::atomic<int> active_long_polls{0};
  std::function<void()> wake_dispatcher;  // set by main once the dispatcher runs
  const http::Server* server = nullptr;   // set by main, for /healthz

  // Every change of a session's version: the cached tracking answer goes first, then held
  // long-polls on it wake (and read the new one).
  void session_changed(const std::string& ref, std::int64_t version) {
    tracking_cache.invalidate(ref);
    notifier.publish(ref, version);
  }

  std::string uploads_dir() const { return config.data_dir + "/uploads"; }
};

// Opens <data_dir>/service.db, creates tables and loads the catalogue; nullptr + error on failure.
std::unique_ptr<ServiceContext> open_service(const ServiceConfig& config, std::string& error);

}  // namespace idv::demo
