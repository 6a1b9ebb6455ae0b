#pragma once
#include <string>
#include <vector>

namespace idv::cli {

int run_verify(const std::vector<std::string>& args);
int run_sign(const std::vector<std::string>& args);
int run_listen(const std::vector<std::string>& args);
int run_send(const std::vector<std::string>& args);

}  // namespace idv::cli
