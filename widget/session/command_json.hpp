#pragma once
// Commands (and the view models inside them) as the JSON that web/ reads (docs/bridge.md).
#include <string>

#include "tracking/commands.hpp"

namespace idv {

std::string commandsToJson(const Commands& commands);

}  // namespace idv
