#pragma once
// The merchant's server-to-server calls to the verification service (Bearer API key).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "merchant/config.hpp"

namespace idv::demo {

struct ServiceReply {
  int status = 0;       // 0 = no answer (network error / timeout)
  nlohmann::json body;  // parsed JSON or null
  std::string error;    // human-readable when status is 0 or not 2xx
  std::string raw;      // the body as received (parsers want the bytes)
};

ServiceReply create_invite(const MerchantConfig& c, const nlohmann::json& request);
// GET {service}{path} with the API key: the status document a thin webhook points at.
ServiceReply fetch_identification(const MerchantConfig& c, const std::string& path);
ServiceReply fetch_service_events(const MerchantConfig& c, const std::string& tracking_ref);

}  // namespace idv::demo
