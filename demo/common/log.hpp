#pragma once
// One line per event on stderr, with a UTC timestamp. Callers must never pass secrets
// (API keys, webhook secrets, signatures are fine only as "present"/"absent").
#include <string>
#include <string_view>

namespace idv::demo {

void log_line(std::string_view component, std::string_view message);

// Tracking references, file tokens and order ids are capabilities: whoever has one can read
// the session. Logs carry only their first 8 characters ("3f0c9a52…"), enough to correlate.
std::string short_ref(std::string_view capability);
// A request path with every capability-like segment (16+ hex digits and dashes) shortened.
std::string redact_capabilities(std::string_view path);

}  // namespace idv::demo
