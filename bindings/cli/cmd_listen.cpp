// idv-webhook listen: a local receiver for development, like `stripe listen`. It verifies each
// delivery with the real library, answers as a careful merchant would, folds the decisions into a
// DecisionLedger and prints what happened. Loopback only: it is a tool, not a production server.
// The HTTP side is the demo servers' own (demo/common/http: Boost.Beast, event-driven, limits
// and deadlines enforced before a handler runs).
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common/http/http.hpp"
#include "completion/decision_ledger.hpp"
#include "completion/interpret.hpp"
#include "event_printer.hpp"
#include "io.hpp"

namespace idv::cli {
namespace {

namespace cw = idv::completion;

constexpr const char* kHelp =
    "usage: idv-webhook listen --port P --secret S [--tolerance 300] [--print-body]\n"
    "                          [--max-events N]\n"
    "\n"
    "Receives webhooks on http://127.0.0.1:P/ (any path), verifies each signature and answers:\n"
    "  200  verified and understood (duplicates and ignored late events too: retrying cannot "
    "help)\n"
    "  400  missing or malformed webhook-* headers, or a verified body that is not a known event\n"
    "  401  signature or timestamp rejected\n"
    "  413  body over 1 MiB (any framing); 415 a compressed body (Content-Encoding)\n"
    "Each delivery is printed with its format, decision, warnings and the reducer's verdict.\n"
    "  --port P         0 picks a free port (printed on the first line)\n"
    "  --secret S       whsec_<base64> (or bare base64); default $IDV_WEBHOOK_SECRET\n"
    "  --tolerance N    accepted clock difference in seconds (default 300)\n"
    "  --print-body     also print each verified body, pretty\n"
    "  --max-events N   exit after N deliveries (for scripts and tests)\n"
    "Stops on Ctrl-C / SIGTERM.\n";

int status_for(cw::VerifyResult r) {
  switch (r) {
    case cw::VerifyResult::Ok: return 200;
    case cw::VerifyResult::MissingId:
    case cw::VerifyResult::MissingTimestamp:
    case cw::VerifyResult::MissingSignature:
    case cw::VerifyResult::InvalidTimestamp: return 400;
    default: return 401;
  }
}

void reply(idv::demo::http::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

int run_listen(const std::vector<std::string>& args) {
  std::string error;
  const FlagSpec spec{{"port", "secret", "tolerance", "max-events"}, {"help", "print-body"}};
  const auto o = Options::parse(args, spec, error);
  if (!o) return usage_error("listen", error);
  if (o->has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  const auto port = o->get_int("port", error);
  const auto tolerance = o->get_int("tolerance", error);
  const auto max_events = o->get_int("max-events", error);
  if (!error.empty()) return usage_error("listen", error);
  if (!port || *port < 0 || *port > 65535)
    return usage_error("listen", "--port 0..65535 is required");
  if (tolerance && *tolerance < 0) return usage_error("listen", "--tolerance must be >= 0");
  const auto secret = load_secret(*o);
  if (!secret) return kExitUsage;
  const bool print_body = o->has("print-body");

  // Ctrl-C / SIGTERM: blocked in every thread; serve_until_signal takes them, so the process
  // always exits through the normal path (and flushes its output).
  namespace http = idv::demo::http;
  http::block_termination_signals();

  std::mutex mutex;  // guards ledger, counter and stdout
  cw::DecisionLedger ledger;
  std::int64_t handled = 0;
  http::Server* server = nullptr;  // set below, before the first request can arrive

  const auto handle = [&](const http::Request& req, http::Response& res) {
    DeliveryReport report;
    report.received_at = unix_now();
    report.method = req.method;
    report.path = req.path;
    report.message_id = req.get_header_value("webhook-id");
    report.print_body = print_body;
    const std::string ts = req.get_header_value("webhook-timestamp");
    const std::string sig = req.get_header_value("webhook-signature");
    report.verify = cw::verify(*secret, {report.message_id, ts, sig}, req.body, report.received_at,
                               tolerance.value_or(cw::kDefaultToleranceSeconds));
    const std::lock_guard lock(mutex);
    if (report.verify != cw::VerifyResult::Ok) {
      report.http_status = status_for(report.verify);
      reply(res, report.http_status, {{"error", cw::toString(report.verify)}});
    } else {
      report.body = req.body;
      auto in = cw::interpretWebhook(req.body, {report.message_id, report.received_at});
      if (!in.ok()) {
        report.http_status = 400;
        reply(res, 400,
              {{"error", cw::toString(in.error->code)}, {"detail", cw::describe(*in.error)}});
      } else {
        report.http_status = 200;
        nlohmann::json answer = {{"ok", true}, {"format", cw::toString(in.format)}};
        if (in.decision) {
          report.ledger = ledger.apply(*in.decision);
          answer["ledger"] = cw::toString(report.ledger->outcome);
        }
        if (in.fetch) answer["fetch"] = in.fetch->path();
        reply(res, 200, answer);
      }
      report.interpretation = std::move(in);
    }
    std::fputs(format_report(report).c_str(), stdout);
    std::fflush(stdout);
    // The answer still goes out: stop() lets in-flight requests finish.
    if (max_events && ++handled >= *max_events && server) server->stop();
  };
  http::Router router;
  router.post(".*", handle, cw::kMaxWebhookBodyBytes);
  router.put(".*", handle, cw::kMaxWebhookBodyBytes);

  http::ServerOptions options;
  options.name = "idv-webhook";
  options.host = "127.0.0.1";
  options.port = static_cast<int>(*port);
  options.io_threads = 1;    // a development tool: one thread is plenty
  options.announce = false;  // it prints its own "Ready. Listening on …" line
  http::Server listener(std::move(router), options);
  server = &listener;
  if (!listener.listen()) {
    std::fprintf(stderr, "idv-webhook listen: cannot listen on 127.0.0.1:%lld\n",
                 static_cast<long long>(*port));
    return kExitFailed;
  }
  std::printf(
      "Ready. Listening on http://127.0.0.1:%d/ (signatures checked, tolerance %llds). Ctrl-C to "
      "stop.\n",
      listener.port(), static_cast<long long>(tolerance.value_or(cw::kDefaultToleranceSeconds)));
  std::fflush(stdout);
  listener.serve_until_signal();
  const std::lock_guard lock(mutex);
  std::printf("Stopped after %lld deliveries.\n", static_cast<long long>(handled));
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace idv::cli
