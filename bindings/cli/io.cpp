#include "io.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace idv::cli {

std::optional<std::string> read_all_stdin() {
  std::string out;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) out.append(buf, n);
  if (std::ferror(stdin)) return std::nullopt;
  return out;
}

std::optional<std::string> read_file(const std::string& path) {
  if (path == "-") return read_all_stdin();
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return s.str();
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<completion::WebhookSecret> load_secret(const Options& o) {
  std::optional<std::string> text = o.get("secret");
  if (!text) {
    if (const char* env = std::getenv("IDV_WEBHOOK_SECRET"); env && *env) text = env;
  }
  if (!text) {
    std::fprintf(stderr,
                 "idv-webhook: no secret: pass --secret whsec_... or set IDV_WEBHOOK_SECRET\n");
    return std::nullopt;
  }
  auto secret = completion::WebhookSecret::parse(*text);
  if (!secret) {
    // Never echo the value: a near-miss secret is still a secret.
    std::fprintf(stderr,
                 "idv-webhook: the secret is malformed (expected whsec_<base64> or <base64>)\n");
  }
  return secret;
}

int usage_error(const char* command, const std::string& message) {
  std::fprintf(stderr, "idv-webhook %s: %s (see idv-webhook %s --help)\n", command, message.c_str(),
               command);
  return kExitUsage;
}

}  // namespace idv::cli
