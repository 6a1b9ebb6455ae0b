#pragma once
// Every string an export returns lives in one module-owned buffer, valid until the next call:
// the JS side decodes it at once (docs/bridge.md). One buffer, shared by every export file.
#include <string>

namespace idv::bridge {

const char* result(std::string text);

}  // namespace idv::bridge
