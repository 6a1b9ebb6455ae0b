#include "service/wallet/verify_presentation.hpp"

#include "service/wallet/mdoc_verifier.hpp"
#include "service/wallet/sd_jwt_verifier.hpp"

namespace idv::demo::wallet {

namespace {
constexpr std::size_t kMaxPresentation = 256 * 1024;
}

WalletResult verify_presentation(const nlohmann::json& response, std::string_view expected_origin,
                                 std::string_view nonce, std::chrono::system_clock::time_point now,
                                 const TrustList& trust) {
  auto malformed = [](const char* m) { return WalletResult::fail(WalletError::malformed, m); };
  if (!response.is_object()) return malformed("response is not a JSON object");
  const auto token = response.find("vp_token");
  if (token == response.end() || !token->is_object() || token->size() != 1) {
    return malformed("vp_token must hold exactly one credential id");
  }
  const auto entry = token->begin();  // an iterator: items() proxies die with the statement
  const std::string& id = entry.key();
  const nlohmann::json& list = entry.value();
  if (!list.is_array() || list.size() != 1 || !list[0].is_string()) {
    return malformed("vp_token must hold exactly one presentation string");
  }
  const auto& presentation = list[0].get_ref<const std::string&>();
  if (presentation.empty() || presentation.size() > kMaxPresentation) {
    return malformed("presentation is empty or too large");
  }
  if (id == "pid") return verify_sd_jwt(presentation, expected_origin, nonce, now, trust);
  if (id == "mdl") return verify_mdoc(presentation, expected_origin, nonce, now, trust);
  return malformed("vp_token credential id is neither pid nor mdl");
}

WalletResult verify_presentation_json(std::string_view response_json,
                                      std::string_view expected_origin, std::string_view nonce,
                                      std::chrono::system_clock::time_point now,
                                      const TrustList& trust) {
  if (response_json.size() > 2 * kMaxPresentation) {
    return WalletResult::fail(WalletError::malformed, "response too large");
  }
  const auto parsed = nlohmann::json::parse(response_json, nullptr, false);
  if (parsed.is_discarded()) return WalletResult::fail(WalletError::malformed, "not JSON");
  return verify_presentation(parsed, expected_origin, nonce, now, trust);
}

}  // namespace idv::demo::wallet
