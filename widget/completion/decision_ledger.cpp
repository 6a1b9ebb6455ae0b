#include "completion/decision_ledger.hpp"

#include <algorithm>

namespace idv::completion {

std::string_view to_string(LedgerOutcome o) {
  switch (o) {
    case LedgerOutcome::applied: return "applied";
    case LedgerOutcome::duplicate_message: return "duplicate_message";
    case LedgerOutcome::ignored_final: return "ignored_final";
    case LedgerOutcome::ignored_automatic_after_manual: return "ignored_automatic_after_manual";
    case LedgerOutcome::ignored_stale: return "ignored_stale";
    case LedgerOutcome::rejected_invalid: return "rejected_invalid";
  }
  return "unknown";
}

DecisionLedger::DecisionLedger(LedgerLimits limits) : limits_(limits) {
  limits_.max_references = std::max<std::size_t>(limits_.max_references, 1);
}

bool DecisionLedger::seen(const Entry& e, std::string_view id) const {
  return !id.empty() && std::find(e.seen_ids.begin(), e.seen_ids.end(), id) != e.seen_ids.end();
}

void DecisionLedger::remember(Entry& e, const std::string& id) {
  if (id.empty() || limits_.ids_per_reference == 0 || seen(e, id)) return;
  e.seen_ids.push_back(id);
  while (e.seen_ids.size() > limits_.ids_per_reference) e.seen_ids.pop_front();
}

void DecisionLedger::touch(Entry& e) {
  lru_.splice(lru_.begin(), lru_, e.lru);
}

void DecisionLedger::evict_if_full() {
  while (entries_.size() >= limits_.max_references && !lru_.empty()) {
    entries_.erase(lru_.back());
    lru_.pop_back();
    ++evicted_;
  }
}

LedgerResult DecisionLedger::apply(const VerificationDecision& in) {
  if (in.reference.empty() || in.reference.size() > kMaxLedgerKeyLength ||
      in.message_id.size() > kMaxLedgerKeyLength) {
    return {LedgerOutcome::rejected_invalid, std::nullopt, false};
  }
  const auto it = entries_.find(in.reference);
  if (it == entries_.end()) {
    evict_if_full();
    lru_.push_front(in.reference);
    Entry e{in, {}, lru_.begin()};
    remember(e, in.message_id);
    const auto pos = entries_.emplace(in.reference, std::move(e)).first;
    return {LedgerOutcome::applied, pos->second.current, true};
  }

  Entry& e = it->second;
  touch(e);
  const VerificationDecision& cur = e.current;
  LedgerOutcome outcome = LedgerOutcome::applied;
  if (seen(e, in.message_id)) {
    outcome = LedgerOutcome::duplicate_message;
  } else if (cur.final) {
    outcome = LedgerOutcome::ignored_final;
  } else if (cur.reviewer == Reviewer::manual && in.reviewer == Reviewer::automatic) {
    outcome = LedgerOutcome::ignored_automatic_after_manual;
  } else if (!(in.reviewer == Reviewer::manual && cur.reviewer != Reviewer::manual) &&
             in.decided_at && cur.decided_at && *in.decided_at < *cur.decided_at) {
    outcome = LedgerOutcome::ignored_stale;
  }
  remember(e, in.message_id);
  if (outcome != LedgerOutcome::applied) return {outcome, e.current, false};

  const bool changed = in.outcome != cur.outcome || in.reviewer != cur.reviewer ||
                       in.final != cur.final || in.risk != cur.risk;
  e.current = in;
  return {LedgerOutcome::applied, e.current, changed};
}

const VerificationDecision* DecisionLedger::find(std::string_view reference) const {
  const auto it = entries_.find(std::string(reference));
  return it == entries_.end() ? nullptr : &it->second.current;
}

}  // namespace idv::completion
