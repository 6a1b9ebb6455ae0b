// POST /code: reading what a customer typed as a short code (demo/service/handoff_codes.hpp).
//
// Properties: nothing crashes; whatever is accepted is 8 characters of Crockford's alphabet and
// reads as itself again, also lower-cased and split by a hyphen (the form the widget shows);
// the generator's spelling of any 40 bits is accepted unchanged.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "service/handoff_codes.hpp"

using namespace idv::demo;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  if (const auto code = normalize_short_code(typed)) {
    IDV_FUZZ_CHECK(code->size() == kShortCodeLength);
    IDV_FUZZ_CHECK(code->find_first_not_of(kCrockfordAlphabet) == std::string::npos);
    IDV_FUZZ_CHECK(normalize_short_code(*code) == *code);
    std::string lower = code->substr(0, 4) + "-" + code->substr(4);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    IDV_FUZZ_CHECK(normalize_short_code(lower) == *code);
  }
  if (size >= sizeof(std::uint64_t)) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, data, sizeof bits);
    const std::string spelled = short_code_from_bits(bits);
    IDV_FUZZ_CHECK(normalize_short_code(spelled) == spelled);
  }
  return 0;
}
