#include "service/wallet/sd_jwt_disclosures.hpp"

#include <map>
#include <string>

#include "service/wallet/base64url.hpp"

namespace idv::demo::wallet {
namespace {

using nlohmann::json;

struct Disclosure {
  std::optional<std::string> name;  // absent for an array-element disclosure [salt, value]
  json value;
  bool used = false;
};

constexpr int kMaxDepth = 16;

class Resolver {
 public:
  explicit Resolver(std::map<std::string, Disclosure>& by_digest) : by_digest_(by_digest) {}

  std::optional<WalletFailure> walk(json& node, int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    if (node.is_object()) return walk_object(node, depth);
    if (node.is_array()) return walk_array(node, depth);
    return std::nullopt;
  }

 private:
  static WalletFailure fail(std::string message) {
    return {WalletError::malformed, "sd-jwt disclosures: " + std::move(message)};
  }

  // Marks the disclosure for `digest` used; null for a decoy digest (no such disclosure).
  std::optional<WalletFailure> take(const json& digest, Disclosure*& out) {
    out = nullptr;
    if (!digest.is_string()) return fail("a digest is not a string");
    const auto it = by_digest_.find(digest.get<std::string>());
    if (it == by_digest_.end()) return std::nullopt;
    if (it->second.used) return fail("a digest is referenced twice");
    it->second.used = true;
    out = &it->second;
    return std::nullopt;
  }

  std::optional<WalletFailure> walk_object(json& node, int depth) {
    json digests = json::array();
    if (const auto it = node.find("_sd"); it != node.end()) {
      if (!it->is_array()) return fail("_sd is not an array");
      digests = std::move(*it);
      node.erase("_sd");
    }
    for (auto& [key, value] : node.items()) {
      if (auto failure = walk(value, depth + 1)) return failure;
    }
    for (const auto& digest : digests) {
      Disclosure* d = nullptr;
      if (auto failure = take(digest, d)) return failure;
      if (d == nullptr) continue;
      if (!d->name) return fail("an array-element disclosure is referenced from _sd");
      if (*d->name == "_sd" || *d->name == "..." || *d->name == "_sd_alg") {
        return fail("a reserved claim name is disclosed");
      }
      if (node.contains(*d->name)) return fail("a claim name appears twice");
      json value = d->value;
      if (auto failure = walk(value, depth + 1)) return failure;
      node[*d->name] = std::move(value);
    }
    return std::nullopt;
  }

  std::optional<WalletFailure> walk_array(json& node, int depth) {
    json out = json::array();
    for (auto& element : node) {
      const bool placeholder =
          element.is_object() && element.size() == 1 && element.contains("...");
      if (!placeholder) {
        if (auto failure = walk(element, depth + 1)) return failure;
        out.push_back(std::move(element));
        continue;
      }
      Disclosure* d = nullptr;
      if (auto failure = take(element["..."], d)) return failure;
      if (d == nullptr) continue;  // a decoy: drop the element
      if (d->name) return fail("an object-property disclosure is referenced from an array");
      json value = d->value;
      if (auto failure = walk(value, depth + 1)) return failure;
      out.push_back(std::move(value));
    }
    node = std::move(out);
    return std::nullopt;
  }

  std::map<std::string, Disclosure>& by_digest_;
};

}  // namespace

std::optional<WalletFailure> resolve_disclosures(nlohmann::json& payload,
                                                 const std::vector<std::string_view>& disclosures) {
  std::map<std::string, Disclosure> by_digest;
  for (const auto text : disclosures) {
    const auto bytes = base64url_decode(text);
    if (!bytes) return WalletFailure{WalletError::malformed, "a disclosure is not base64url"};
    auto array = json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (!array.is_array() || (array.size() != 2 && array.size() != 3) || !array[0].is_string()) {
      return WalletFailure{WalletError::malformed, "a disclosure is not [salt, (name,) value]"};
    }
    Disclosure d;
    if (array.size() == 3) {
      if (!array[1].is_string()) {
        return WalletFailure{WalletError::malformed, "a disclosure's claim name is not a string"};
      }
      d.name = array[1].get<std::string>();
    }
    d.value = std::move(array.back());
    // The digest is over the disclosure exactly as presented (its ASCII base64url text).
    const auto digest = base64url_encode(sha256(text));
    if (!by_digest.emplace(digest, std::move(d)).second) {
      return WalletFailure{WalletError::malformed, "the same disclosure is presented twice"};
    }
  }
  payload.erase("_sd_alg");
  Resolver resolver(by_digest);
  if (auto failure = resolver.walk(payload, 0)) return failure;
  for (const auto& [digest, d] : by_digest) {
    if (!d.used) {
      return WalletFailure{WalletError::digest_mismatch,
                           "a disclosure matches no digest signed by the issuer"};
    }
  }
  return std::nullopt;
}

}  // namespace idv::demo::wallet
