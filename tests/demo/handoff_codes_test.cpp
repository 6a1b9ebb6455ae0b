// The hand-off codes (issue 11, item 6): what a typed short code is read as, the generators,
// the attempt limiter on a fake clock, and the store on both engines — unique among open
// sessions, gone when a session ends or is purged, given to open sessions by the migration.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "service/code_attempts.hpp"
#include "service/handoff_codes.hpp"
#include "service/purge.hpp"
#include "service/schema.hpp"
#include "service/session_store.hpp"
#include "test_database.hpp"

using namespace idv::demo;

namespace {

bool in_alphabet(const std::string& code) {
  return code.find_first_not_of(kCrockfordAlphabet) == std::string::npos;
}

// ---------------------------------------------------------------- normalisation

TEST(ShortCode, CanonicalCodesReadAsThemselves) {
  EXPECT_EQ(normalize_short_code("K7QM3XPA"), "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("0123ABYZ"), "0123ABYZ");
}

TEST(ShortCode, CaseSpacesAndHyphensDoNotMatter) {
  EXPECT_EQ(normalize_short_code("k7qm3xpa"), "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("k7qm-3xpa"), "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("  K7QM 3XPA \n"), "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("K-7-Q-M 3 X P A"), "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("\tk7Qm--3xPa "), "K7QM3XPA");
  // What phones and copied texts put in: a no-break space, an en dash, a minus sign.
  EXPECT_EQ(normalize_short_code("K7QM\xC2\xA0"
                                 "3XPA"),
            "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("K7QM\xE2\x80\x93"
                                 "3XPA"),
            "K7QM3XPA");
  EXPECT_EQ(normalize_short_code("K7QM\xE2\x88\x92"
                                 "3XPA"),
            "K7QM3XPA");
}

TEST(ShortCode, ILAndOAreReadAsOneAndZero) {
  EXPECT_EQ(normalize_short_code("IL0O1ilo"), "11001110");
  EXPECT_EQ(normalize_short_code("ABCDEFGO"), "ABCDEFG0");
}

TEST(ShortCode, CharactersOutsideTheAlphabetAreRefused) {
  EXPECT_FALSE(normalize_short_code("K7QM3XPU")) << "U is not a Crockford digit";
  EXPECT_FALSE(normalize_short_code("k7qm3xpu"));
  for (const char* bad : {"K7QM3XP!", "K7QM_3XPA", "K7QM.3XPA", "K7QM3XP*", "K7QM3XP\xC3\xA9",
                          "K7QM3XP\x01", "K7QM/3XPA", "K7QM3XP\xE2\x80\x8B"})
    EXPECT_FALSE(normalize_short_code(bad)) << bad;
}

TEST(ShortCode, OnlyEightCharactersMakeACode) {
  EXPECT_FALSE(normalize_short_code(""));
  EXPECT_FALSE(normalize_short_code("   - -  "));
  EXPECT_FALSE(normalize_short_code("K7QM3XP")) << "7";
  EXPECT_FALSE(normalize_short_code("K7QM3XPAB")) << "9";
  EXPECT_FALSE(normalize_short_code("K7QM-3XPA-K7QM-3XPA"));
  EXPECT_FALSE(normalize_short_code(std::string(60, ' ') + "K7QM3XPA")) << "too long to read";
}

// ---------------------------------------------------------------- generators

TEST(ShortCode, FortyBitsSpellEightCharacters) {
  EXPECT_EQ(short_code_from_bits(0), "00000000");
  EXPECT_EQ(short_code_from_bits((std::uint64_t{1} << 40) - 1), "ZZZZZZZZ");
  EXPECT_EQ(short_code_from_bits(std::uint64_t{1} << 40), "00000000") << "only the low 40 bits";
  EXPECT_EQ(short_code_from_bits(31), "0000000Z");
  EXPECT_EQ(short_code_from_bits(std::uint64_t{1} << 35), "10000000");
  EXPECT_EQ(normalize_short_code(short_code_from_bits(0x12'3456'789A)),
            short_code_from_bits(0x12'3456'789A));
}

TEST(ShortCode, RandomCodesUseTheWholeAlphabetEvenly) {
  constexpr int kCodes = 20'000;
  std::map<char, int> counts;
  std::set<std::string> distinct;
  for (int i = 0; i < kCodes; ++i) {
    const auto code = random_short_code();
    ASSERT_TRUE(code);
    ASSERT_EQ(code->size(), kShortCodeLength);
    ASSERT_TRUE(in_alphabet(*code)) << *code;
    ASSERT_EQ(normalize_short_code(*code), *code);
    for (const char c : *code) ++counts[c];
    distinct.insert(*code);
  }
  // 160,000 characters over 32 symbols: 5,000 each expected, a standard deviation of ~70.
  EXPECT_EQ(counts.size(), 32u);
  for (const auto& [c, n] : counts) {
    EXPECT_GT(n, 4'500) << c;
    EXPECT_LT(n, 5'500) << c;
  }
  EXPECT_GT(distinct.size(), static_cast<std::size_t>(kCodes - 5)) << "40 bits hardly repeat";
}

TEST(MatchCode, TwoDigitsUniformOverAHundredValues) {
  constexpr int kDraws = 20'000;
  std::map<std::string, int> counts;
  for (int i = 0; i < kDraws; ++i) {
    const auto code = random_match_code();
    ASSERT_TRUE(code);
    ASSERT_EQ(code->size(), 2u);
    ASSERT_TRUE(std::isdigit(static_cast<unsigned char>((*code)[0])) &&
                std::isdigit(static_cast<unsigned char>((*code)[1])))
        << *code;
    ++counts[*code];
  }
  // 200 expected per value (sd ~14); a modulo bias would put 00..55 near 256 and the rest
  // near 128, outside these bounds.
  EXPECT_EQ(counts.size(), 100u);
  for (const auto& [code, n] : counts) {
    EXPECT_GT(n, 120) << code;
    EXPECT_LT(n, 290) << code;
  }
}

// ---------------------------------------------------------------- attempt limiter

constexpr std::int64_t kT0 = 1'800'000'000'000;

TEST(CodeAttempts, AClientIsLockedOutAfterItsFailuresUntilTheWindowEnds) {
  CodeAttemptLimiter limiter({.per_client = 3, .window_ms = 900'000, .global_per_minute = 600});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.wait_s("10.0.0.1", kT0 + i * 1000), 0) << i;
    limiter.failed("10.0.0.1", kT0 + i * 1000);
  }
  EXPECT_EQ(limiter.wait_s("10.0.0.1", kT0 + 3000), 897);
  EXPECT_EQ(limiter.wait_s("10.0.0.2", kT0 + 3000), 0) << "other addresses may still try";
  EXPECT_EQ(limiter.wait_s("10.0.0.1", kT0 + 899'999), 1);
  EXPECT_EQ(limiter.wait_s("10.0.0.1", kT0 + 900'000), 0) << "the window is over";
  limiter.failed("10.0.0.1", kT0 + 900'000);
  EXPECT_EQ(limiter.wait_s("10.0.0.1", kT0 + 900'001), 0) << "a new window, one failure";
}

TEST(CodeAttempts, FailuresSpreadOverMoreThanAWindowDoNotAddUp) {
  CodeAttemptLimiter limiter({.per_client = 2, .window_ms = 60'000, .global_per_minute = 600});
  limiter.failed("a", kT0);
  limiter.failed("a", kT0 + 60'000);  // the first window ended: this one starts a new one
  EXPECT_EQ(limiter.wait_s("a", kT0 + 60'001), 0);
  limiter.failed("a", kT0 + 60'002);
  EXPECT_EQ(limiter.wait_s("a", kT0 + 60'003), 60);
}

TEST(CodeAttempts, AGlobalCeilingSlowsGuessesFromManyAddresses) {
  CodeAttemptLimiter limiter({.per_client = 10, .window_ms = 900'000, .global_per_minute = 5});
  for (int i = 0; i < 5; ++i) limiter.failed("10.0.0." + std::to_string(i), kT0 + i);
  EXPECT_EQ(limiter.wait_s("10.9.9.9", kT0 + 10), 60) << "a fresh address waits too";
  EXPECT_EQ(limiter.wait_s("10.0.0.1", kT0 + 30'000), 30);
  EXPECT_EQ(limiter.wait_s("10.9.9.9", kT0 + 60'000), 0) << "the minute is over";
  limiter.failed("10.9.9.9", kT0 + 60'000);
  EXPECT_EQ(limiter.wait_s("10.9.9.8", kT0 + 60'001), 0) << "a new minute, one failure";
}

// ---------------------------------------------------------------- the store, both engines

class HandoffStore : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(database_.create(GetParam(), "handoff-test"));
    if (IsSkipped()) return;
    db_ = database_.db();
    std::string error;
    ASSERT_TRUE(migrate_schema(*db_, error)) << error;
  }
  static NewSession session(const std::string& ref, std::int64_t expires_ms = 100'000) {
    return {ref, "order", "https://a.example/h", "", "en", "{}", 0, expires_ms};
  }
  // Hands out the given codes in turn, and counts the draws.
  SessionStore::CodeSource scripted(std::vector<std::string> short_codes) {
    return [this, codes = std::move(short_codes)]() -> std::optional<HandoffCodes> {
      const std::string code = codes.at(std::min(draws_, codes.size() - 1));
      ++draws_;
      return HandoffCodes{code, "47"};
    };
  }
  std::pair<std::string, std::string> stored_codes(const std::string& ref) {
    const std::lock_guard lock(db_->mutex());
    auto st = db_->prepare("SELECT short_code, match_code FROM sessions WHERE ref=?");
    st.bind(1, ref);
    EXPECT_EQ(st.step(), SQLITE_ROW);
    return {st.text(0), st.text(1)};
  }
  testdb::TestDatabase database_;
  Db* db_ = nullptr;
  std::size_t draws_ = 0;
};

TEST_P(HandoffStore, ASessionGetsCodesThatLeadToItWhileItIsOpen) {
  SessionStore s(*db_, nullptr);
  const auto codes = s.create(session("r1", 5'000));
  ASSERT_TRUE(codes);
  EXPECT_EQ(codes->short_code.size(), kShortCodeLength);
  EXPECT_TRUE(in_alphabet(codes->short_code));
  EXPECT_EQ(codes->match_code.size(), 2u);
  const auto row = s.find("r1");
  EXPECT_EQ(row->short_code, codes->short_code);
  EXPECT_EQ(row->match_code, codes->match_code);

  EXPECT_EQ(s.find_open_by_short_code(codes->short_code, 1'000), "r1");
  EXPECT_TRUE(s.transition("r1", {"PENDING"}, "IN_PROGRESS", 1'100));
  EXPECT_EQ(s.find("r1")->short_code, codes->short_code) << "opening the portal keeps them";
  EXPECT_EQ(s.find_open_by_short_code(codes->short_code, 4'999), "r1");
  EXPECT_FALSE(s.find_open_by_short_code(codes->short_code, 5'000))
      << "expired, even before the worker has swept it";
  EXPECT_FALSE(s.find_open_by_short_code("", 1'000));
  EXPECT_FALSE(s.find_open_by_short_code("ZZZZZZZZ", 1'000));
}

TEST_P(HandoffStore, AShortCodeIsUniqueAmongOpenSessions) {
  SessionStore s(*db_, nullptr);
  ASSERT_EQ(s.create(session("first"), scripted({"AAAAAAAA"}))->short_code, "AAAAAAAA");
  draws_ = 0;
  // The second session draws the first one's code: drawn again, stored with the next one.
  const auto second = s.create(session("second"), scripted({"AAAAAAAA", "BBBBBBBB"}));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->short_code, "BBBBBBBB");
  EXPECT_EQ(draws_, 2u);
  EXPECT_EQ(s.find_open_by_short_code("AAAAAAAA", 1), "first");
  EXPECT_EQ(s.find_open_by_short_code("BBBBBBBB", 1), "second");

  // A source that only ever clashes: given up after a few draws, nothing stored.
  draws_ = 0;
  EXPECT_FALSE(s.create(session("third"), scripted({"AAAAAAAA"})));
  EXPECT_GT(draws_, 1u);
  EXPECT_FALSE(s.find("third"));

  // Once the first session is over its code is free again.
  ASSERT_TRUE(s.close("first", {"PENDING", "IN_PROGRESS"}, "FAILED", "terminated", 10));
  draws_ = 0;
  ASSERT_EQ(s.create(session("fourth"), scripted({"AAAAAAAA"}))->short_code, "AAAAAAAA");
  EXPECT_EQ(s.find_open_by_short_code("AAAAAAAA", 20), "fourth");
}

TEST_P(HandoffStore, EveryWayOutOfOpenForgetsTheCodes) {
  SessionStore s(*db_, nullptr);
  for (const char* ref : {"done", "expired", "failed", "cancelled", "deleted"})
    ASSERT_TRUE(s.create(session(ref)));
  const auto short_of = [&](const char* ref) { return s.find(ref)->short_code; };
  const std::map<std::string, std::string> before = {
      {"done", short_of("done")},       {"expired", short_of("expired")},
      {"failed", short_of("failed")},   {"cancelled", short_of("cancelled")},
      {"deleted", short_of("deleted")},
  };
  EXPECT_TRUE(s.complete("done", "{}", 10, 20));
  EXPECT_TRUE(s.close("expired", {"PENDING", "IN_PROGRESS"}, "EXPIRED", "expired", 10));
  EXPECT_TRUE(s.close("failed", {"PENDING", "IN_PROGRESS"}, "FAILED", "max_attempts", 10));
  EXPECT_TRUE(s.transition("cancelled", {"PENDING"}, "CANCELLED", 10));
  EXPECT_TRUE(s.mark_deleted("deleted", 10));
  for (const auto& [ref, code] : before) {
    EXPECT_EQ(stored_codes(ref), std::make_pair(std::string(), std::string())) << ref;
    EXPECT_FALSE(s.find_open_by_short_code(code, 11)) << ref;
  }
}

TEST_P(HandoffStore, PurgeLeavesNoCodeBehind) {
  std::unique_ptr<Db> own;
  std::filesystem::path dir;
  if (GetParam() == Engine::postgres) {
    own = database_.open_another();
  } else {
    dir = std::filesystem::temp_directory_path() /
          ("idv-handoff-purge-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string error;
    own = Db::open((dir / "service.db").string(), error);
    ASSERT_TRUE(own && migrate_schema(*own, error)) << error;
  }
  ASSERT_TRUE(own);
  ServiceConfig config;
  config.data_dir = dir.empty() ? std::filesystem::temp_directory_path().string() : dir.string();
  {
    ServiceContext ctx(config, std::move(own));
    const auto codes = ctx.sessions.create(session("purged"));
    ASSERT_TRUE(codes);
    ASSERT_EQ(purge_session(ctx, "purged", 50), PurgeResult::purged);
    EXPECT_FALSE(ctx.sessions.find_open_by_short_code(codes->short_code, 60));
    const std::lock_guard lock(ctx.db->mutex());
    auto st = ctx.db->prepare(
        "SELECT COUNT(*) FROM sessions WHERE short_code<>'' OR match_code<>'' OR short_code=?");
    st.bind(1, codes->short_code);
    ASSERT_EQ(st.step(), SQLITE_ROW);
    EXPECT_EQ(st.int64(0), 0) << "no column still holds the codes";
  }
  if (!dir.empty()) std::filesystem::remove_all(dir);
}

TEST_P(HandoffStore, MigrationGivesSessionsOpenAtTheUpgradeTheirCodes) {
  // Back to the schema before version 3, with one open and one finished session in it.
  {
    const std::lock_guard lock(db_->mutex());
    ASSERT_TRUE(db_->exec(
        "DROP INDEX sessions_short_code;"
        "ALTER TABLE sessions DROP COLUMN short_code;"
        "ALTER TABLE sessions DROP COLUMN match_code;"
        "DELETE FROM schema_migrations WHERE version=3;"
        "INSERT INTO sessions(ref,status,version,reference_data,webhook_url,return_url,locale,"
        "metadata,created_ms,updated_ms,expires_ms) VALUES"
        "('open','IN_PROGRESS',2,'o','https://a.example/h','','en','{}',0,0,100000),"
        "('over','COMPLETED',3,'o','https://a.example/h','','en','{}',0,0,100000)"))
        << db_->last_error();
  }
  std::string error;
  ASSERT_TRUE(migrate_schema(*db_, error)) << error;
  ASSERT_TRUE(migrate_schema(*db_, error)) << "idempotent: " << error;
  EXPECT_EQ(schema_version(*db_), schema_version_latest());
  SessionStore s(*db_, nullptr);
  const auto open = s.find("open");
  EXPECT_EQ(open->short_code.size(), kShortCodeLength);
  EXPECT_TRUE(in_alphabet(open->short_code));
  EXPECT_EQ(open->match_code.size(), 2u);
  EXPECT_EQ(s.find_open_by_short_code(open->short_code, 1), "open");
  EXPECT_EQ(stored_codes("over"), std::make_pair(std::string(), std::string()));
}

INSTANTIATE_TEST_SUITE_P(Engines, HandoffStore, ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const auto& p) { return testdb::engine_name(p.param); });

}  // namespace
