#pragma once
// How `listen` shows one delivery: a headline, then indented detail lines, like `stripe listen`.
//
//   2026-11-22T09:33:12Z  POST /webhook  -> 200  msg_p5jXN8AQM9LWM0D4loKWxJek
//     format    risk_assessment_updated
//     decision  ref=3f0c... outcome=approved risk=low reviewer=unspecified final status=COMPLETED
//     ledger    applied (changed)
#include <optional>
#include <string>
#include <string_view>

#include "completion/decision_ledger.hpp"
#include "completion/interpret.hpp"
#include "completion/standard_webhooks.hpp"

namespace idv::cli {

struct DeliveryReport {
  std::int64_t received_at = 0;
  std::string method, path, message_id;
  int http_status = 0;
  completion::VerifyResult verify = completion::VerifyResult::Ok;
  std::optional<completion::WebhookInterpretation> interpretation;  // only when verified
  std::optional<completion::LedgerResult> ledger;
  std::string body;  // printed only with --print-body, and only when verified
  bool print_body = false;
};

std::string format_report(const DeliveryReport& r);

// Seconds since the epoch as RFC 3339 UTC ("2026-11-22T09:33:12Z").
std::string rfc3339(std::int64_t unix_seconds);

// A header value for a log line: printable ASCII, at most 80 characters.
std::string printable_header(std::string_view value);

}  // namespace idv::cli
