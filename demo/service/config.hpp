#pragma once
// Everything the service can be told, with the defaults of the demo (docs/demo.md lists them).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/flags.hpp"
#include "service/backoff.hpp"

namespace idv::demo {

struct ServiceConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string public_base;     // origin of portal URLs; default http://host:port
  std::string data_dir;        // SQLite file + uploads
  std::string assets_dir;      // i18n/ and static/ of the service
  std::string api_key;         // merchants' Bearer key (required; from IDV_API_KEY)
  std::string webhook_secret;  // whsec_… (required; from IDV_WEBHOOK_SECRET)
  std::int64_t session_ttl_ms = 3'600'000;
  std::int64_t phase2_delay_min_ms = 10'000;  // production: 1–3 minutes
  std::int64_t phase2_delay_max_ms = 20'000;
  std::int64_t review_delay_ms = 20'000;  // automatic verdict -> manual review verdict
  std::int64_t webhook_timeout_ms = 10'000;
  RetryPolicy retry;
  int http_threads = 64;
  int max_long_polls = 32;  // stays below http_threads so held polls never starve the pool
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
};

const std::vector<std::string>& service_flag_names();
// nullopt + error on a bad value or a missing secret.
std::optional<ServiceConfig> load_service_config(const Flags& flags,
                                                 const std::string& default_data_dir,
                                                 const std::string& default_assets_dir,
                                                 std::string& error);

}  // namespace idv::demo
