#pragma once
// The reducer: folds every VerificationDecision for a reference into the one that stands.
//
// Rules, checked in this order for each incoming decision (docs/merchant.md, "Reducer"):
//   1. invalid      empty reference, or reference / message id over kMaxLedgerKeyLength: refused.
//   2. duplicate    its message id was already seen for this reference (webhook retries reuse
//                   the webhook-id): nothing changes.
//   3. final        the standing decision is final: nothing changes it, ever.
//   4. manual wins  a manual decision stands; a late automatic one is ignored.
//   5. manual wins  an incoming manual decision replaces an automatic/unspecified one, whatever
//                   the times say (the automatic callback carries the automatic finish time).
//   6. stale        both carry decided_at and the incoming one is older: ignored.
//   7. otherwise    the incoming decision stands.
// So duplicated, late and out-of-order deliveries never regress a final decision, and re-applying
// any decision already applied is harmless even after its id has left the memory of rule 2.
//
// Memory is bounded: at most `max_references` references (least recently touched evicted first;
// a merchant persists decisions in its own database and re-applies them after a restart or an
// eviction) and at most `ids_per_reference` message ids per reference (oldest forgotten first).
// Worst case about max_references * (ids_per_reference + 2) * kMaxLedgerKeyLength bytes.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "completion/decision.hpp"

namespace idv::completion {

inline constexpr std::size_t kMaxLedgerKeyLength = 256;

struct LedgerLimits {
  std::size_t max_references = 100'000;
  std::size_t ids_per_reference = 32;
};

enum class LedgerOutcome {
  applied,                         // the incoming decision now stands
  duplicate_message,               // rule 2
  ignored_final,                   // rule 3
  ignored_automatic_after_manual,  // rule 4
  ignored_stale,                   // rule 6
  rejected_invalid,                // rule 1
};
std::string_view to_string(LedgerOutcome o);

struct LedgerResult {
  LedgerOutcome outcome = LedgerOutcome::rejected_invalid;
  // The standing decision for the reference after this call (nullopt only when refused).
  std::optional<VerificationDecision> current;
  // True when the standing outcome, reviewer or finality changed: time to notify someone.
  bool changed = false;
};

class DecisionLedger {
 public:
  explicit DecisionLedger(LedgerLimits limits = {});

  LedgerResult apply(const VerificationDecision& incoming);
  const VerificationDecision* find(std::string_view reference) const;  // valid until next apply

  std::size_t size() const { return entries_.size(); }
  std::size_t evicted() const { return evicted_; }

 private:
  struct Entry {
    VerificationDecision current;
    std::deque<std::string> seen_ids;      // the last ids_per_reference message ids
    std::list<std::string>::iterator lru;  // position in lru_
  };
  bool seen(const Entry& e, std::string_view id) const;
  void remember(Entry& e, const std::string& id);
  void touch(Entry& e);
  void evict_if_full();

  LedgerLimits limits_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front: most recently touched reference
  std::size_t evicted_ = 0;
};

}  // namespace idv::completion
