#include "merchant/service_client.hpp"

#include "common/http/client.hpp"

namespace idv::demo {
namespace {

// Bodies of the service's answers (status document, timeline) stay far below this.
constexpr std::size_t kMaxReplyBody = 256 * 1024;

ServiceReply call(const MerchantConfig& c, const std::string& method, const std::string& path,
                  const std::string& body, std::int64_t timeout_ms) {
  http::ClientRequest req;
  req.method = method;
  req.url = c.service_base + path;
  req.headers = {{"Authorization", "Bearer " + c.api_key}, {"Accept", "application/json"}};
  if (method == "POST") {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
  }
  req.timeout = std::chrono::milliseconds(timeout_ms);  // total: connect + send + answer
  req.max_body = kMaxReplyBody;
  const auto res = http::fetch(req);
  ServiceReply r;
  if (!res.answered()) {
    r.error = "verification service unreachable (" + res.error_text + ")";
    return r;
  }
  r.status = res.status;
  if (res.truncated) {
    r.error = "verification service answered more than " + std::to_string(kMaxReplyBody) +
              " bytes; ignored";
    r.status = 0;
    return r;
  }
  r.raw = res.body;
  r.body = nlohmann::json::parse(res.body, nullptr, false);
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
