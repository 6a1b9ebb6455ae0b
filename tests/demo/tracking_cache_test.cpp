// The tracking endpoint's in-memory answers: loaded once, dropped on every change, and never
// left stale by a change that lands while an answer is being loaded.
#include "service/tracking_cache.hpp"

#include <gtest/gtest.h>

namespace idv::demo {
namespace {

TrackingView view(std::int64_t version) {
  return {false, version, "\"v" + std::to_string(version) + "\"", "{}"};
}

TEST(TrackingCache, LoadsOnceThenServesFromMemory) {
  TrackingCache cache;
  int loads = 0;
  const auto load = [&] { return ++loads, std::optional(view(3)); };
  EXPECT_EQ(cache.get("a", load)->version, 3);
  EXPECT_EQ(cache.get("a", load)->version, 3);
  EXPECT_EQ(loads, 1);
}

TEST(TrackingCache, AChangeDropsTheEntry) {
  TrackingCache cache;
  std::int64_t version = 1;
  const auto load = [&] { return std::optional(view(version)); };
  EXPECT_EQ(cache.get("a", load)->version, 1);
  version = 2;
  cache.invalidate("a");
  EXPECT_EQ(cache.get("a", load)->version, 2);
}

TEST(TrackingCache, AChangeDuringTheLoadIsNotHiddenByAStaleEntry) {
  TrackingCache cache;
  std::int64_t version = 1;
  int loads = 0;
  const auto racing = [&] {
    ++loads;
    const auto v = view(version);  // read the old row...
    version = 2;                   // ...a writer commits and invalidates meanwhile
    cache.invalidate("a");
    return std::optional(v);
  };
  EXPECT_EQ(cache.get("a", racing)->version, 1);  // this caller saw the old one: fine
  const auto load = [&] { return ++loads, std::optional(view(version)); };
  EXPECT_EQ(cache.get("a", load)->version, 2);  // but it was not kept
  EXPECT_EQ(loads, 2);
}

TEST(TrackingCache, UnknownReferencesAreNotCached) {
  TrackingCache cache;
  int loads = 0;
  const auto load = [&] { return ++loads, std::optional<TrackingView>(); };
  EXPECT_FALSE(cache.get("nope", load));
  EXPECT_FALSE(cache.get("nope", load));
  EXPECT_EQ(loads, 2);
}

TEST(TrackingCache, StaysBounded) {
  TrackingCache cache(2);
  int loads = 0;
  const auto load = [&] { return ++loads, std::optional(view(1)); };
  cache.get("a", load);
  cache.get("b", load);
  cache.get("c", load);  // full: starts over with just "c"
  cache.get("c", load);
  EXPECT_EQ(loads, 3);
  cache.get("a", load);
  EXPECT_EQ(loads, 4);
}

}  // namespace
}  // namespace idv::demo
