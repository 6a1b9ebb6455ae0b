// The flat JSON reader (SAX) on arbitrary bytes; lookups on whatever it accepted.
#include <cstdint>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "json/flat_object.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = idv::json::FlatObject::parse(text);
  if (const auto* o = std::get_if<idv::json::FlatObject>(&r)) {
    for (const char* key : {"status", "version", "trackingReference", "", "a"}) {
      if (const auto* v = o->find(key)) (void)v->asDouble();
    }
  }
  return 0;
}
