// citeproc-js's text-case="title" and the UTF-8 helpers of the Chicago renderer
// (citation_chicago.cc; docs/citations.md "Chicago"), ported from citeproc-js 2.4.63's
// CSL.Output.Formatters: the same stop words, tags and quote bookkeeping.
#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "format/citation_internal.h"

namespace chancery::format::internal {

namespace {

constexpr std::string_view kLsquo = "\u2018";
constexpr std::string_view kRsquo = "\u2019";
constexpr std::string_view kLdquo = "\u201c";
constexpr std::string_view kRdquo = "\u201d";

// citeproc-js's CSL.SKIP_WORDS: the single words of the list (the multi-word entries cannot
// match one word).
const std::set<std::string, std::less<>>& SkipWords() {
  static const std::set<std::string, std::less<>> kWords = {"about",
                                                            "above",
                                                            "across",
                                                            "afore",
                                                            "after",
                                                            "against",
                                                            "al",
                                                            "along",
                                                            "alongside",
                                                            "amid",
                                                            "amidst",
                                                            "among",
                                                            "amongst",
                                                            "anenst",
                                                            "apropos",
                                                            "apud",
                                                            "around",
                                                            "as",
                                                            "aside",
                                                            "astride",
                                                            "at",
                                                            "athwart",
                                                            "atop",
                                                            "barring",
                                                            "before",
                                                            "behind",
                                                            "below",
                                                            "beneath",
                                                            "beside",
                                                            "besides",
                                                            "between",
                                                            "beyond",
                                                            "but",
                                                            "by",
                                                            "circa",
                                                            "despite",
                                                            "down",
                                                            "during",
                                                            "et",
                                                            "except",
                                                            "for",
                                                            "forenenst",
                                                            "from",
                                                            "given",
                                                            "in",
                                                            "inside",
                                                            "into",
                                                            "lest",
                                                            "like",
                                                            "modulo",
                                                            "near",
                                                            "next",
                                                            "notwithstanding",
                                                            "of",
                                                            "off",
                                                            "on",
                                                            "onto",
                                                            "out",
                                                            "over",
                                                            "per",
                                                            "plus",
                                                            "pro",
                                                            "qua",
                                                            "sans",
                                                            "since",
                                                            "than",
                                                            "through",
                                                            "throughout",
                                                            "thruout",
                                                            "till",
                                                            "to",
                                                            "toward",
                                                            "towards",
                                                            "under",
                                                            "underneath",
                                                            "until",
                                                            "unto",
                                                            "up",
                                                            "upon",
                                                            "versus",
                                                            "vs",
                                                            "v",
                                                            "via",
                                                            "vis-à-vis",
                                                            "with",
                                                            "within",
                                                            "without",
                                                            "or",
                                                            "yet",
                                                            "so",
                                                            "and",
                                                            "nor",
                                                            "a",
                                                            "an",
                                                            "the",
                                                            "de",
                                                            "von",
                                                            "van",
                                                            "c",
                                                            "ca"};
  return kWords;
}

// The list is a regular expression in citeproc-js, unescaped: "vs." and "v." match "vs" or
// "v" followed by any one character.
bool IsSkipWord(std::string_view lower) {
  if (SkipWords().count(lower) > 0) {
    return true;
  }
  const size_t n = lower.size();
  return (n >= 2 && lower[0] == 'v' && Utf16Length(lower.substr(1)) == 1) ||
         (n >= 3 && lower.substr(0, 2) == "vs" && Utf16Length(lower.substr(2)) == 1);
}

}  // namespace

// UTF-8 helpers: code points, the cases of the scripts the corpora use (ASCII, Latin-1,
// Latin Extended-A, Cyrillic), UTF-16 length as JavaScript counts it.
size_t Utf16Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      n += c >= 0xF0 ? 2 : 1;
    }
  }
  return n;
}

namespace {

// Decodes the code point at s[i]; sets *len. Invalid bytes decode as themselves.
char32_t Decode(std::string_view s, size_t i, size_t* len) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (c >= 0x80 && c < 0xC0) {
    n = 1;
  }
  if (i + n > s.size()) {
    n = 1;
  }
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  *len = n;
  return cp;
}

std::string Encode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

char32_t Upper(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
      (c >= 0x430 && c <= 0x44F)) {
    return c - 0x20;
  }
  if (c >= 0x450 && c <= 0x45F) {
    return c - 0x50;
  }
  if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 &&
      c != 0x17F) {
    const bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_lower ? (c % 2 == 0) : (c % 2 == 1)) {
      return c - 1;
    }
  }
  return c;
}

// An upper-case letter of the scripts Upper() knows.
bool IsUpperChar(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
      (c >= 0x400 && c <= 0x42F)) {
    return true;
  }
  return c >= 0x100 && c < 0x17F && Upper(c + 1) == c;
}

bool AllLower(std::string_view word) {
  for (size_t i = 0; i < word.size();) {
    size_t len = 1;
    if (IsUpperChar(Decode(word, i, &len))) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string LowerAscii(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Upper-cases the first code point (citeproc-js _capitalise; lone Greek letters excepted).
std::string Capitalise(std::string_view word) {
  if (word.empty()) {
    return std::string(word);
  }
  size_t len = 1;
  const char32_t first = Decode(word, 0, &len);
  if (first >= 0x370 && first <= 0x3FF && len == word.size()) {
    return std::string(word);
  }
  return Encode(Upper(first)) + std::string(word.substr(len));
}

// citeproc-js's tag pattern: quotes (a straight one possibly after a space), punctuation,
// brackets. Returns the tag's length at s[i], 0 for none.
size_t TagAt(std::string_view s, size_t i) {
  for (std::string_view q :
       {kLsquo, kRsquo, kLdquo, kRdquo, std::string_view("\u2013"), std::string_view("\u2014")}) {
    if (s.substr(i, q.size()) == q) {
      return q.size();
    }
  }
  if (s.substr(i, 2) == " \"" || s.substr(i, 2) == " '") {
    return 2;
  }
  const char c = s[i];
  return std::string_view("\"'-/.,;?!:[]()").find(c) != std::string_view::npos ? 1 : 0;
}

bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  if (s[i] == ' ') {
    *len = 1;
    return true;
  }
  size_t n = 1;
  const char32_t c = Decode(s, i, &n);
  if (c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x205F || c == 0x3000) {
    *len = n;
    return true;
  }
  return false;
}

struct TitleCaser {
  bool is_first = true;
  bool after_punct = false;
  bool has_last = false;
  size_t last_string = 0;
  size_t last_word = 0;

  // Splits on runs of white space: words[0], sep[0], words[1], ...
  static void SplitWords(std::string_view s, std::vector<std::string>* words,
                         std::vector<std::string>* seps) {
    std::string cur;
    std::string sep;
    bool in_sep = false;
    for (size_t i = 0; i < s.size();) {
      size_t len = 1;
      if (IsSpaceAt(s, i, &len)) {
        if (!in_sep) {
          words->push_back(cur);
          cur.clear();
          in_sep = true;
        }
        sep.append(s.substr(i, len));
      } else {
        if (in_sep) {
          seps->push_back(sep);
          sep.clear();
          in_sep = false;
        }
        cur.append(s.substr(i, len));
      }
      i += len;
    }
    if (in_sep) {
      seps->push_back(sep);
    }
    words->push_back(cur);
  }

  static std::string JoinWords(const std::vector<std::string>& words,
                               const std::vector<std::string>& seps) {
    std::string out;
    for (size_t k = 0; k < words.size(); ++k) {
      out += words[k];
      if (k < seps.size()) {
        out += seps[k];
      }
    }
    return out;
  }

  std::string Words(const std::string& str, size_t i, std::string_view following_tag) {
    if (str.find_first_not_of(" \t\n") == std::string::npos) {
      return str;
    }
    std::vector<std::string> words;
    std::vector<std::string> seps;
    SplitWords(str, &words, &seps);
    for (size_t j = 0; j < words.size(); ++j) {
      const std::string& word = words[j];
      if (word.empty()) {
        continue;
      }
      const std::string lower = LowerAscii(word);
      bool capitalize = false;
      if (Utf16Length(word) > 1 && !IsSkipWord(lower)) {
        capitalize = true;
      } else if (j == words.size() - 1 && following_tag == "-") {
        capitalize = true;
      } else if (is_first || after_punct) {
        capitalize = true;
      }
      if (capitalize && AllLower(word)) {
        words[j] = Capitalise(word);
      }
      after_punct = false;
      is_first = false;
      has_last = true;
      last_string = i;
      last_word = j;
    }
    return JoinWords(words, seps);
  }
};

// The quote bookkeeping of citeproc-js's text-case engine: a string after an unmatched quote
// keeps its original first character.
struct QuoteState {
  std::string opener;
  std::string closer;
  std::optional<size_t> pos;
};

}  // namespace

std::string CslTitleCase(const std::string& text) {
  std::vector<std::string> strings(1);
  std::vector<std::string> tags;
  for (size_t i = 0; i < text.size();) {
    const size_t t = TagAt(text, i);
    if (t > 0) {
      tags.push_back(text.substr(i, t));
      strings.emplace_back();
      i += t;
    } else {
      strings.back() += text[i];
      ++i;
    }
  }
  const std::vector<std::string> orig = strings;
  TitleCaser caser;
  std::vector<QuoteState> quotes;
  auto restore = [&](size_t pos) {
    std::string& s = strings[pos + 1];
    if (!s.empty() && !orig[pos + 1].empty()) {
      size_t a = 1;
      size_t b = 1;
      Decode(orig[pos + 1], 0, &a);
      Decode(s, 0, &b);
      s = orig[pos + 1].substr(0, a) + s.substr(b);
    }
  };
  auto quote_fix = [&](const std::string& tag, size_t pos) -> std::optional<size_t> {
    std::string q;
    for (std::string_view c : {kLsquo, kRsquo, kLdquo, kRdquo}) {
      if (tag.rfind(c, 0) == 0) {
        q = std::string(c);
      }
    }
    if (q.empty() && (tag[0] == '"' || tag[0] == '\'')) {
      q = tag.substr(0, 1);
    }
    if (q.empty() && (tag == " \"" || tag == " '")) {
      q = tag;
    }
    if (q.empty()) {
      return std::nullopt;
    }
    const bool opener = q == kLsquo || q == kLdquo || q == " \"" || q == " '";
    if (opener) {
      QuoteState next;
      if (q == " \"") {
        next = {" '", "\"", std::nullopt};
      } else if (q == " '") {
        next = {" \"", "'", std::nullopt};
      } else if (q == kLsquo) {
        next = {std::string(kLsquo), std::string(kRsquo), std::nullopt};
      } else {
        next = {std::string(kLdquo), std::string(kRdquo), std::nullopt};
      }
      if (quotes.empty() || q == quotes.back().opener) {
        next.pos = pos;
        quotes.push_back(next);
        return std::nullopt;
      }
      const std::optional<size_t> prev = quotes.back().pos;
      quotes.pop_back();
      quotes.push_back(next);  // citeproc-js records no position here
      return prev;
    }
    if (!quotes.empty() && q == quotes.back().closer) {
      quotes.pop_back();
      return std::nullopt;
    }
    return pos;
  };
  if (strings[0].find_first_not_of(' ') != std::string::npos) {
    strings[0] = caser.Words(strings[0], 0, tags.empty() ? "" : tags[0]);
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    const std::string& tag = tags[i];
    const std::string str = strings[i + 1];
    const char end = tag.back();
    if (end == '!' || end == '?' || end == ':') {
      caser.after_punct = true;
    }
    strings[i + 1] = caser.Words(str, i + 1, i + 1 < tags.size() ? tags[i + 1] : "");
    if (tag == " '") {
      // citeproc-js leaves the first word after a straight single quote opened after a space as
      // it was (observed: "memo re: 'hot line'" gives "Memo Re: 'hot Line'").
      restore(i);
    }
    const std::optional<size_t> quote_pos = quote_fix(tag, i);
    if (quote_pos.has_value()) {
      restore(*quote_pos);
      caser.has_last = false;
    }
    const bool printable = str.find_first_not_of(' ') != std::string::npos;
    if (caser.is_first && printable) {
      caser.is_first = false;
    }
    if (caser.after_punct && printable) {
      caser.after_punct = false;
    }
  }
  for (const QuoteState& q : quotes) {
    if (q.pos.has_value()) {
      restore(*q.pos);
    }
  }
  if (caser.has_last) {
    std::vector<std::string> words;
    std::vector<std::string> seps;
    TitleCaser::SplitWords(strings[caser.last_string], &words, &seps);
    if (caser.last_word < words.size()) {
      std::string& w = words[caser.last_word];
      if (Utf16Length(w) > 1 && IsSkipWord(LowerAscii(w))) {
        w = Capitalise(w);
      }
      strings[caser.last_string] = TitleCaser::JoinWords(words, seps);
    }
  }
  std::string out = strings[0];
  for (size_t i = 0; i < tags.size(); ++i) {
    out += tags[i] + strings[i + 1];
  }
  return out;
}

char32_t DecodeUtf8(std::string_view s, size_t i, size_t* len) {
  return Decode(s, i, len);
}

bool AllLowerCase(std::string_view word) {
  return AllLower(word);
}

std::string CapitaliseFirst(std::string_view word) {
  return Capitalise(word);
}

}  // namespace chancery::format::internal
