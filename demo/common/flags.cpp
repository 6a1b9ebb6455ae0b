#include "common/flags.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace idv::demo {

std::optional<Flags> Flags::parse(int argc, char** argv, const std::vector<std::string>& known,
                                  std::string& error) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {  // the caller prints `error` and exits
      error = "flags (each --name value, --name=value or env IDV_NAME):";
      for (const auto& name : known) error += " --" + name;
      return std::nullopt;
    }
    if (!arg.starts_with("--")) {
      error = "unexpected argument: " + arg;
      return std::nullopt;
    }
    arg.erase(0, 2);
    std::string value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      error = "flag --" + arg + " needs a value";
      return std::nullopt;
    }
    if (std::find(known.begin(), known.end(), arg) == known.end()) {
      error = "unknown flag --" + arg;
      return std::nullopt;
    }
    f.values_[arg] = value;
  }
  return f;
}

std::optional<std::string> Flags::lookup(const std::string& name) const {
  if (const auto it = values_.find(name); it != values_.end()) return it->second;
  std::string env = "IDV_";
  for (const char c : name) env.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
  if (const char* v = std::getenv(env.c_str()); v != nullptr && *v != '\0') return std::string(v);
  return std::nullopt;
}

bool Flags::has(const std::string& name) const {
  return lookup(name).has_value();
}

std::string Flags::str(const std::string& name, const std::string& fallback) const {
  return lookup(name).value_or(fallback);
}

std::optional<std::int64_t> Flags::int64(const std::string& name, std::int64_t fallback) const {
  const auto v = lookup(name);
  if (!v) return fallback;
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc{} || end != v->data() + v->size()) return std::nullopt;
  return out;
}

std::optional<double> Flags::real(const std::string& name, double fallback) const {
  const auto v = lookup(name);
  if (!v) return fallback;
  char* end = nullptr;
  const double out = std::strtod(v->c_str(), &end);
  if (end == v->c_str() || *end != '\0') return std::nullopt;
  return out;
}

}  // namespace idv::demo
