#pragma once
// Command-line flags "--name=value" / "--name value", each with an environment fallback
// IDV_<NAME> (dashes become underscores), then a default. Secrets should come from the
// environment so they do not show up in `ps`.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace idv::demo {

class Flags {
 public:
  // Returns nullopt (and fills error) on a malformed or unknown flag.
  static std::optional<Flags> parse(int argc, char** argv, const std::vector<std::string>& known,
                                    std::string& error);
  std::string str(const std::string& name, const std::string& fallback) const;
  // nullopt when given but not a number (the caller reports it).
  std::optional<std::int64_t> int64(const std::string& name, std::int64_t fallback) const;
  std::optional<double> real(const std::string& name, double fallback) const;
  bool has(const std::string& name) const;

 private:
  std::optional<std::string> lookup(const std::string& name) const;
  std::map<std::string, std::string> values_;
};

}  // namespace idv::demo
