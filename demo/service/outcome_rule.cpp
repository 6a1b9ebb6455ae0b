#include "service/outcome_rule.hpp"

#include <cctype>
#include <charconv>

namespace idv::demo {
namespace {

// Normalised "first last": lower-case, single spaces.
std::string normalise(std::string_view first, std::string_view last) {
  std::string out;
  bool space = true;
  const std::string joined = std::string(first) + " " + std::string(last);
  for (const char c : joined) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!space) out.push_back(' ');
      space = true;
    } else {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      space = false;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

int number(std::string_view s) {
  int v = -1;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return (ec == std::errc{} && p == s.data() + s.size()) ? v : -1;
}

// Full years between two YYYY-MM-DD dates; -1 if either is malformed.
int age_in_years(std::string_view dob, std::string_view today) {
  if (dob.size() != 10 || today.size() != 10) return -1;
  const int y1 = number(dob.substr(0, 4)), m1 = number(dob.substr(5, 2)),
            d1 = number(dob.substr(8, 2));
  const int y2 = number(today.substr(0, 4)), m2 = number(today.substr(5, 2)),
            d2 = number(today.substr(8, 2));
  if (y1 < 0 || m1 < 0 || d1 < 0 || y2 < 0 || m2 < 0 || d2 < 0) return -1;
  int age = y2 - y1;
  if (m2 < m1 || (m2 == m1 && d2 < d1)) --age;
  return age;
}

}  // namespace

const std::vector<std::string>& sanctions_list() {
  // Fictional names, obviously: a demo must never accuse a real person.
  static const std::vector<std::string> list = {"ivan sanctioned", "olga embargo",
                                                "mallory blocklist", "boris frozenassets"};
  return list;
}

std::vector<Verdict> assess(const CustomerData& c, std::string_view today) {
  const std::string name = normalise(c.first_name, c.last_name);
  for (const auto& listed : sanctions_list()) {
    if (name == listed)
      return {{"COMPLETED", "HIGH", true, "sanctions list match", Rule::sanctions}};
  }
  std::string doc;
  for (const char ch : c.document_number)
    if (!std::isspace(static_cast<unsigned char>(ch))) doc.push_back(ch);
  if (doc.size() >= 3 && doc.ends_with("000")) {
    return {{"IN_REVIEW", "MEDIUM", false, "document number needs manual review", Rule::review},
            {"COMPLETED", "MEDIUM", true, "manual review finished", Rule::review}};
  }
  const int age = age_in_years(c.date_of_birth, today);
  if ((age >= 0 && age < 18) || c.age_over_18 == false)
    return {{"COMPLETED", "HIGH", true, "customer is under 18", Rule::minor}};
  return {{"COMPLETED", "LOW", true, "all checks passed", Rule::clear}};
}

}  // namespace idv::demo
