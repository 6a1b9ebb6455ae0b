#pragma once
// Commands and view models as the JSON that web/ reads (docs/bridge.md).
#include <string>

#include "tracking/commands.hpp"

namespace idv::bridge {

std::string commandsToJson(const Commands& commands);
std::string viewToJson(const ViewModel& view);

}  // namespace idv::bridge
