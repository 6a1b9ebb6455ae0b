#pragma once
// A deliberately small flag parser: "--name value", "--name=value" and boolean "--flag".
// Each subcommand declares its flags; anything else is a usage error (exit 2), so a typo such as
// "--tolerence" cannot silently fall back to a default.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace idv::cli {

struct FlagSpec {
  std::set<std::string> with_value;  // e.g. "secret", "id"
  std::set<std::string> booleans;    // e.g. "help"
};

class Options {
 public:
  // Parses argv[first..]; on failure returns nullopt and sets `error`.
  static std::optional<Options> parse(const std::vector<std::string>& args, const FlagSpec& spec,
                                      std::string& error);

  bool has(std::string_view name) const;
  std::optional<std::string> get(std::string_view name) const;
  // Integer flag; nullopt when absent; `error` set when present but not an integer.
  std::optional<std::int64_t> get_int(std::string_view name, std::string& error) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace idv::cli
