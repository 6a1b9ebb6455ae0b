#pragma once
// Everything the service can be told, with the defaults of the demo (docs/demo.md lists them).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/flags.hpp"
#include "service/backoff.hpp"

namespace idv::demo {

struct ServiceConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string public_base;  // origin of portal URLs; default http://host:port
  std::string data_dir;     // SQLite file + uploads
  // --database / IDV_DATABASE: "sqlite:PATH", a PostgreSQL connection string, or empty for
  // <data_dir>/service.db (common/db.hpp). PostgreSQL lets several instances share it.
  std::string database;
  std::string assets_dir;      // i18n/ and static/ of the service
  std::string api_key;         // merchants' Bearer key (required; from IDV_API_KEY)
  std::string webhook_secret;  // whsec_… (required; from IDV_WEBHOOK_SECRET)
  std::int64_t session_ttl_ms = 3'600'000;
  std::int64_t phase2_delay_min_ms = 10'000;  // production: 1–3 minutes
  std::int64_t phase2_delay_max_ms = 20'000;
  std::int64_t review_delay_ms = 20'000;     // automatic verdict -> manual review verdict
  std::int64_t webhook_timeout_ms = 10'000;  // one attempt, total (connect + send + answer)
  RetryPolicy retry;
  // Webhook delivery (dispatcher.hpp): deliveries in flight at once, and at most this many to
  // one endpoint (URL origin), so a slow receiver holds a few slots, never all of them.
  int webhook_concurrency = 64;
  int webhook_endpoint_concurrency = 4;
  // Deliver to loopback / private / link-local addresses (destination_policy.hpp). Off by
  // default (SSRF); scripts/demo turns it on because the demo's shop is on 127.0.0.1.
  bool allow_private_webhooks = false;
  // The HTTP server's event-loop threads: requests, idle connections and held long-polls are
  // all served by these (a held long-poll costs a socket and a timer, not a thread).
  int http_threads = 2;
  int max_long_polls = 20'000;
  int max_connections = 20'000;  // beyond: 503 and close
  std::int64_t long_poll_max_s = 30;
  double rate_limit_rps = 20;
  double rate_limit_burst = 40;
  std::int64_t max_upload_bytes = 5 * 1024 * 1024;
  int dispatcher_threads = 2;
  std::int64_t tick_ms = 200;
  // Unreadable document photos (test rule: number ending in 999) allowed before the session
  // FAILS with an immediate callback (seed 003: "reached maximum reattempts").
  std::int64_t max_attempts = 3;
  // POST /v1/test/sessions/{ref}/fail: off unless asked for; a real service has no such door.
  bool test_hooks = false;
  // Named on the portal's first page ("You are verifying your identity for …"), beside the
  // match code, so a customer can tell whose checkout sent them. One shop per demo service.
  std::string merchant_name = "Demo Shop";
  // Failed short-code attempts at POST /code (code_attempts.hpp): per client address within
  // the window, and across all clients per minute.
  int code_attempts_per_client = 10;
  std::int64_t code_attempts_window_ms = 15 * 60 * 1000;
  int code_attempts_global_per_min = 600;
  // The digital-ID wallet path (docs/wallet.md). Empty: off (no walletProtocols in tracking,
  // the wallet endpoints answer 503). Otherwise a folder of trusted issuer certificates / keys.
  std::string wallet_trust_dir;
  // Origins whose pages may ask for a wallet presentation (--wallet-origins, comma-separated),
  // normalised; public_base is always allowed too (the widget's frame mode runs there).
  std::vector<std::string> wallet_origins;

  bool wallet_origin_allowed(std::string_view origin) const;
};

const std::vector<std::string>& service_flag_names();
// nullopt + error on a bad value or a missing secret.
std::optional<ServiceConfig> load_service_config(const Flags& flags,
                                                 const std::string& default_data_dir,
                                                 const std::string& default_assets_dir,
                                                 std::string& error);

}  // namespace idv::demo
