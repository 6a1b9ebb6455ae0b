#include "common/http_util.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "common/files.hpp"

namespace idv::demo {

void send_json(http::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void send_error(http::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field) {
  nlohmann::json body = {{"error", code}, {"message", message}};
  if (!field.empty()) body["field"] = field;
  send_json(res, status, body);
}

void set_security_headers(http::Response& res, const std::string& csp) {
  res.set_header("Content-Security-Policy", csp);
  res.set_header("X-Content-Type-Options", "nosniff");
  // Portal and order URLs carry capabilities: never leak them to other sites. (Not
  // "no-referrer": browsers then send "Origin: null" on form posts, which the portal's
  // same-origin check must refuse.)
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
}

bool send_file(http::Response& res, const std::string& path, const std::string& content_type) {
  auto data = read_file(path);
  if (!data) return false;
  res.status = 200;
  res.set_content(std::move(*data), content_type);
  return true;
}

std::string content_type_for(std::string_view f) {
  const auto ends = [&](std::string_view ext) { return f.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".wasm")) return "application/wasm";
  if (ends(".json") || ends(".map")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ts")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  unsigned char da[SHA256_DIGEST_LENGTH];
  unsigned char db[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), da);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), db);
  return CRYPTO_memcmp(da, db, sizeof da) == 0;
}

std::string bearer_token(const http::Request& req) {
  const std::string h = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return h.substr(kPrefix.size());
}

}  // namespace idv::demo
