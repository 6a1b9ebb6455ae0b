// idv-webhook send: sign one event and POST it, the way the verification service does.
#include <cstdio>

#include "commands.hpp"
#include "common/http/client.hpp"  // demo/common/http: libcurl, total deadline, no redirects
#include "completion/interpret.hpp"
#include "io.hpp"

namespace idv::cli {
namespace {

namespace cw = idv::completion;

constexpr const char* kHelp =
    "usage: idv-webhook send --url U --secret S [--type T] --file F [--id ID] [--timestamp T]\n"
    "\n"
    "Signs the file's exact bytes and POSTs them to U with the webhook-* headers.\n"
    "  --url U         http(s)://host[:port]/path of the receiver\n"
    "  --secret S      whsec_<base64> (or bare base64); default $IDV_WEBHOOK_SECRET\n"
    "  --file F        the body ('-' reads stdin)\n"
    "  --type T        what the file must be before it is sent:\n"
    "                    auto (default): any of the three formats below\n"
    "                    risk-assessment | identification | thin\n"
    "                    raw: send unchecked (to test a receiver with bad events)\n"
    "  --id ID         webhook-id (default: a fresh msg_...; reuse one to simulate a retry)\n"
    "  --timestamp T   webhook-timestamp (default: now; an old one simulates a replay)\n"
    "Exits 0 when the receiver answers 2xx, 1 otherwise.\n";

bool plausible_url(const std::string& url) {
  const bool http = url.starts_with("http://"), https = url.starts_with("https://");
  if (!http && !https) return false;
  if (url.size() <= (http ? 7u : 8u)) return false;
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  return true;
}

std::optional<cw::WebhookFormat> wanted_format(const std::string& type, bool& raw) {
  raw = type == "raw";
  if (type == "auto" || raw) return cw::WebhookFormat::Unknown;  // "any"
  if (type == "risk-assessment" || type == "RISK_ASSESSMENT_UPDATED")
    return cw::WebhookFormat::RiskAssessmentUpdated;
  if (type == "identification") return cw::WebhookFormat::IdentificationCallback;
  if (type == "thin") return cw::WebhookFormat::Thin;
  return std::nullopt;
}

}  // namespace

int run_send(const std::vector<std::string>& args) {
  std::string error;
  const FlagSpec spec{{"url", "secret", "type", "file", "id", "timestamp"}, {"help"}};
  const auto o = Options::parse(args, spec, error);
  if (!o) return usage_error("send", error);
  if (o->has("help")) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  const auto ts = o->get_int("timestamp", error);
  if (!error.empty()) return usage_error("send", error);
  const auto url = o->get("url");
  const auto file = o->get("file");
  if (!url) return usage_error("send", "--url is required");
  if (!file) return usage_error("send", "--file is required");
  if (!plausible_url(*url))
    return usage_error("send", "--url must be http(s)://host[:port][/path]");
  bool raw = false;
  const auto format = wanted_format(o->get("type").value_or("auto"), raw);
  if (!format)
    return usage_error("send", "--type must be auto, risk-assessment, identification, thin or raw");
  const auto secret = load_secret(*o);
  if (!secret) return kExitUsage;
  const auto body = read_file(*file);
  if (!body) return usage_error("send", "cannot read " + *file);

  // Check the event the way a receiver will, so a typo fails here and not in someone's logs.
  if (!raw) {
    const auto in = cw::interpretWebhook(*body, {});
    if (!in.ok()) {
      std::fprintf(stderr,
                   "idv-webhook send: refusing to send: %s (use --type raw to send anyway)\n",
                   cw::describe(*in.error).c_str());
      return kExitFailed;
    }
    if (*format != cw::WebhookFormat::Unknown && in.format != *format) {
      std::fprintf(stderr, "idv-webhook send: refusing to send: the file is %s, not %s\n",
                   std::string(cw::toString(in.format)).c_str(),
                   std::string(cw::toString(*format)).c_str());
      return kExitFailed;
    }
    for (const auto& w : in.warnings)
      std::fprintf(stderr, "warning: %s\n", cw::describe(w).c_str());
  }

  std::string id;
  if (const auto given = o->get("id"))
    id = *given;
  else if (const auto fresh = cw::generateMessageId())
    id = *fresh;
  if (id.empty()) return usage_error("send", "--id must not be empty");
  const std::int64_t timestamp = ts.value_or(unix_now());
  namespace http = idv::demo::http;
  http::ClientRequest req;
  req.method = "POST";
  req.url = *url;
  req.headers = {
      {"webhook-id", id},
      {"webhook-timestamp", std::to_string(timestamp)},
      {"webhook-signature", secret->sign(id, timestamp, *body)},
      {"Content-Type", "application/json"},
      {"User-Agent", "idv-webhook/0.1"},
  };
  req.body = *body;
  // The receiver has 10 s to answer (DESIGN.md contract 2): connect, send and the whole
  // answer together. Redirects are reported, not followed; the answer is shown as received.
  req.timeout = std::chrono::milliseconds(10'000);
  std::printf("-> POST %s  webhook-id %s  %zu bytes\n", url->c_str(), id.c_str(), body->size());
  const auto res = http::fetch(req);
  if (!res.answered()) {
    std::printf("<- no answer: %s\n", res.error_text.c_str());
    return kExitFailed;
  }
  std::printf("<- %d\n", res.status);
  if (res.status >= 300 && res.status < 400)
    std::printf("(a redirect to %s: not followed; a webhook sender treats it as a failure)\n",
                res.header("Location").empty() ? "?" : res.header("Location").c_str());
  if (!res.body.empty())
    std::printf("%s%s\n", res.body.c_str(), res.truncated ? "\n[cut at 64 KiB]" : "");
  return res.status >= 200 && res.status < 300 ? kExitOk : kExitFailed;
}

}  // namespace idv::cli
