#pragma once
// One line per event on stderr, with a UTC timestamp. Callers must never pass secrets
// (API keys, webhook secrets, signatures are fine only as "present"/"absent").
#include <string_view>

namespace idv::demo {

void log_line(std::string_view component, std::string_view message);

}  // namespace idv::demo
