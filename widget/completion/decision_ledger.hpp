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
//   6. stale        both carry decidedAt and the incoming one is older: ignored.
//   7. otherwise    the incoming decision stands.
// So duplicated, late and out-of-order deliveries never regress a final decision, and re-applying
// any decision already applied is harmless even after its id has left the memory of rule 2.
//
// Memory is bounded: at most `maxReferences` references (least recently touched evicted first;
// a merchant persists decisions in its own database and re-applies them after a restart or an
// eviction) and at most `idsPerReference` message ids per reference (oldest forgotten first).
// Worst case about maxReferences * (idsPerReference + 2) * kMaxLedgerKeyLength bytes.
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
  std::size_t maxReferences = 100'000;
  std::size_t idsPerReference = 32;
};

enum class LedgerOutcome {
  Applied,                      // the incoming decision now stands
  DuplicateMessage,             // rule 2
  IgnoredFinal,                 // rule 3
  IgnoredAutomaticAfterManual,  // rule 4
  IgnoredStale,                 // rule 6
  RejectedInvalid,              // rule 1
};
std::string_view toString(LedgerOutcome o);

struct LedgerResult {
  LedgerOutcome outcome = LedgerOutcome::RejectedInvalid;
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
    std::deque<std::string> seenIds;       // the last idsPerReference message ids
    std::list<std::string>::iterator lru;  // position in lru_
  };
  bool seen(const Entry& e, std::string_view id) const;
  void remember(Entry& e, const std::string& id);
  void touch(Entry& e);
  void evictIfFull();

  LedgerLimits limits_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front: most recently touched reference
  std::size_t evicted_ = 0;
};

}  // namespace idv::completion
