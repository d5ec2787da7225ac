// SplitUnits (docs/format/proof.md §2): the units a committed text splits into.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/commitment.h"

namespace chancery::archive {
namespace {

enum class CharClass : int8_t { kGap, kWord, kIdeograph };

// One UTF-8 character at the front of `text`: its length in bytes and code point. A byte that
// does not start a well-formed sequence is one character of its own (code point 0xFFFD stands in,
// which is a word character): the split must cover any bytes.
struct Char {
  size_t length = 1;
  uint32_t code_point = 0;
};

Char DecodeOne(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) {
    return {1, lead};
  }
  size_t length = 0;
  uint32_t code_point = 0;
  uint32_t minimum = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
    minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
    minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
    minimum = 0x10000;
  } else {
    return {1, 0xFFFD};
  }
  if (text.size() < length) {
    return {1, 0xFFFD};
  }
  for (size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xC0u) != 0x80u) {
      return {1, 0xFFFD};
    }
    code_point = (code_point << 6) | (next & 0x3Fu);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {1, 0xFFFD};
  }
  return {length, code_point};
}

CharClass ClassOf(uint32_t code_point) {
  if (code_point < 0x80) {
    const bool alnum = (code_point >= '0' && code_point <= '9') ||
                       (code_point >= 'A' && code_point <= 'Z') ||
                       (code_point >= 'a' && code_point <= 'z');
    return alnum ? CharClass::kWord : CharClass::kGap;
  }
  if ((code_point >= 0x3400 && code_point <= 0x9FFF) ||
      (code_point >= 0xF900 && code_point <= 0xFAFF) ||
      (code_point >= 0x20000 && code_point <= 0x2FFFF)) {
    return CharClass::kIdeograph;
  }
  return CharClass::kWord;
}

}  // namespace

std::vector<Unit> SplitUnits(std::string_view text) {
  std::vector<Unit> units;
  size_t start = 0;
  CharClass current = CharClass::kGap;
  size_t at = 0;
  while (at < text.size()) {
    const Char c = DecodeOne(text.substr(at));
    const CharClass cls = ClassOf(c.code_point);
    // docs/format/proof.md §2: an ideograph is always a unit of its own; other characters extend
    // the current unit while their class stays the same.
    const bool boundary = at > start && (cls != current || cls == CharClass::kIdeograph);
    if (boundary) {
      units.push_back({std::string(text.substr(start, at - start)), current != CharClass::kGap});
      start = at;
    }
    current = cls;
    at += c.length;
  }
  if (at > start) {
    units.push_back({std::string(text.substr(start, at - start)), current != CharClass::kGap});
  }
  return units;
}

}  // namespace chancery::archive
