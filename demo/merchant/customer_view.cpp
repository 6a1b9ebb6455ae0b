#include "merchant/customer_view.hpp"

#include <array>
#include <cctype>

#include "common/clock.hpp"

namespace idv::demo {
namespace {

namespace cw = idv::completion;
using json = nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// `word` occurs in `text` (both lower case) as a whole word.
bool has_word(std::string_view text, std::string_view word) {
  for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool start = at == 0 || !is_word_char(text[at - 1]);
    const auto end = at + word.size();
    if (start && (end == text.size() || !is_word_char(text[end]))) return true;
  }
  return false;
}

// When nothing more specific may be said.
constexpr std::string_view kWithheld = "update from the verification service";

}  // namespace

bool mentions_screening(std::string_view text) {
  static constexpr std::array<std::string_view, 16> kStems = {
      "sanction",  "embargo",   "politically",      "watch-list",       "watchlist", "watch list",
      "blocklist", "blacklist", "money laundering", "money-laundering", "adverse",   "suspect",
      "suspicion", "fraud",     "terroris",         "screening"};
  static constexpr std::array<std::string_view, 3> kWords = {"pep", "peps", "aml"};
  const std::string t = lower(text);
  for (const auto stem : kStems)
    if (t.find(stem) != std::string::npos) return true;
  for (const auto word : kWords)
    if (has_word(t, word)) return true;
  return false;
}

std::string public_outcome_text(const cw::VerificationDecision& d) {
  if (!d.final) return "under review (automatic checks done, not final)";
  switch (d.outcome) {
    case cw::DecisionOutcome::Approved: return "approved";
    case cw::DecisionOutcome::NeedsReview: return "under review";
    case cw::DecisionOutcome::Rejected: return "not completed";
    case cw::DecisionOutcome::Expired: return "expired";
    case cw::DecisionOutcome::Cancelled: return "cancelled";
    case cw::DecisionOutcome::Pending:
    case cw::DecisionOutcome::Unknown: break;
  }
  return "received";
}

json public_decision(const Order& o) {
  if (!o.decision) return nullptr;
  const auto& d = *o.decision;
  json j = {{"outcome", cw::toString(d.outcome)},      {"final", d.final},
            {"reviewer", cw::toString(d.reviewer)},    {"source", cw::toString(d.source)},
            {"receivedAt", rfc3339_ms(o.decision_ms)}, {"webhookId", o.decision_webhook_id}};
  j["decidedAt"] = d.decidedAt ? json(rfc3339(*d.decidedAt * 1000)) : json(nullptr);
  return j;
}

std::string public_service_detail(std::string_view kind, std::string_view detail) {
  std::string out;
  if (kind == "phase2.started") {
    out = "processing started: the verification partner checks the data";
  } else if (kind == "phase2.verdict") {
    // "<automatic|manual> verdict: <status>, risk <level> (<reason>[; manual review follows])"
    out = detail.starts_with("manual") ? "manual verdict sent to the shop"
                                       : "automatic verdict sent to the shop";
    if (detail.find("manual review follows") != std::string_view::npos)
      out += "; a manual review follows";
  } else if (kind == "session.failed") {
    out = "the verification could not be completed";
  } else if (kind == "invite.created" || kind == "portal.opened" || kind == "portal.completed" ||
             kind == "portal.attempt_failed" || kind == "session.expired" ||
             kind == "session.deleted" || kind.starts_with("webhook.") ||
             kind.starts_with("wallet.")) {
    // Operational lines: who did what when, delivery attempts and HTTP statuses.
    out = std::string(detail);
  } else {
    out = std::string(kWithheld);
  }
  return mentions_screening(out) ? std::string(kWithheld) : out;
}

std::string public_merchant_detail(const MerchantEvent& e) {
  std::string out;
  if (e.public_detail) {
    out = *e.public_detail;
  } else if (e.kind == "invite.created") {
    out = "invite created";
  } else if (e.kind == "webhook.verified") {
    out = "webhook signature valid";
  } else if (e.kind == "decision.stored") {
    out = "decision stored";
  } else if (e.kind == "webhook.duplicate") {
    out = "duplicate delivery ignored";
  } else {
    out = "shop event";
  }
  return mentions_screening(out) ? std::string("shop event") : out;
}

}  // namespace idv::demo
