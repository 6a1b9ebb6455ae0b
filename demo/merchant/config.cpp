#include "merchant/config.hpp"

#include "common/url_check.hpp"
#include "completion/standard_webhooks.hpp"

namespace idv::demo {

const std::vector<std::string>& merchant_flag_names() {
  static const std::vector<std::string> names = {"host",
                                                 "port",
                                                 "public-base",
                                                 "service-base",
                                                 "service-public-base",
                                                 "data-dir",
                                                 "assets-dir",
                                                 "dist-dir",
                                                 "api-key",
                                                 "webhook-secret",
                                                 "webhook-tolerance-s",
                                                 "service-timeout-ms",
                                                 "admin-password"};
  return names;
}

std::optional<MerchantConfig> load_merchant_config(const Flags& f, const std::string& repo,
                                                   std::string& error) {
  MerchantConfig c;
  const auto port = f.int64("port", c.port);
  const auto tolerance = f.int64("webhook-tolerance-s", c.webhook_tolerance_s);
  const auto timeout = f.int64("service-timeout-ms", c.service_timeout_ms);
  if (!port || *port < 0 || *port > 65535) {
    error = "--port must be 0..65535";
    return std::nullopt;
  }
  if (!tolerance || *tolerance < 1) {
    error = "--webhook-tolerance-s must be >= 1";
    return std::nullopt;
  }
  if (!timeout || *timeout < 100) {
    error = "--service-timeout-ms must be >= 100";
    return std::nullopt;
  }
  c.port = static_cast<int>(*port);
  c.webhook_tolerance_s = *tolerance;
  c.service_timeout_ms = *timeout;
  c.host = f.str("host", c.host);
  c.public_base = f.str("public-base", "http://" + c.host + ":" + std::to_string(c.port));
  c.service_base = f.str("service-base", "http://127.0.0.1:8080");
  c.service_public_base = f.str("service-public-base", c.service_base);
  c.data_dir = f.str("data-dir", repo + "/data");
  c.assets_dir = f.str("assets-dir", repo + "/demo/merchant");
  c.dist_dir = f.str("dist-dir", repo + "/dist");
  c.api_key = f.str("api-key", "");
  c.webhook_secret = f.str("webhook-secret", "");
  c.admin_password = f.str("admin-password", "");
  for (auto* url : {&c.public_base, &c.service_base, &c.service_public_base}) {
    const auto u = parse_http_url(*url);
    if (!u || u->path != "/") {
      error =
          "--public-base, --service-base and --service-public-base must be origins like "
          "http://127.0.0.1:8080";
      return std::nullopt;
    }
    *url = u->origin();
  }
  if (c.api_key.empty()) {
    error = "the service API key is required (IDV_API_KEY or --api-key)";
    return std::nullopt;
  }
  if (!idv::completion::WebhookSecret::parse(c.webhook_secret)) {
    error = "a webhook secret whsec_<base64> is required (IDV_WEBHOOK_SECRET or --webhook-secret)";
    return std::nullopt;
  }
  // Optional: without it the back office stays closed (503), never open. A short one would be
  // guessable over HTTP Basic, so it is refused rather than accepted.
  if (!c.admin_password.empty() && c.admin_password.size() < kMinAdminPasswordLength) {
    error = "the admin password (IDV_ADMIN_PASSWORD or --admin-password) must be at least " +
            std::to_string(kMinAdminPasswordLength) + " characters";
    return std::nullopt;
  }
  return c;
}

}  // namespace idv::demo
