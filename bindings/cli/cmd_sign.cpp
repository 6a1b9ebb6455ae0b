// idv-webhook sign: the three headers a sender attaches to a body.
#include <cstdio>

#include "commands.hpp"
#include "io.hpp"

namespace idv::cli {
namespace {

constexpr const char* kHelp =
    "usage: idv-webhook sign --secret S [--id ID] [--timestamp T] < body\n"
    "\n"
    "Prints the Standard Webhooks headers for the exact bytes on stdin:\n"
    "  webhook-id: ID\n  webhook-timestamp: T\n  webhook-signature: v1,<base64>\n"
    "  --secret S      whsec_<base64> (or bare base64); default $IDV_WEBHOOK_SECRET\n"
    "  --id ID         the message id (default: a fresh msg_...)\n"
    "  --timestamp T   unix seconds (default: now)\n";

bool header_safe(const std::string& v) {
  for (const char c : v) {
    if (c < 0x21 || c > 0x7E) return false;  // no spaces, CR/LF or controls in a header value
  }
  return !v.empty();
}

}  // namespace

int run_sign(const std::vector<std::string>& args) {
  std::string error;
  const auto o = Options::parse(args, {{"secret", "id", "timestamp"}, {"help"}}, error);
  if (!o) return usage_error("sign", error);
  if (o->has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  const auto ts = o->get_int("timestamp", error);
  if (!error.empty()) return usage_error("sign", error);
  if (ts && *ts < 0) return usage_error("sign", "--timestamp must be >= 0");
  std::string id;
  if (const auto given = o->get("id")) {
    id = *given;
  } else if (const auto fresh = completion::generateMessageId()) {
    id = *fresh;
  } else {
    return usage_error("sign", "could not generate a message id");
  }
  if (!header_safe(id)) return usage_error("sign", "--id must be printable ASCII without spaces");
  const auto secret = load_secret(*o);
  if (!secret) return kExitUsage;
  const auto body = read_all_stdin();
  if (!body) return usage_error("sign", "could not read the body from stdin");
  const std::int64_t timestamp = ts.value_or(unix_now());
  std::printf("webhook-id: %s\nwebhook-timestamp: %lld\nwebhook-signature: %s\n", id.c_str(),
              static_cast<long long>(timestamp), secret->sign(id, timestamp, *body).c_str());
  return kExitOk;
}

}  // namespace idv::cli
