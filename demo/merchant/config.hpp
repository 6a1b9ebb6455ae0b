#pragma once
// The merchant site's settings (docs/demo.md lists flags and defaults).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/flags.hpp"

namespace idv::demo {

struct MerchantConfig {
  std::string host = "127.0.0.1";
  int port = 8081;
  std::string public_base;          // where the service sends webhooks and returns customers
  std::string service_base;         // the verification service, for server-to-server calls
  std::string service_public_base;  // the same service as the browser sees it (widget apiBase)
  std::string data_dir;
  std::string assets_dir;      // demo/merchant (static/)
  std::string dist_dir;        // the widget build: idv-widget.js/.mjs/.wasm
  std::string api_key;         // for the invite API (IDV_API_KEY)
  std::string webhook_secret;  // to verify webhooks (IDV_WEBHOOK_SECRET)
  std::int64_t webhook_tolerance_s = 300;
  std::int64_t service_timeout_ms = 10'000;
  // The back office (/admin) password (IDV_ADMIN_PASSWORD); empty: /admin answers 503.
  std::string admin_password;
};

inline constexpr std::size_t kMinAdminPasswordLength = 12;

const std::vector<std::string>& merchant_flag_names();
std::optional<MerchantConfig> load_merchant_config(const Flags& flags, const std::string& repo_dir,
                                                   std::string& error);

}  // namespace idv::demo
