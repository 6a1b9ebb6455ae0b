#pragma once
// The CLI's only contact with the outside: stdin, files, the clock, the secret.
#include <cstdint>
#include <optional>
#include <string>

#include "completion/standard_webhooks.hpp"
#include "options.hpp"

namespace idv::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // invalid signature, non-2xx answer, refused event
inline constexpr int kExitUsage = 2;   // bad flags, unreadable input, malformed secret

std::optional<std::string> read_all_stdin();
std::optional<std::string> read_file(const std::string& path);  // "-" reads stdin
std::int64_t unix_now();

// --secret, else $IDV_WEBHOOK_SECRET (keeps the secret out of `ps` and shell history).
// On failure prints a message that never contains the secret and returns nullopt.
std::optional<completion::WebhookSecret> load_secret(const Options& o);

// Prints "idv-webhook <cmd>: <message>" to stderr and returns kExitUsage.
int usage_error(const char* command, const std::string& message);

}  // namespace idv::cli
