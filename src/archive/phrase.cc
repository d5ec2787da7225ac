// `review withhold --text PHRASE` (docs/archive.md §3): every occurrence of a phrase, found the
// way a reader would find it, whatever the units of the proof scheme are. A unit of the proof
// (docs/format/proof.md §2) may hold more than one word as a reader sees it ("Zebulon’s" with a
// typographic apostrophe, "“Zebulon”", "Zebulon—Tal"); matching therefore looks at the words
// inside units, and an occurrence withholds the whole units it touches. Matching is
// case-insensitive and accent-insensitive (É = é = e, e + U+0301 = e): the safe direction, a
// near-miss is withheld too. A phrase that also occurs in a field that cannot be withheld
// (a marking, a serial, a reference target) is refused: withholding it elsewhere would leave it
// readable there.
#include <algorithm>
#include <string>
#include <vector>

#include "archive/archive_impl.h"

namespace chancery::archive::internal {
namespace {

// Decodes one UTF-8 code point at text[*i] and advances *i; a malformed byte is returned as its
// own value (>= 0x80) and skipped.
char32_t Next(std::string_view text, size_t* i) {
  const auto b = static_cast<unsigned char>(text[*i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + len > text.size()) {
    ++*i;
    return b;
  }
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(text[*i + k]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return b;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *i += len;
  return cp;
}

bool IsCjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

// Punctuation, spaces and symbols outside ASCII: they separate words for a reader.
bool IsSeparator(char32_t c) {
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2B9 && c <= 0x2DF) ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) ||
         (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || c == 0xFEFF;
}

bool IsCombining(char32_t c) {
  return c >= 0x300 && c <= 0x36F;
}

// Base letters of U+00C0..U+017F without their accents, lower case ('?': lower case only).
constexpr std::string_view kLatinBase =
    "aaaaaa?ceeeeiiii?nooooo??uuuuy??aaaaaa?ceeeeiiii?nooooo??uuuuy?yaaaaaaccccccccdd??eeeeeeeeee"
    "gggggggghh??iiiiiiiii???jjkk?llllll????nnnnnn???oooooo??rrrrrrsssssssstttt??uuuuuuuuuuuuwwyyy"
    "zzzzzz?";

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// One code point folded for matching: lower case, Latin accents dropped; combining marks vanish.
void Fold(char32_t c, std::string* out) {
  if (IsCombining(c)) {
    return;
  }
  if (c >= 'A' && c <= 'Z') {
    c += 0x20;
  } else if (c >= 0xC0 && c <= 0x17F) {
    const char base = kLatinBase[c - 0xC0];
    if (base != '?') {
      out->push_back(base);
      return;
    }
    c = c <= 0xDE ? c + 0x20 : (c >= 0x100 && c % 2 == 0 ? c + 1 : c);
  } else if ((c >= 0x391 && c <= 0x3A9) || (c >= 0x410 && c <= 0x42F)) {
    c += 0x20;  // Greek and Cyrillic capitals
  } else if (c >= 0x400 && c <= 0x40F) {
    c += 0x50;
  }
  AppendUtf8(c, out);
}

// A word as a reader sees it, inside unit `unit` of its field.
struct Word {
  std::string folded;
  size_t unit = 0;
};

// The reader's words of a text: runs of letters and digits (each CJK ideograph alone), split at
// ASCII and non-ASCII punctuation, spaces and symbols.
std::vector<Word> ReaderWords(const std::vector<Unit>& units) {
  std::vector<Word> words;
  for (size_t u = 0; u < units.size(); ++u) {
    if (!units[u].word) {
      continue;
    }
    const std::string_view text = units[u].text;
    std::string current;
    size_t i = 0;
    while (i < text.size()) {
      const char32_t c = Next(text, &i);
      const bool ascii_sep =
          c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
      if (ascii_sep || IsSeparator(c) || IsCjk(c)) {
        if (!current.empty()) {
          words.push_back({std::move(current), u});
          current.clear();
        }
        if (IsCjk(c)) {
          std::string one;
          AppendUtf8(c, &one);
          words.push_back({std::move(one), u});
        }
        continue;
      }
      Fold(c, &current);
    }
    if (!current.empty()) {
      words.push_back({std::move(current), u});
    }
  }
  return words;
}

std::string Where(const SpanContext& where) {
  return "record " + where.record_id + " version " + std::to_string(where.version);
}

// Occurrences of `wanted` in a field: pairs (first unit, last unit) of the units they touch.
std::vector<std::pair<size_t, size_t>> Occurrences(const std::vector<Unit>& units,
                                                   const std::vector<std::string>& wanted) {
  const std::vector<Word> words = ReaderWords(units);
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t w = 0; w + wanted.size() <= words.size(); ++w) {
    bool match = true;
    for (size_t k = 0; k < wanted.size() && match; ++k) {
      match = words[w + k].folded == wanted[k];
      // Consecutive words of the phrase: in one unit, or in units one gap apart.
      if (match && k > 0) {
        match = words[w + k].unit - words[w + k - 1].unit <= 2;
      }
    }
    if (match) {
      out.emplace_back(words[w].unit, words[w + wanted.size() - 1].unit);
      w += wanted.size() - 1;
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Span>> FindPhrase(const std::vector<Field>& fields, std::string_view phrase,
                                     const SpanContext& where) {
  std::vector<std::string> wanted;
  for (Word& w : ReaderWords(SplitUnits(phrase))) {
    wanted.push_back(std::move(w.folded));
  }
  if (wanted.empty()) {
    return InvalidArgument(Where(where) + ": the phrase \"" + std::string(phrase) +
                           "\" holds no words (an empty span)");
  }
  std::vector<Span> spans;
  for (const Field& f : fields) {
    const std::vector<Unit> units = SplitUnits(f.value);
    std::vector<std::pair<size_t, size_t>> found = Occurrences(units, wanted);
    // A name is also written surname first ("Zebulon, Tal" in a FRUS persons list): the phrase
    // with its last word first is withheld too, where it does not overlap a match above
    // (adversarial review A2).
    if (wanted.size() >= 2) {
      std::vector<std::string> inverted = {wanted.back()};
      inverted.insert(inverted.end(), wanted.begin(), wanted.end() - 1);
      for (const auto& [first, last] : Occurrences(units, inverted)) {
        const bool overlaps = std::any_of(found.begin(), found.end(), [&](const auto& m) {
          return first <= m.second && m.first <= last;
        });
        if (!overlaps) {
          found.emplace_back(first, last);
        }
      }
      std::sort(found.begin(), found.end());
    }
    if (found.empty()) {
      continue;
    }
    if (!f.is_string || !Withholdable(f.pointer)) {
      return InvalidArgument(Where(where) + ": the phrase \"" + std::string(phrase) +
                             "\" also occurs in " + f.pointer +
                             ", which cannot be withheld (structure: markings, serials, dates, "
                             "reference targets); withholding it elsewhere would leave it there");
    }
    // Unit index -> word index (the span's word range counts word units).
    std::vector<int32_t> word_of(units.size(), -1);
    int32_t n = 0;
    for (size_t u = 0; u < units.size(); ++u) {
      if (units[u].word) {
        word_of[u] = n++;
      }
    }
    for (const auto& [first, last] : found) {
      spans.push_back(Span{f.pointer, word_of[first], word_of[last]});
    }
  }
  if (spans.empty()) {
    return InvalidArgument(Where(where) + ": the phrase \"" + std::string(phrase) +
                           "\" does not occur in the record");
  }
  return spans;
}

}  // namespace chancery::archive::internal
