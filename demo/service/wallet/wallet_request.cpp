#include "service/wallet/wallet_request.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "service/wallet/base64url.hpp"

namespace idv::demo::wallet {

using nlohmann::json;

std::string new_wallet_nonce() {
  std::array<std::uint8_t, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return base64url_encode(bytes);
}

json wallet_request_data(std::string_view nonce) {
  auto path = [](std::initializer_list<const char*> parts) {
    json p = json::array();
    for (const char* part : parts) p.push_back(part);
    return json{{"path", p}};
  };
  const char* ns = "org.iso.18013.5.1";
  json pid = {
      {"id", "pid"},
      {"format", "dc+sd-jwt"},
      {"meta", {{"vct_values", json::array({"urn:eudi:pid:1"})}}},
      {"claims",
       {path({"given_name"}), path({"family_name"}), path({"birthdate"}), path({"nationalities"}),
        path({"age_equal_or_over", "18"}), path({"document_number"})}}};
  json mdl = {
      {"id", "mdl"},
      {"format", "mso_mdoc"},
      {"meta", {{"doctype_value", "org.iso.18013.5.1.mDL"}}},
      {"claims",
       {path({ns, "given_name"}), path({ns, "family_name"}), path({ns, "birth_date"}),
        path({ns, "nationality"}), path({ns, "document_number"}), path({ns, "age_over_18"})}}};
  json options = json::array({json::array({"pid"}), json::array({"mdl"})});
  return {{"response_type", "vp_token"},
          {"response_mode", "dc_api"},
          {"nonce", std::string(nonce)},
          {"dcql_query",
           {{"credentials", json::array({pid, mdl})},
            {"credential_sets", json::array({json{{"options", options}}})}}},
          {"client_metadata",
           {{"vp_formats_supported",
             {{"dc+sd-jwt",
               {{"sd-jwt_alg_values", json::array({"ES256"})},
                {"kb-jwt_alg_values", json::array({"ES256"})}}},
              {"mso_mdoc",
               {{"issuerauth_alg_values", json::array({-7})},
                {"deviceauth_alg_values", json::array({-7})}}}}}}}};
}

}  // namespace idv::demo::wallet
