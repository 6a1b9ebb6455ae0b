#pragma once
// A compact JWS (header.payload.signature) split and decoded, before any check of its meaning.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

struct Jws {
  std::string_view signing_input;  // the ASCII "header.payload" the signature covers
  nlohmann::json header;           // an object
  nlohmann::json payload;          // an object
  Bytes signature;
};

// nullopt unless three base64url parts whose first two are JSON objects.
std::optional<Jws> parse_jws(std::string_view compact);

// A NumericDate member as whole seconds; nullopt if absent or not a finite number.
std::optional<std::int64_t> numeric_date(const nlohmann::json& object, const char* name);

// A string member; nullopt if absent or of another type.
std::optional<std::string> string_member(const nlohmann::json& object, const char* name);

}  // namespace idv::demo::wallet
