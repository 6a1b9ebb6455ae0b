// The flat JSON reader on arbitrary bytes, held to nlohmann/json (the parser it replaced in
// the wasm build): both accept and reject the same inputs, and agree on what is an object.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "json/flat_object.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = idv::json::FlatObject::parse(text);
  const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  const bool weAccept =
      std::holds_alternative<idv::json::FlatObject>(r) ||
      std::get<idv::json::FlatObjectError>(r) == idv::json::FlatObjectError::NotAnObject;
  // nlohmann takes a NUL byte for the end of input (a C-string convention), so it accepts
  // `{}\0anything`; a body here is bytes with a length, and a NUL after the value is garbage.
  // With a NUL in the input we only require: nothing nlohmann rejects is accepted.
  if (text.find('\0') != std::string_view::npos) {
    IDV_FUZZ_CHECK(!weAccept || !j.is_discarded());
    return 0;
  }
  IDV_FUZZ_CHECK(weAccept == !j.is_discarded());
  IDV_FUZZ_CHECK(std::holds_alternative<idv::json::FlatObject>(r) ==
                 (!j.is_discarded() && j.is_object()));
  if (const auto* o = std::get_if<idv::json::FlatObject>(&r)) {
    for (const auto& [key, value] : j.items()) {
      const auto* mine = o->find(key);
      IDV_FUZZ_CHECK(mine != nullptr);
      if (value.is_string()) IDV_FUZZ_CHECK(mine->text == value.get<std::string>());
      if (value.is_boolean()) IDV_FUZZ_CHECK(mine->boolean == value.get<bool>());
    }
  }
  return 0;
}
