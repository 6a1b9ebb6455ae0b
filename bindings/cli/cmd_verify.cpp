// idv-webhook verify: one delivery's signature, checked exactly as a receiver would.
#include <cstdio>

#include "commands.hpp"
#include "io.hpp"

namespace idv::cli {
namespace {

constexpr const char* kHelp =
    "usage: idv-webhook verify --secret S --id ID --timestamp T --signature SIG\n"
    "                          [--tolerance 300] [--now T] < body\n"
    "\n"
    "Verifies a Standard Webhooks signature over the exact bytes on stdin.\n"
    "  --secret S      whsec_<base64> (or bare base64); default $IDV_WEBHOOK_SECRET\n"
    "  --id ID         the webhook-id header\n"
    "  --timestamp T   the webhook-timestamp header (unix seconds)\n"
    "  --signature SIG the webhook-signature header (several 'v1,...' separated by spaces)\n"
    "  --tolerance N   accepted clock difference in seconds (default 300)\n"
    "  --now T         the current time in unix seconds (default: this machine's clock)\n"
    "Prints 'valid' and exits 0, or prints 'invalid: <reason>' and exits 1.\n";

const char* explain(completion::VerifyResult r) {
  using completion::VerifyResult;
  switch (r) {
    case VerifyResult::Ok: return "";
    case VerifyResult::InvalidSecret: return "the secret is malformed";
    case VerifyResult::MissingId: return "no webhook-id";
    case VerifyResult::MissingTimestamp: return "no webhook-timestamp";
    case VerifyResult::MissingSignature: return "no webhook-signature";
    case VerifyResult::InvalidTimestamp: return "webhook-timestamp is not unix seconds";
    case VerifyResult::TimestampTooOld:
      return "older than the tolerance: a replay or a very late retry";
    case VerifyResult::TimestampTooNew: return "newer than the tolerance: clock skew or forgery";
    case VerifyResult::NoMatchingSignature:
      return "no signature matches: wrong secret or tampered id/timestamp/body";
  }
  return "";
}

}  // namespace

int run_verify(const std::vector<std::string>& args) {
  std::string error;
  const FlagSpec spec{{"secret", "id", "timestamp", "signature", "tolerance", "now"}, {"help"}};
  const auto o = Options::parse(args, spec, error);
  if (!o) return usage_error("verify", error);
  if (o->has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  const auto tolerance = o->get_int("tolerance", error);
  const auto now = o->get_int("now", error);
  if (!error.empty()) return usage_error("verify", error);
  if (tolerance && *tolerance < 0) return usage_error("verify", "--tolerance must be >= 0");
  const auto secret = load_secret(*o);
  if (!secret) return kExitUsage;
  const auto body = read_all_stdin();
  if (!body) return usage_error("verify", "could not read the body from stdin");

  // Absent headers stay empty, so the library reports them as missing_* (exit 1, not 2): a
  // delivery without a signature is an invalid delivery, not a usage mistake.
  const std::string id = o->get("id").value_or("");
  const std::string ts = o->get("timestamp").value_or("");
  const std::string sig = o->get("signature").value_or("");
  const auto r = completion::verify(*secret, {id, ts, sig}, *body, now.value_or(unix_now()),
                                    tolerance.value_or(completion::kDefaultToleranceSeconds));
  if (r == completion::VerifyResult::Ok) {
    std::puts("valid");
    return kExitOk;
  }
  std::printf("invalid: %s (%s)\n", std::string(completion::toString(r)).c_str(), explain(r));
  return kExitFailed;
}

}  // namespace idv::cli
