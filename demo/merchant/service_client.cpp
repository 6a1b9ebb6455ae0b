#include "merchant/service_client.hpp"

#include <httplib.h>

namespace idv::demo {
namespace {

ServiceReply call(const MerchantConfig& c, const std::string& method, const std::string& path,
                  const std::string& body, std::int64_t timeout_ms) {
  httplib::Client client(c.service_base);
  const auto timeout = std::chrono::milliseconds(timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  client.set_bearer_token_auth(c.api_key);
  const auto res =
      method == "POST" ? client.Post(path, body, "application/json") : client.Get(path);
  ServiceReply r;
  if (!res) {
    r.error = "verification service unreachable (" + httplib::to_string(res.error()) + ")";
    return r;
  }
  r.status = res->status;
  r.raw = res->body;
  r.body = nlohmann::json::parse(res->body, nullptr, false);
  if (r.body.is_discarded()) r.body = nullptr;
  if (r.status < 200 || r.status >= 300) {
    r.error = "verification service answered HTTP " + std::to_string(r.status);
    if (r.body.is_object() && r.body.contains("message") && r.body["message"].is_string())
      r.error += ": " + r.body["message"].get<std::string>();
  }
  return r;
}

}  // namespace

ServiceReply create_invite(const MerchantConfig& c, const nlohmann::json& request) {
  return call(c, "POST", "/v1/user/invite", request.dump(), c.service_timeout_ms);
}

ServiceReply fetch_identification(const MerchantConfig& c, const std::string& path) {
  // Short: the service is waiting for our answer to its webhook meanwhile (it times out at
  // 10 s), and a failed fetch is simply retried with the webhook.
  return call(c, "GET", path, "", 3000);
}

ServiceReply fetch_service_events(const MerchantConfig& c, const std::string& tracking_ref) {
  // Short timeout: this only decorates the timeline; the page polls again anyway.
  return call(c, "GET", "/v1/user/" + tracking_ref + "/events", "", 2000);
}

}  // namespace idv::demo
