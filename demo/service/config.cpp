#include "service/config.hpp"

#include <algorithm>

#include "common/url_check.hpp"
#include "completion/standard_webhooks.hpp"

namespace idv::demo {
namespace {

// Shown to customers: a short, printable UTF-8 name (escaped where it is shown).
bool valid_merchant_name(const std::string& name) {
  std::size_t characters = 0;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
    if ((byte & 0xC0u) != 0x80u) ++characters;
  }
  return characters >= 1 && characters <= 100 && name.find_first_not_of(' ') != std::string::npos;
}

// "https://shop.example, http://127.0.0.1:8081" -> normalised origins (what browsers send in
// Origin: lower-case host, no default port); false + error on an entry that is not an http(s)
// origin — a path, query or credentials mean the operator meant something else.
bool parse_origins(const std::string& list, std::vector<std::string>& out, std::string& error) {
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    std::string item = list.substr(start, comma - start);
    start = comma + 1;
    const auto b = item.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    item = item.substr(b, item.find_last_not_of(" \t") - b + 1);
    const auto url = parse_http_url(item);
    if (!url || url->path != "/") {
      error = "--wallet-origins: \"" + item +
              "\" is not an origin such as https://shop.example or http://127.0.0.1:8081";
      return false;
    }
    out.push_back(url->origin());
  }
  return true;
}

}  // namespace

bool ServiceConfig::wallet_origin_allowed(std::string_view origin) const {
  if (origin.empty()) return false;
  if (origin == public_base) return true;
  for (const auto& o : wallet_origins)
    if (o == origin) return true;
  return false;
}

const std::vector<std::string>& service_flag_names() {
  static const std::vector<std::string> names = {"host",
                                                 "port",
                                                 "public-base",
                                                 "data-dir",
                                                 "database",
                                                 "assets-dir",
                                                 "api-key",
                                                 "webhook-secret",
                                                 "session-ttl-s",
                                                 "phase2-delay-min-ms",
                                                 "phase2-delay-max-ms",
                                                 "review-delay-ms",
                                                 "webhook-timeout-ms",
                                                 "retry-base-ms",
                                                 "retry-factor",
                                                 "retry-cap-ms",
                                                 "retry-jitter",
                                                 "retry-max-attempts",
                                                 "retry-scale",
                                                 "webhook-concurrency",
                                                 "webhook-endpoint-concurrency",
                                                 "allow-private-webhooks",
                                                 "http-threads",
                                                 "max-long-polls",
                                                 "max-connections",
                                                 "rate-limit-rps",
                                                 "rate-limit-burst",
                                                 "max-upload-bytes",
                                                 "dispatcher-threads",
                                                 "tick-ms",
                                                 "max-attempts",
                                                 "test-hooks",
                                                 "merchant-name",
                                                 "code-attempts-per-client",
                                                 "code-attempts-window-s",
                                                 "code-attempts-global-per-min",
                                                 "wallet-trust",
                                                 "wallet-origins"};
  return names;
}

std::optional<ServiceConfig> load_service_config(const Flags& f,
                                                 const std::string& default_data_dir,
                                                 const std::string& default_assets_dir,
                                                 std::string& error) {
  ServiceConfig c;
  bool ok = true;
  const auto num = [&](const char* name, std::int64_t fallback, std::int64_t lo, std::int64_t hi) {
    const auto v = f.int64(name, fallback);
    if (!v || *v < lo || *v > hi) {
      error = std::string("--") + name + " must be a whole number in [" + std::to_string(lo) +
              ", " + std::to_string(hi) + "]";
      ok = false;
      return fallback;
    }
    return *v;
  };
  const auto real = [&](const char* name, double fallback, double lo, double hi) {
    const auto v = f.real(name, fallback);
    if (!v || *v < lo || *v > hi) {
      error = std::string("--") + name + " must be a number in [" + std::to_string(lo) + ", " +
              std::to_string(hi) + "]";
      ok = false;
      return fallback;
    }
    return *v;
  };
  c.host = f.str("host", c.host);
  c.port = static_cast<int>(num("port", c.port, 0, 65535));
  c.public_base = f.str("public-base", "http://" + c.host + ":" + std::to_string(c.port));
  c.data_dir = f.str("data-dir", default_data_dir);
  c.database = f.str("database", "");
  c.assets_dir = f.str("assets-dir", default_assets_dir);
  c.api_key = f.str("api-key", "");
  c.webhook_secret = f.str("webhook-secret", "");
  c.session_ttl_ms = num("session-ttl-s", 3600, 1, 30 * 86400) * 1000;
  c.phase2_delay_min_ms = num("phase2-delay-min-ms", c.phase2_delay_min_ms, 0, 3'600'000);
  c.phase2_delay_max_ms = num("phase2-delay-max-ms", c.phase2_delay_max_ms, 0, 3'600'000);
  c.review_delay_ms = num("review-delay-ms", c.review_delay_ms, 0, 3'600'000);
  c.webhook_timeout_ms = num("webhook-timeout-ms", c.webhook_timeout_ms, 100, 60'000);
  c.retry.base_ms = num("retry-base-ms", c.retry.base_ms, 1, 86'400'000);
  c.retry.factor = real("retry-factor", c.retry.factor, 1.0, 10.0);
  c.retry.cap_ms = num("retry-cap-ms", c.retry.cap_ms, 1, 7 * 86'400'000LL);
  c.retry.jitter = real("retry-jitter", c.retry.jitter, 0.0, 1.0);
  c.retry.max_attempts = num("retry-max-attempts", c.retry.max_attempts, 1, 100);
  c.retry.scale = real("retry-scale", c.retry.scale, 0.0001, 100.0);
  // The older flags select the older exponential schedule (backoff.hpp); without them the
  // Standard Webhooks schedule runs, scaled by --retry-scale.
  c.retry.exponential = f.has("retry-base-ms") || f.has("retry-factor") || f.has("retry-cap-ms");
  c.webhook_concurrency =
      static_cast<int>(num("webhook-concurrency", c.webhook_concurrency, 1, 4096));
  c.webhook_endpoint_concurrency = static_cast<int>(
      num("webhook-endpoint-concurrency", c.webhook_endpoint_concurrency, 1, 4096));
  if (const auto v = f.str("allow-private-webhooks", "0"); v == "1" || v == "true" || v == "yes")
    c.allow_private_webhooks = true;
  else if (v != "0" && v != "false" && v != "no") {
    error = "--allow-private-webhooks must be 1 or 0";
    ok = false;
  }
  c.http_threads = static_cast<int>(num("http-threads", c.http_threads, 1, 1024));
  c.max_long_polls = static_cast<int>(num("max-long-polls", c.max_long_polls, 0, 1'000'000));
  c.max_connections = static_cast<int>(num("max-connections", c.max_connections, 1, 1'000'000));
  c.rate_limit_rps = real("rate-limit-rps", c.rate_limit_rps, 0.0, 1e6);
  c.rate_limit_burst = real("rate-limit-burst", c.rate_limit_burst, 1.0, 1e6);
  c.max_upload_bytes = num("max-upload-bytes", c.max_upload_bytes, 1024, 50 * 1024 * 1024);
  c.dispatcher_threads = static_cast<int>(num("dispatcher-threads", c.dispatcher_threads, 1, 32));
  c.tick_ms = num("tick-ms", c.tick_ms, 10, 10'000);
  c.max_attempts = num("max-attempts", c.max_attempts, 1, 100);
  c.test_hooks = num("test-hooks", 0, 0, 1) == 1;
  c.merchant_name = f.str("merchant-name", c.merchant_name);
  c.code_attempts_per_client =
      static_cast<int>(num("code-attempts-per-client", c.code_attempts_per_client, 1, 1'000'000));
  c.code_attempts_window_ms =
      num("code-attempts-window-s", c.code_attempts_window_ms / 1000, 1, 86'400) * 1000;
  c.code_attempts_global_per_min = static_cast<int>(
      num("code-attempts-global-per-min", c.code_attempts_global_per_min, 1, 1'000'000));
  c.wallet_trust_dir = f.str("wallet-trust", "");
  if (!ok) return std::nullopt;
  if (!parse_origins(f.str("wallet-origins", ""), c.wallet_origins, error)) return std::nullopt;

  if (!valid_merchant_name(c.merchant_name)) {
    error = "--merchant-name must be 1 to 100 characters, without control characters";
    return std::nullopt;
  }
  if (c.phase2_delay_max_ms < c.phase2_delay_min_ms) {
    error = "--phase2-delay-max-ms must be >= --phase2-delay-min-ms";
    return std::nullopt;
  }
  const auto base = parse_http_url(c.public_base);
  if (!base || base->path != "/") {
    error = "--public-base must be an origin such as http://127.0.0.1:8080";
    return std::nullopt;
  }
  c.public_base = base->origin();
  if (c.api_key.size() < 16) {
    error = "an API key of at least 16 characters is required (IDV_API_KEY or --api-key)";
    return std::nullopt;
  }
  if (!idv::completion::WebhookSecret::parse(c.webhook_secret)) {
    error = "a webhook secret whsec_<base64> is required (IDV_WEBHOOK_SECRET or --webhook-secret)";
    return std::nullopt;
  }
  return c;
}

}  // namespace idv::demo
