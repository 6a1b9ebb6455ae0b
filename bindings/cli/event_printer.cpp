#include "event_printer.hpp"

#include <ctime>

#include <nlohmann/json.hpp>

namespace idv::cli {

namespace cw = idv::completion;

std::string rfc3339(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string printable_header(std::string_view v) {
  std::string out;
  for (const char c : v.substr(0, 80)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  if (v.size() > 80) out += "...";
  return out;
}

std::string format_report(const DeliveryReport& r) {
  std::string s =
      rfc3339(r.received_at) + "  " + r.method + " " + printable_header(r.path) + "  -> " +
      std::to_string(r.http_status) + "  " +
      (r.message_id.empty() ? std::string("(no webhook-id)") : printable_header(r.message_id)) +
      "\n";
  const auto line = [&s](std::string_view label, const std::string& text) {
    s += "  ";
    s += label;
    s.append(label.size() < 10 ? 10 - label.size() : 1, ' ');
    s += text + "\n";
  };
  if (r.verify != cw::VerifyResult::Ok) {
    line("rejected", "signature: " + std::string(cw::toString(r.verify)));
    return s;
  }
  line("signature", "valid");
  if (!r.interpretation) return s;
  const auto& in = *r.interpretation;
  line("format", std::string(cw::toString(in.format)));
  if (in.error) line("error", cw::describe(*in.error));
  for (const auto& w : in.warnings) line("warning", cw::describe(w));
  if (in.fetch)
    line("fetch",
         "required: GET {apiBase}" + in.fetch->path() + " (a thin webhook holds no decision)");
  if (in.decision) line("decision", cw::summary(*in.decision));
  if (r.ledger) {
    line("ledger",
         std::string(cw::toString(r.ledger->outcome)) + (r.ledger->changed ? " (changed)" : ""));
    if (r.ledger->current && r.ledger->outcome != cw::LedgerOutcome::Applied)
      line("standing", cw::summary(*r.ledger->current));
  }
  if (r.print_body) {
    // Bodies the parsers refused as too large / too deep are not pretty-printed (recursion).
    const bool too_large = in.error && in.error->code == cw::IssueCode::TooLarge;
    const auto doc = too_large ? nlohmann::json(nlohmann::json::value_t::discarded)
                               : nlohmann::json::parse(r.body, nullptr, false);
    std::string pretty = doc.is_discarded()
                             ? printable_header(r.body)
                             : doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    s += "  body\n";
    std::size_t start = 0;
    while (start <= pretty.size()) {
      const auto nl = pretty.find('\n', start);
      s += "    " + pretty.substr(start, nl == std::string::npos ? std::string::npos : nl - start) +
           "\n";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  return s;
}

}  // namespace idv::cli
