#include "completion/decision_ledger.hpp"

#include <algorithm>

namespace idv::completion {

std::string_view toString(LedgerOutcome o) {
  switch (o) {
    case LedgerOutcome::Applied: return "applied";
    case LedgerOutcome::DuplicateMessage: return "duplicate_message";
    case LedgerOutcome::IgnoredFinal: return "ignored_final";
    case LedgerOutcome::IgnoredAutomaticAfterManual: return "ignored_automatic_after_manual";
    case LedgerOutcome::IgnoredStale: return "ignored_stale";
    case LedgerOutcome::RejectedInvalid: return "rejected_invalid";
  }
  return "unknown";
}

DecisionLedger::DecisionLedger(LedgerLimits limits) : limits_(limits) {
  limits_.maxReferences = std::max<std::size_t>(limits_.maxReferences, 1);
}

bool DecisionLedger::seen(const Entry& e, std::string_view id) const {
  return !id.empty() && std::find(e.seenIds.begin(), e.seenIds.end(), id) != e.seenIds.end();
}

void DecisionLedger::remember(Entry& e, const std::string& id) {
  if (id.empty() || limits_.idsPerReference == 0 || seen(e, id)) return;
  e.seenIds.push_back(id);
  while (e.seenIds.size() > limits_.idsPerReference) e.seenIds.pop_front();
}

void DecisionLedger::touch(Entry& e) {
  lru_.splice(lru_.begin(), lru_, e.lru);
}

void DecisionLedger::evictIfFull() {
  while (entries_.size() >= limits_.maxReferences && !lru_.empty()) {
    entries_.erase(lru_.back());
    lru_.pop_back();
    ++evicted_;
  }
}

LedgerResult DecisionLedger::apply(const VerificationDecision& in) {
  if (in.reference.empty() || in.reference.size() > kMaxLedgerKeyLength ||
      in.messageId.size() > kMaxLedgerKeyLength) {
    return {LedgerOutcome::RejectedInvalid, std::nullopt, false};
  }
  const auto it = entries_.find(in.reference);
  if (it == entries_.end()) {
    evictIfFull();
    lru_.push_front(in.reference);
    Entry e{in, {}, lru_.begin()};
    remember(e, in.messageId);
    const auto pos = entries_.emplace(in.reference, std::move(e)).first;
    return {LedgerOutcome::Applied, pos->second.current, true};
  }

  Entry& e = it->second;
  touch(e);
  const VerificationDecision& cur = e.current;
  LedgerOutcome outcome = LedgerOutcome::Applied;
  if (seen(e, in.messageId)) {
    outcome = LedgerOutcome::DuplicateMessage;
  } else if (cur.final) {
    outcome = LedgerOutcome::IgnoredFinal;
  } else if (cur.reviewer == Reviewer::Manual && in.reviewer == Reviewer::Automatic) {
    outcome = LedgerOutcome::IgnoredAutomaticAfterManual;
  } else if (!(in.reviewer == Reviewer::Manual && cur.reviewer != Reviewer::Manual) &&
             in.decidedAt && cur.decidedAt && *in.decidedAt < *cur.decidedAt) {
    outcome = LedgerOutcome::IgnoredStale;
  }
  remember(e, in.messageId);
  if (outcome != LedgerOutcome::Applied) return {outcome, e.current, false};

  const bool changed = in.outcome != cur.outcome || in.reviewer != cur.reviewer ||
                       in.final != cur.final || in.risk != cur.risk;
  e.current = in;
  return {LedgerOutcome::Applied, e.current, changed};
}

const VerificationDecision* DecisionLedger::find(std::string_view reference) const {
  const auto it = entries_.find(std::string(reference));
  return it == entries_.end() ? nullptr : &it->second.current;
}

}  // namespace idv::completion
