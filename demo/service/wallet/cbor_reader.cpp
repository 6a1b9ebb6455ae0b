#include "service/wallet/cbor_reader.hpp"

#include <algorithm>
#include <set>

namespace idv::demo::wallet {
namespace {

constexpr int kMaxDepth = 24;
// An mDL DeviceResponse is a few hundred items; an input of one-byte items would otherwise cost
// one CborItem (~72 B) per byte received.
constexpr std::size_t kMaxItems = 4096;

bool valid_utf8(ByteSpan s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t c = s[i];
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

struct SpanLess {
  bool operator()(ByteSpan a, ByteSpan b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
};

class Reader {
 public:
  explicit Reader(ByteSpan data) : data_(data) {}

  std::optional<CborItem> item(int depth) {
    if (depth > kMaxDepth || pos_ >= data_.size() || ++count_ > kMaxItems) return std::nullopt;
    const std::size_t start = pos_;
    const std::uint8_t initial = data_[pos_++];
    const int major = initial >> 5;
    const int info = initial & 0x1F;
    CborItem out;
    if (major == 7) {
      if (!simple(info, out)) return std::nullopt;
    } else {
      const auto arg = argument(info);
      if (!arg) return std::nullopt;
      out.value = *arg;
      if (!compound(major, depth, out)) return std::nullopt;
    }
    out.encoded = data_.subspan(start, pos_ - start);
    return out;
  }

  bool at_end() const { return pos_ == data_.size(); }

 private:
  // The head's argument; indefinite lengths (31) and reserved values (28-30) are refused.
  std::optional<std::uint64_t> argument(int info) {
    if (info < 24) return static_cast<std::uint64_t>(info);
    if (info > 27) return std::nullopt;
    const std::size_t n = std::size_t{1} << (info - 24);
    if (data_.size() - pos_ < n) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v = (v << 8) | data_[pos_++];
    return v;
  }

  bool simple(int info, CborItem& out) {
    if (info < 24) {
      out.type = CborType::simple;
      out.value = static_cast<std::uint64_t>(info);
      return true;
    }
    if (info == 24) {
      if (pos_ >= data_.size() || data_[pos_] < 32) return false;  // RFC 8949 §3.3
      out.type = CborType::simple;
      out.value = data_[pos_++];
      return true;
    }
    if (info >= 25 && info <= 27) {
      const std::size_t n = std::size_t{2} << (info - 25);  // half, single, double precision
      if (data_.size() - pos_ < n) return false;
      pos_ += n;
      out.type = CborType::floating;
      return true;
    }
    return false;
  }

  bool compound(int major, int depth, CborItem& out) {
    const std::uint64_t n = out.value;
    const std::size_t left = data_.size() - pos_;
    switch (major) {
      case 0: out.type = CborType::unsigned_int; return true;
      case 1: out.type = CborType::negative_int; return true;
      case 2:
      case 3:
        if (n > left) return false;
        out.type = major == 2 ? CborType::bytes : CborType::text;
        out.content = data_.subspan(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        return major == 2 || valid_utf8(out.content);
      case 4:
        if (n > left) return false;  // every element takes at least one byte
        out.type = CborType::array;
        return children(static_cast<std::size_t>(n), depth, out);
      case 5: {
        if (n > left / 2) return false;
        out.type = CborType::map;
        if (!children(static_cast<std::size_t>(n) * 2, depth, out)) return false;
        std::set<ByteSpan, SpanLess> keys;
        for (std::size_t k = 0; k < out.items.size(); k += 2) {
          if (!keys.insert(out.items[k].encoded).second) return false;  // duplicate key
        }
        return true;
      }
      case 6: out.type = CborType::tag; return children(1, depth, out);
    }
    return false;
  }

  // No reserve(count): the count is the sender's claim. Reserving it at every level let one
  // 48 KB body make each of 24 nested arrays reserve ~48 K items (~80 MB) before failing; grown
  // as children actually parse, memory stays linear in the bytes received.
  bool children(std::size_t count, int depth, CborItem& out) {
    for (std::size_t k = 0; k < count; ++k) {
      auto child = item(depth + 1);
      if (!child) return false;
      out.items.push_back(std::move(*child));
    }
    return true;
  }

  ByteSpan data_;
  std::size_t pos_ = 0;
  std::size_t count_ = 0;  // items begun so far
};

}  // namespace

bool CborItem::is_text(std::string_view s) const {
  return type == CborType::text && text() == s;
}

std::string_view CborItem::text() const {
  if (type != CborType::text) return {};
  return {reinterpret_cast<const char*>(content.data()), content.size()};
}

std::optional<std::int64_t> CborItem::integer() const {
  if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  if (type == CborType::unsigned_int) return static_cast<std::int64_t>(value);
  if (type == CborType::negative_int) return -1 - static_cast<std::int64_t>(value);
  return std::nullopt;
}

const CborItem* CborItem::find(std::string_view text_key) const {
  if (type != CborType::map) return nullptr;
  for (std::size_t k = 0; k + 1 < items.size(); k += 2) {
    if (items[k].is_text(text_key)) return &items[k + 1];
  }
  return nullptr;
}

const CborItem* CborItem::find(std::int64_t int_key) const {
  if (type != CborType::map) return nullptr;
  for (std::size_t k = 0; k + 1 < items.size(); k += 2) {
    if (items[k].integer() == int_key) return &items[k + 1];
  }
  return nullptr;
}

std::optional<CborItem> cbor_decode(ByteSpan data) {
  if (data.empty() || data.size() > (1u << 20)) return std::nullopt;
  Reader reader(data);
  auto out = reader.item(0);
  if (!out || !reader.at_end()) return std::nullopt;
  return out;
}

}  // namespace idv::demo::wallet
