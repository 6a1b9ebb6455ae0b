// Several webhook bodies (separated by a 0x00 byte) through interpretWebhook into one small
// DecisionLedger, the first byte of each chunk being its message id. Invariant: once a reference
// has a final decision, no later event changes it - whatever arrives, in whatever order.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "completion/decision_ledger.hpp"
#include "completion/interpret.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cw = idv::completion;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  cw::DecisionLedger ledger({8, 4});
  std::map<std::string, cw::VerificationDecision> finals;
  std::size_t start = 0;
  std::int64_t clock = 1'800'000'000;
  int chunks = 0;  // a cap keeps each run fast: orderings matter here, not volume
  while (start <= all.size() && ++chunks <= 16) {
    const std::size_t end = std::min(all.find('\0', start), all.size());
    std::string_view chunk = all.substr(start, end - start);
    start = end + 1;
    if (chunk.empty()) continue;
    const std::string id = "m" + std::to_string(static_cast<unsigned char>(chunk[0]) % 8);
    chunk.remove_prefix(1);
    const auto in = cw::interpretWebhook(chunk, {id, ++clock});
    IDV_FUZZ_CHECK(!(in.decision && in.fetch));
    IDV_FUZZ_CHECK(in.ok() || (!in.decision && !in.fetch));
    if (!in.decision) continue;
    const auto r = ledger.apply(*in.decision);
    // An evicted reference is forgotten by design (bounded memory); stop watching it.
    std::erase_if(finals, [&](const auto& f) { return ledger.find(f.first) == nullptr; });
    for (const auto& [ref, decision] : finals) IDV_FUZZ_CHECK(*ledger.find(ref) == decision);
    if (r.current && r.current->final) finals.emplace(r.current->reference, *r.current);
  }
  return 0;
}
