// The CBOR reader's memory is linear in the bytes it is given, whatever counts the bytes claim.
// Its own executable, because it counts every allocation through a replaced operator new.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "service/wallet/cbor_reader.hpp"

namespace {

// Bytes currently allocated through operator new, and the most ever at once since reset.
std::atomic<std::size_t> gLive{0};
std::atomic<std::size_t> gPeak{0};
constexpr std::size_t kHeader = alignof(std::max_align_t);

void* counted(std::size_t n) {
  auto* p = static_cast<unsigned char*>(std::malloc(n + kHeader));
  if (!p) throw std::bad_alloc();
  *reinterpret_cast<std::size_t*>(p) = n;
  const std::size_t now = gLive += n;
  for (std::size_t peak = gPeak; now > peak && !gPeak.compare_exchange_weak(peak, now);) {
  }
  return p + kHeader;
}

void uncounted(void* q) noexcept {
  if (!q) return;
  auto* p = static_cast<unsigned char*>(q) - kHeader;
  gLive -= *reinterpret_cast<std::size_t*>(p);
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) {
  return counted(n);
}
void* operator new[](std::size_t n) {
  return counted(n);
}
void operator delete(void* p) noexcept {
  uncounted(p);
}
void operator delete[](void* p) noexcept {
  uncounted(p);
}
void operator delete(void* p, std::size_t) noexcept {
  uncounted(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  uncounted(p);
}

namespace idv::demo::wallet {
namespace {

// 24 nested arrays, each claiming as many elements as there are bytes left (the most the
// reader's "every element takes a byte" check lets through), then 48 KB of zeros: a body the
// size of the largest wallet response the service accepts.
std::vector<std::uint8_t> nestedClaims(std::size_t total) {
  std::vector<std::uint8_t> data;
  for (int level = 0; level < 24; ++level) {
    const auto left = static_cast<std::uint32_t>(total - data.size() - 5);
    data.push_back(0x9a);  // array, 4-byte count
    for (int shift = 24; shift >= 0; shift -= 8) data.push_back((left >> shift) & 0xff);
  }
  data.resize(total, 0x00);  // unsigned 0: one byte per element
  return data;
}

TEST(CborMemory, ClaimedCountsDoNotReserveMemory) {
  const auto data = nestedClaims(48 * 1024);
  gPeak = gLive.load();
  const std::size_t before = gLive;
  EXPECT_FALSE(cbor_decode(data).has_value()) << "the counts cannot all be met";
  const std::size_t used = gPeak - before;
  // At most 4,096 items are ever parsed, and the vectors' growth can double that. Reserving the
  // claims instead took ~24 × 48 K items (85 MB).
  const std::size_t linear = 4 * 4096 * sizeof(CborItem);
  RecordProperty("peakBytes", std::to_string(used));
  EXPECT_LT(used, linear) << used << " bytes at peak for a " << data.size() << "-byte input";
}

TEST(CborMemory, AtMost4096Items) {
  std::vector<std::uint8_t> data{0x99, 0x0f, 0xff};  // an array of 4,095 zeros: 4,096 items
  data.resize(3 + 4095, 0x00);
  EXPECT_TRUE(cbor_decode(data).has_value());
  data[1] = 0x10;  // an array of 4,096 zeros: 4,097 items
  data[2] = 0x00;
  data.push_back(0x00);
  EXPECT_FALSE(cbor_decode(data).has_value());
}

TEST(CborMemory, AnHonestArrayStillDecodes) {
  std::vector<std::uint8_t> data{0x83, 0x01, 0x02, 0x03};  // [1, 2, 3]
  const auto item = cbor_decode(data);
  ASSERT_TRUE(item.has_value());
  ASSERT_EQ(item->items.size(), 3u);
  EXPECT_EQ(item->items[2].integer(), 3);
}

}  // namespace
}  // namespace idv::demo::wallet
