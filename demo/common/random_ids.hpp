#pragma once
// Identifiers that act as capabilities (tracking references, order ids) come from OpenSSL's
// CSPRNG, never from std::rand or mt19937.
#include <optional>
#include <string>

namespace idv::demo {

std::optional<std::string> uuid_v4();  // RFC 9562 version 4, lower-case
std::optional<std::string> random_hex(std::size_t bytes);
bool is_uuid(const std::string& s);  // canonical 8-4-4-4-12 lower/upper hex

}  // namespace idv::demo
