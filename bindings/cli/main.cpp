// idv-webhook: verify, sign, receive and send Phase 2 webhooks (Standard Webhooks signatures).
// See docs/merchant.md. Secrets are read from --secret or $IDV_WEBHOOK_SECRET and never printed.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "io.hpp"

namespace {

constexpr const char* kUsage =
    "idv-webhook - verify, sign, receive and send identity-verification webhooks\n"
    "\n"
    "usage: idv-webhook <command> [options]   (idv-webhook <command> --help for details)\n"
    "\n"
    "commands:\n"
    "  verify   check the signature of one delivery: exit 0 and 'valid', or exit 1 and the reason\n"
    "  sign     print the three webhook-* headers for a body read from stdin\n"
    "  listen   run a local receiver on 127.0.0.1 that verifies and pretty-prints each event\n"
    "  send     sign and POST one event to a receiver\n"
    "\n"
    "The secret comes from --secret whsec_... or the IDV_WEBHOOK_SECRET environment variable.\n"
    "Exit codes: 0 ok, 1 rejected/failed, 2 usage or input error.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? idv::cli::kExitUsage : idv::cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "verify") return idv::cli::run_verify(args);
  if (command == "sign") return idv::cli::run_sign(args);
  if (command == "listen") return idv::cli::run_listen(args);
  if (command == "send") return idv::cli::run_send(args);
  std::fprintf(stderr, "idv-webhook: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return idv::cli::kExitUsage;
}
