#pragma once
// The Phase 2 webhook body of one verdict, in the session's format, built with the completion
// library's builders (shared with the merchant side, so sender and receiver agree by
// construction):
//   risk-assessment  RISK_ASSESSMENT_UPDATED (DESIGN.md contract 2)
//   identification   the seed-003 callback, filled from what the customer entered in the portal
//   thin             {"id": "<tracking reference>"}; the rest is behind GET
//   /v1/identifications/{id}
#include <cstdint>
#include <string>
#include <string_view>

#include "service/phase2_verdicts.hpp"
#include "service/session_store.hpp"

namespace idv::demo {

struct BodyInput {
  const Session& session;
  const Phase2Verdict& verdict;
  std::int64_t now_ms = 0;
  std::int64_t auto_finish_ms = 0;  // the automatic verdict's time: finishTime of both callbacks
  std::string public_base;          // origin of the fileUrls
};

std::string webhook_body(WebhookFormat format, const BodyInput& in);
std::string_view webhook_label(WebhookFormat format);  // for the timeline

// seed 003's `platform`, from the browser that finished data entry.
std::string platform_from_user_agent(std::string_view user_agent);

// {public_base}/v1/files/{ref}/{token}/{file}: the token is the capability (unguessable,
// per session, gone when the session is deleted).
std::string file_url(const std::string& public_base, const Session& s, const std::string& file);

}  // namespace idv::demo
