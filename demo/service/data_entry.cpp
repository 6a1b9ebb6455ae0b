#include "service/data_entry.hpp"

#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "common/clock.hpp"
#include "common/log.hpp"

namespace idv::demo {
namespace {

// The demo's pacing of Phase 2 (--phase2-delay-*): not a secret, so a plain generator.
std::int64_t phase2_delay(const ServiceConfig& config) {
  static std::mutex mutex;
  static std::mt19937_64 rng{std::random_device{}()};
  const std::lock_guard lock(mutex);
  return std::uniform_int_distribution<std::int64_t>(config.phase2_delay_min_ms,
                                                     config.phase2_delay_max_ms)(rng);
}

}  // namespace

std::string_view to_string(VerificationMethod m) {
  return m == VerificationMethod::wallet ? "wallet" : "document";
}

std::optional<std::int64_t> complete_data_entry(ServiceContext& ctx, const std::string& ref,
                                                std::string details_json,
                                                const std::string& user_agent,
                                                VerificationMethod method,
                                                std::string_view credential_format) {
  auto details = nlohmann::json::parse(details_json, nullptr, false);
  if (!details.is_object()) details = nlohmann::json::object();
  details["verificationMethod"] = to_string(method);
  const std::int64_t now = now_ms();
  const std::int64_t due = now + phase2_delay(ctx.config);
  const auto version = ctx.sessions.complete(
      ref, details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), now, due,
      user_agent);
  if (!version) return std::nullopt;
  const std::string about =
      " (about " + std::to_string((due - now + 500) / 1000) + " s in this demo)";
  if (method == VerificationMethod::wallet) {
    ctx.events.add(ref, now, "wallet.completed",
                   "customer presented a digital ID from a wallet (" +
                       std::string(credential_format) +
                       ", issuer signature and device binding verified; Phase 1 done)");
    // No photos: the issuer's signature stands for the document check, the wallet's device
    // unlock for the biometric one (phase2_verdicts.cpp says so in the verdict).
    ctx.events.add(ref, now, "phase2.started",
                   "processing the wallet credential, sanctions and risk" + about);
  } else {
    ctx.events.add(ref, now, "portal.completed", "customer finished data entry (Phase 1 done)");
    ctx.events.add(ref, now, "phase2.started",
                   "processing documents, biometrics, sanctions and risk" + about);
  }
  log_line(method == VerificationMethod::wallet ? "wallet" : "portal",
           short_ref(ref) + " completed; Phase 2 due in " + std::to_string(due - now) + " ms");
  return version;
}

std::optional<VerificationMethod> verification_method_of(std::string_view status,
                                                         std::string_view details_json) {
  if (status != "COMPLETED") return std::nullopt;
  const auto d = nlohmann::json::parse(details_json, nullptr, false);
  if (d.is_object()) {
    const auto it = d.find("verificationMethod");
    if (it != d.end() && it->is_string() && it->get_ref<const std::string&>() == "wallet")
      return VerificationMethod::wallet;
  }
  return VerificationMethod::document;
}

}  // namespace idv::demo
