#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace idv::demo {

std::optional<std::string> read_file(const std::string& path);
// Writes to a temp file, fsyncs, renames: readers never see half a file. Mode 0600.
bool write_file_atomic(const std::string& path, std::string_view data);
// mkdir -p with mode 0700 (the data folder holds personal data).
bool make_dirs(const std::string& path);

}  // namespace idv::demo
