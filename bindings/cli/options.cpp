#include "options.hpp"

#include <charconv>

namespace idv::cli {

std::optional<Options> Options::parse(const std::vector<std::string>& args, const FlagSpec& spec,
                                      std::string& error) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h") {
      o.values_["help"] = "";
      continue;
    }
    if (!a.starts_with("--") || a.size() == 2) {
      error = "unexpected argument '" + a + "'";
      return std::nullopt;
    }
    std::string name = a.substr(2);
    std::optional<std::string> value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (spec.booleans.contains(name)) {
      if (value) {
        error = "--" + name + " takes no value";
        return std::nullopt;
      }
      o.values_[name] = "";
    } else if (spec.with_value.contains(name)) {
      if (!value) {
        if (i + 1 >= args.size()) {
          error = "--" + name + " needs a value";
          return std::nullopt;
        }
        value = args[++i];
      }
      o.values_[name] = *value;
    } else {
      error = "unknown option --" + name;
      return std::nullopt;
    }
  }
  return o;
}

bool Options::has(std::string_view name) const {
  return values_.find(name) != values_.end();
}

std::optional<std::string> Options::get(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::int64_t> Options::get_int(std::string_view name, std::string& error) const {
  const auto v = get(name);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (v->empty() || ec != std::errc{} || end != v->data() + v->size()) {
    error = "--" + std::string(name) + " must be an integer, got '" + *v + "'";
    return std::nullopt;
  }
  return out;
}

}  // namespace idv::cli
