#include "service/wallet/jws.hpp"

#include <cmath>

#include "service/wallet/base64url.hpp"

namespace idv::demo::wallet {
namespace {

std::optional<nlohmann::json> decode_object(std::string_view part) {
  const auto bytes = base64url_decode(part);
  if (!bytes) return std::nullopt;
  auto value = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (!value.is_object()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Jws> parse_jws(std::string_view compact) {
  const auto dot1 = compact.find('.');
  if (dot1 == std::string_view::npos) return std::nullopt;
  const auto dot2 = compact.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = decode_object(compact.substr(0, dot1));
  auto payload = decode_object(compact.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64url_decode(compact.substr(dot2 + 1));
  if (!header || !payload || !signature) return std::nullopt;
  return Jws{compact.substr(0, dot2), std::move(*header), std::move(*payload),
             std::move(*signature)};
}

std::optional<std::int64_t> numeric_date(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {
    const double v = it->get<double>();
    if (!std::isfinite(v) || std::fabs(v) > 1e15) return std::nullopt;  // far beyond any date
    return static_cast<std::int64_t>(std::floor(v));
  }
  return std::nullopt;
}

std::optional<std::string> string_member(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace idv::demo::wallet
