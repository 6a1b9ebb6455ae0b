// The core's own flat JSON reader against nlohmann/json, the parser it replaced in the wasm
// build: the same inputs must be accepted and rejected, and the top-level scalars must read
// the same. Hand-picked edge cases first, then many deterministic mutations of them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "json/flat_object.hpp"

namespace idv::json {
namespace {

enum class Verdict { Object, NotAnObject, Malformed };

Verdict ours(std::string_view text) {
  const auto r = FlatObject::parse(text);
  if (std::holds_alternative<FlatObject>(r)) return Verdict::Object;
  return std::get<FlatObjectError>(r) == FlatObjectError::NotAnObject ? Verdict::NotAnObject
                                                                      : Verdict::Malformed;
}

Verdict theirs(std::string_view text) {
  const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return Verdict::Malformed;
  return j.is_object() ? Verdict::Object : Verdict::NotAnObject;
}

// Every top-level member must read as nlohmann reads it.
void expectSameMembers(std::string_view text) {
  const auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  const auto r = FlatObject::parse(text);
  const auto& o = std::get<FlatObject>(r);
  for (const auto& [key, want] : j.items()) {
    const Value* got = o.find(key);
    ASSERT_NE(got, nullptr) << key << " in " << text;
    switch (want.type()) {
      case nlohmann::json::value_t::string:
        ASSERT_EQ(got->kind, Value::Kind::String) << text;
        EXPECT_EQ(got->text, want.get<std::string>()) << text;
        break;
      case nlohmann::json::value_t::number_integer:
        ASSERT_EQ(got->kind, Value::Kind::Integer) << text;
        EXPECT_EQ(got->integer, want.get<std::int64_t>()) << text;
        break;
      case nlohmann::json::value_t::number_unsigned:
        ASSERT_EQ(got->kind, Value::Kind::Unsigned) << text;
        EXPECT_EQ(got->unsignedInteger, want.get<std::uint64_t>()) << text;
        break;
      case nlohmann::json::value_t::number_float: {
        ASSERT_EQ(got->kind, Value::Kind::Float) << text;
        const double w = want.get<double>();
        if (std::isfinite(w)) {
          EXPECT_NEAR(got->number, w, std::abs(w) * 1e-12) << text;
        }
        break;
      }
      case nlohmann::json::value_t::boolean:
        ASSERT_EQ(got->kind, Value::Kind::Boolean) << text;
        EXPECT_EQ(got->boolean, want.get<bool>()) << text;
        break;
      case nlohmann::json::value_t::null: EXPECT_EQ(got->kind, Value::Kind::Null) << text; break;
      default: EXPECT_EQ(got->kind, Value::Kind::Container) << text; break;
    }
  }
}

const std::vector<std::string> kCases = {
    R"({})",
    R"( { } )",
    "\xEF\xBB\xBF{\"a\":1}",
    R"({"status":"PENDING","version":3,"portalUrl":"https://x/p/1","expiresAt":null})",
    R"({"a":-0,"b":0,"c":-9223372036854775808,"d":9223372036854775807,"e":18446744073709551615})",
    R"({"big":18446744073709551616,"neg":-9223372036854775809,"f":1.5e3,"g":-0.25,"h":1E+2})",
    R"({"s":"\"\\\/\b\f\n\r\t","u":"\u00e9\u20AC\ud83d\ude00","raw":"ąčęėįšųūž €"})",
    R"({"nested":{"a":[1,2,{"b":[[],{}]}],"c":"d"},"after":true,"arr":[],"obj":{}})",
    R"({"dup":1,"dup":"two"})",
    R"({"t":true,"f":false,"n":null})",
    // rejected
    "",
    " ",
    "{",
    "}",
    "{\"a\"}",
    "{\"a\":}",
    "{\"a\":1,}",
    "{,}",
    "{\"a\":1 \"b\":2}",
    "{'a':1}",
    "{a:1}",
    "{\"a\":01}",
    "{\"a\":1.}",
    "{\"a\":.5}",
    "{\"a\":1e}",
    "{\"a\":+1}",
    "{\"a\":-}",
    "{\"a\":tru}",
    "{\"a\":nul}",
    "{\"a\":NaN}",
    "{\"a\":Infinity}",
    "{\"a\":\"\x01\"}",
    "{\"a\":\"\\x\"}",
    "{\"a\":\"\\u12\"}",
    "{\"a\":\"\\ud800\"}",
    "{\"a\":\"\\udc00\"}",
    "{\"a\":\"\\ud800\\u0041\"}",
    "{\"a\":\"\xC0\xAF\"}",
    "{\"a\":\"\xED\xA0\x80\"}",
    "{\"a\":\"\xF4\x90\x80\x80\"}",
    "{\"a\":\"\xE2\x82\"}",
    "{\"a\":\"\xFF\"}",
    "{\"a\":[1,]}",
    "{\"a\":[1 2]}",
    "{\"a\":{\"b\"}}",
    "{\"a\":[}",
    "{\"a\":{]}",
    "{\"a\":1}x",
    "{\"a\":1}{}",
    "{\"a\":\"unterminated}",
    "{\"a\":[[[[",
    // valid JSON, not an object
    "[]",
    "[1,{\"a\":2}]",
    "\"text\"",
    "42",
    "-1.5",
    "true",
    "null",
};

TEST(FlatObject, AgreesWithNlohmannOnEdgeCases) {
  for (const auto& text : kCases) {
    ASSERT_EQ(ours(text), theirs(text)) << "input: " << text;
    if (ours(text) == Verdict::Object) expectSameMembers(text);
  }
}

TEST(FlatObject, AgreesWithNlohmannOnMutations) {
  std::mt19937 rng(20261201);
  const std::string alphabet = "{}[]\":,\\ 0123456789-+.eEtrufalsn\x01\xC3\xA9\xED\xF0u";
  int objects = 0;
  for (int round = 0; round < 50000; ++round) {
    std::string text = kCases[rng() % kCases.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = text.empty() ? 0 : rng() % (text.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
          break;
      }
    }
    ASSERT_EQ(ours(text), theirs(text)) << "input: " << text;
    if (ours(text) == Verdict::Object) {
      ++objects;
      expectSameMembers(text);
    }
  }
  EXPECT_GT(objects, 1500);  // the mutations must exercise the accepting path too
}

TEST(FlatObject, DeepNestingIsSkippedWithoutRecursion) {
  const std::string deep = "{\"a\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  const auto r = FlatObject::parse(deep);
  ASSERT_TRUE(std::holds_alternative<FlatObject>(r));
  EXPECT_EQ(std::get<FlatObject>(r).find("a")->kind, Value::Kind::Container);
  const std::string unbalanced = "{\"a\":" + std::string(200000, '[') + "}";
  EXPECT_EQ(ours(unbalanced), Verdict::Malformed);
}

TEST(FlatObject, ANulAfterTheObjectIsGarbageUnlikeNlohmann) {
  // nlohmann stops at NUL (a C-string convention); a body with a length has no such end.
  const std::string text("{\"a\":1}\0{\"b\":2}", 15);
  EXPECT_EQ(ours(text), Verdict::Malformed);
  EXPECT_EQ(theirs(text), Verdict::Object);
}

// Floats are converted by the reader itself (the same code in the wasm), not by libc's strtod:
// close to the exact value across the range, including subnormals and mantissas too long for a
// double, and what overflows is refused as nlohmann refuses it.
TEST(FlatObject, FloatsReadCloseToStrtod) {
  const std::vector<std::string> numbers = {"0.5",
                                            "1.25",
                                            "-2.5e3",
                                            "3.14159265358979323846",
                                            "6.02214076e23",
                                            "1e308",
                                            "-1e-300",
                                            "2.5e-310",
                                            "0.000000000000000000000000000001",
                                            "123456789012345678901234567890.5",
                                            "1" + std::string(350, '0') + "e-340",
                                            "0." + std::string(400, '0') + "1e400",
                                            "0e999999"};
  for (const auto& n : numbers) {
    const auto r = FlatObject::parse("{\"n\":" + n + "}");
    ASSERT_TRUE(std::holds_alternative<FlatObject>(r)) << n;
    const Value* v = std::get<FlatObject>(r).find("n");
    ASSERT_NE(v, nullptr);
    const double want = std::strtod(n.c_str(), nullptr);
    const double tolerance = std::abs(want) < 1e-300 ? 1e-320 : std::abs(want) * 1e-14;
    EXPECT_NEAR(v->asDouble(), want, tolerance) << n;
  }
  for (const std::string& n :
       std::vector<std::string>{"1e309", "-1e400", "1" + std::string(400, '0') + ".0"}) {
    EXPECT_FALSE(std::holds_alternative<FlatObject>(FlatObject::parse("{\"n\":" + n + "}"))) << n;
    EXPECT_EQ(theirs("{\"n\":" + n + "}"), Verdict::Malformed) << "nlohmann refuses " << n;
  }
}

TEST(FlatObject, LastDuplicateKeyWins) {
  const auto r = FlatObject::parse(R"({"k":1,"k":"two"})");
  EXPECT_EQ(std::get<FlatObject>(r).find("k")->text, "two");
}

}  // namespace
}  // namespace idv::json
