// Chicago 17th notes and bibliography, exactly as citeproc-js renders them (plain text) from
// our CSL item with Debian's chicago-note-bibliography.csl (docs/citations.md "Chicago"). The
// independent check tests/citation/csl_check.mjs compares the two for the examples, the seed
// and FRUS documents. Title case: citation_titlecase.cc.
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

}  // namespace

std::string CslInnerQuotes(const std::string& text) {
  // Inside the title's own double quotes, citeproc-js flips inner double quotes to single ones
  // and typesets straight quotes: an opening one after white space or at the start, a closing
  // one (or an apostrophe) elsewhere.
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    const char32_t c = DecodeUtf8(text, i, &len);
    const bool opening = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '[';
    if (c == 0x201C) {
      out += kLsquo;
    } else if (c == 0x201D) {
      out += kRsquo;
    } else if (c == '"' || c == '\'') {
      out += opening ? kLsquo : kRsquo;
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

namespace {

// Straight quotes of a variable outside a quoted title as citeproc-js typesets them: double
// ones become “ ”, single ones ‘ ’ (a closing one is also the apostrophe).
std::string Typeset(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool opening = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '[';
    if (c == '"') {
      out += opening ? kLdquo : kRdquo;
    } else if (c == '\'') {
      out += opening ? kLsquo : kRsquo;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> TypesetAll(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& n : names) {
    out.push_back(Typeset(n));
  }
  return out;
}

}  // namespace

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Where the run of closing quotes (’ ”) at the end of `s` begins.
size_t ClosingQuotesStart(std::string_view s) {
  size_t end = s.size();
  while (EndsWith(s.substr(0, end), kRsquo) || EndsWith(s.substr(0, end), kRdquo)) {
    end -= kRsquo.size();
  }
  return end;
}

// Appends `delim` + `next` to `out` as citeproc-js joins: a period after a sentence's own
// end (. ? !) is dropped, and a period or comma moves inside closing quotes (en-US
// punctuation-in-quote).
void Append(std::string* out, std::string_view delim, std::string_view next) {
  if (out->empty()) {
    out->append(next);
    return;
  }
  const size_t q = ClosingQuotesStart(*out);
  const char last = q > 0 ? (*out)[q - 1] : '\0';
  std::string d(delim);
  if (!d.empty() && d[0] == '.' && (last == '.' || last == '?' || last == '!')) {
    d.erase(0, 1);
  }
  if (!d.empty() && (d[0] == '.' || d[0] == ',') && q < out->size()) {
    out->insert(q, 1, d[0]);
    d.erase(0, 1);
  }
  out->append(d);
  out->append(next);
}

// "A", "A and B", "A, B, and C"; `et_al_min` or more names: the first `use_first` and
// " et al." (", et al." after two or more).
std::string Names(const std::vector<std::string>& names, size_t et_al_min, size_t use_first) {
  if (names.size() >= et_al_min) {
    std::string out;
    for (size_t i = 0; i < use_first && i < names.size(); ++i) {
      out += (i == 0 ? "" : ", ") + names[i];
    }
    return out + (use_first > 1 ? ", et al." : " et al.");
  }
  if (names.size() == 2) {
    return names[0] + " and " + names[1];
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : (i + 1 == names.size() ? ", and " : ", ");
    out += names[i];
  }
  return out;
}

bool English(const CslData& d) {
  return d.language.empty() || d.language.rfind("en", 0) == 0;
}

std::string QuotedTitle(const CslData& d) {
  const std::string cased = English(d) ? CslTitleCase(d.title) : d.title;
  return std::string(kLdquo) + CslInnerQuotes(cased) + std::string(kRdquo);
}

std::string CapitalizeFirst(const std::string& text) {
  const size_t start = text.find_first_not_of(' ');
  if (start == std::string::npos) {
    return text;
  }
  size_t end = text.find(' ', start);
  end = end == std::string::npos ? text.size() : end;
  const std::string word = text.substr(start, end - start);
  return AllLowerCase(word) ? text.substr(0, start) + CapitaliseFirst(word) + text.substr(end)
                            : text;
}

}  // namespace

std::string ChicagoNoteText(const CslData& d) {
  std::string out;
  if (!d.authors.empty()) {
    out = Names(TypesetAll(d.authors), 4, 1);
  } else if (!d.translators.empty()) {
    out = Names(TypesetAll(d.translators), 4, 1);
  }
  Append(&out, ", ", QuotedTitle(d));
  Append(&out, ".", "");
  return out;
}

std::string ChicagoBibliographyText(const CslData& d) {
  std::string out;
  const std::vector<std::string> translators = TypesetAll(d.translators);
  if (!d.authors.empty()) {
    out = Names(TypesetAll(d.authors), 11, 7);
  } else if (!translators.empty()) {
    out = Names(translators, 11, 7);
    Append(&out, ", ", "trans.");
  }
  Append(&out, ". ", QuotedTitle(d));
  if (!d.genre.empty()) {
    Append(&out, ". ", CapitalizeFirst(Typeset(d.genre)));
  }
  if (!d.authors.empty() && !translators.empty()) {
    Append(&out, ". ", "Translated by " + Names(translators, 11, 7));
  }
  Append(&out, ", ", d.issued.IsSet() ? LongDate(d.issued) : "n.d.");
  for (const std::string& part :
       {CapitalizeFirst(Typeset(d.archive_location)), Typeset(d.archive), d.url}) {
    if (!part.empty()) {
      Append(&out, ". ", part);
    }
  }
  Append(&out, ".", "");
  return out;
}

}  // namespace chancery::format::internal
