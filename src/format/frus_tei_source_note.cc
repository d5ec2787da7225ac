// FRUS source notes: the prose that carries a document's archival reference, original
// classification, precedence, handling captions, drafters and approvers and repeat-to addressees
// ("Source: Department of State, Central Files, 793.551/2-2561. Top Secret; Priority; Eyes
// Only."), and the legacy inline notes ("File No. 861.51/165", "[Telegram]").
// docs/format/frus-tei.md §Source notes.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/strings.h"

#include "format/frus_tei_internal.h"

namespace chancery::format::internal {
namespace {

struct Word {
  std::string_view word;
  std::string_view canonical;
};

constexpr std::array<Word, 7> kClassifications = {{
    {"top secret", "TOP SECRET"},
    {"secret", "SECRET"},
    {"confidential", "CONFIDENTIAL"},
    {"limited official use", "LIMITED OFFICIAL USE"},
    {"official use only", "OFFICIAL USE ONLY"},
    {"unclassified", "UNCLASSIFIED"},
    {"no classification marking", "NO CLASSIFICATION MARKING"},
}};

constexpr std::array<Word, 8> kPrecedences = {{
    {"flash", "FLASH"},
    {"niact", "IMMEDIATE"},
    {"niact immediate", "IMMEDIATE"},
    {"operational immediate", "IMMEDIATE"},
    {"immediate", "IMMEDIATE"},
    {"priority", "PRIORITY"},
    {"routine", "ROUTINE"},
    {"flash override", "OVERRIDE"},
}};

// Words that open prose, not a caption, inside a marking sentence.
constexpr std::array<std::string_view, 14> kProseOpeners = {
    "drafted",  "repeated", "also",     "sent", "received", "transmitted", "cleared",
    "approved", "printed",  "verbatim", "text", "the",      "this",        "passed"};

template <size_t N>
std::string_view Lookup(const std::array<Word, N>& table, std::string_view part) {
  for (const Word& w : table) {
    if (EqualsIgnoreCase(part, w.word)) {
      return w.canonical;
    }
  }
  return {};
}

std::string_view StripEnd(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';')) {
    s.remove_suffix(1);
    s = Trim(s);
  }
  return s;
}

bool IsAbbreviation(std::string_view piece) {
  const size_t space = piece.find_last_of(' ');
  const std::string_view last = space == std::string_view::npos ? piece : piece.substr(space + 1);
  constexpr std::array<std::string_view, 14> kAbbreviations = {
      "Vol", "No", "Nos", "Dept", "Doc", "Mr", "Mrs", "Dr", "Gen", "Jr", "Sr", "p", "pp", "U.S"};
  for (std::string_view a : kAbbreviations) {
    if (last == a) {
      return true;
    }
  }
  return last.size() == 1 && last[0] >= 'A' && last[0] <= 'Z';  // an initial: "John F."
}

// Splits prose at ". ", keeping abbreviations ("Vol. II") and initials inside a sentence.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  size_t pos = 0;
  while ((pos = text.find(". ", pos)) != std::string_view::npos) {
    if (!IsAbbreviation(text.substr(start, pos - start))) {
      out.push_back(Trim(text.substr(start, pos - start)));
      start = pos + 2;
    }
    pos += 2;
  }
  if (start < text.size()) {
    out.push_back(StripEnd(text.substr(start)));
  }
  return out;
}

// Splits a list of names at ", " and " and ".
std::vector<std::string> Names(std::string_view list) {
  std::vector<std::string> out;
  for (const std::string& piece : SplitTrimmed(list, ',')) {
    std::string_view rest = piece;
    if (StartsWith(rest, "and ")) {
      rest.remove_prefix(4);
    }
    size_t pos = 0;
    while ((pos = rest.find(" and ")) != std::string_view::npos) {
      out.emplace_back(StripEnd(rest.substr(0, pos)));
      rest.remove_prefix(pos + 5);
    }
    if (!StripEnd(rest).empty()) {
      out.emplace_back(StripEnd(rest));
    }
  }
  return out;
}

bool OpensMarking(std::string_view sentence) {
  const std::string_view first = StripEnd(sentence.substr(0, sentence.find(';')));
  return !Lookup(kClassifications, first).empty() || !Lookup(kPrecedences, first).empty();
}

bool IsCaption(std::string_view part) {
  if (part.empty() || part.size() > 48 || part.find_first_of("0123456789") != part.npos) {
    return false;
  }
  const std::string first = AsciiLower(part.substr(0, part.find(' ')));
  for (std::string_view opener : kProseOpeners) {
    if (first == opener) {
      return false;
    }
  }
  return !(part[0] >= 'a' && part[0] <= 'z');
}

void AddAddressees(std::string_view list, model::AddresseeRole role, std::string_view note,
                   model::Cable* cable) {
  for (std::string& name : Names(list)) {
    model::Addressee a;
    a.name = std::move(name);
    a.role = role;
    a.note = std::string(note);
    cable->addressees.push_back(std::move(a));
  }
}

// One ';'-separated part of prose after the reference.
void ApplyPart(std::string_view part, bool in_marking, model::Cable* cable) {
  const std::string lower = AsciiLower(part);
  size_t pos = 0;
  if (StartsWith(lower, "repeated to ")) {
    AddAddressees(part.substr(12), model::AddresseeRole::kInfo, "repeated", cable);
  } else if (StartsWith(lower, "also sent to ")) {
    AddAddressees(part.substr(13), model::AddresseeRole::kAction, "also sent", cable);
  } else if ((pos = lower.find("drafted by ")) != std::string::npos) {
    if (cable->drafter.empty()) {
      cable->drafter = std::string(StripEnd(part.substr(pos + 11)));
    }
  } else if ((pos = lower.find("cleared by ")) != std::string::npos) {
    for (std::string& name : Names(part.substr(pos + 11))) {
      cable->approvals.push_back({std::move(name), model::ApprovalState::kApproved, {}, "cleared"});
    }
  } else if ((pos = lower.find("approved")) != std::string::npos &&
             lower.find(" by ", pos) != std::string::npos) {
    const size_t by = lower.find(" by ", pos);
    cable->approvals.push_back({std::string(StripEnd(part.substr(by + 4))),
                                model::ApprovalState::kApproved,
                                {},
                                "approved"});
  } else if (in_marking) {
    if (std::string_view c = Lookup(kClassifications, part); !c.empty()) {
      cable->original_marking.label.classification = std::string(c);
    } else if (std::string_view p = Lookup(kPrecedences, part); !p.empty()) {
      model::ParsePrecedenceRank(p, &cable->precedence.rank);
      cable->precedence.original = std::string(part);
    } else if (IsCaption(part)) {
      cable->original_marking.label.categories.push_back(AsciiUpper(part));
    }
  }
}

void ApplyReference(std::string_view verbatim, model::Cable* cable) {
  model::ArchivalReference& ref = cable->archival.reference;
  if (!ref.verbatim.empty() || verbatim.empty()) {
    return;
  }
  ref.verbatim = std::string(verbatim);
  const std::vector<std::string> parts = SplitTrimmed(verbatim, ',');
  if (parts.size() >= 2) {
    ref.repository_code = parts.front();
  }
  if (parts.size() == 2) {
    ref.fonds = parts[1];
  } else if (parts.size() > 2) {
    ref.fonds = Join(std::vector<std::string>(parts.begin() + 1, parts.end() - 1), ", ");
    ref.file = parts.back();
  }
}

// "[Telegram]", "[Telegram.—Paraphrase.]", "[Translation.]".
void ApplyForm(std::string_view inner, model::Cable* cable) {
  const std::string lower = AsciiLower(inner);
  if (lower.find("telegram") != std::string::npos) {
    if (cable->kind == model::DocumentKind::kUnknown) {
      cable->kind = model::DocumentKind::kTelegram;
    }
    if (cable->document_type.empty()) {
      cable->document_type = std::string(StripEnd(inner));
    }
  }
  if (lower.find("translation") != std::string::npos) {
    cable->archival.original_language = "unknown";
    cable->archival.language = "English";
  }
}

}  // namespace

void ApplyFrusSourceNote(std::string_view text, model::Cable* cable) {
  text = Trim(text);
  if (text.size() >= 2 && text.front() == '[' && StripEnd(text).back() == ']') {
    const std::string_view inner = StripEnd(text);
    ApplyForm(inner.substr(1, inner.size() - 2), cable);
    return;
  }
  if (StartsWith(text, "File No")) {
    ApplyReference(StripEnd(text), cable);
    const size_t space = text.find(' ', 8);
    if (space != std::string_view::npos) {
      cable->archival.reference.file = std::string(StripEnd(text.substr(space + 1)));
    }
    return;
  }
  if (StartsWith(text, "Source:")) {
    text = Trim(text.substr(7));
  }
  const std::vector<std::string_view> sentences = Sentences(text);
  // The reference is the first sentence, unless the note opens with the marking itself.
  size_t first_prose = 0;
  if (!sentences.empty() && !OpensMarking(sentences[0])) {
    ApplyReference(StripEnd(sentences[0]), cable);
    first_prose = 1;
  }
  for (size_t i = first_prose; i < sentences.size(); ++i) {
    const bool marking = OpensMarking(sentences[i]) && cable->original_marking.verbatim.empty();
    if (marking) {
      cable->original_marking.verbatim = std::string(StripEnd(sentences[i]));
    }
    for (const std::string& part : SplitTrimmed(sentences[i], ';')) {
      ApplyPart(StripEnd(part), marking, cable);
    }
  }
}

model::Addressee ParseFrusAddressee(std::string_view item, model::AddresseeRole role) {
  model::Addressee a;
  a.role = role;
  std::string_view name = StripEnd(item);
  const size_t space = name.find_last_of(' ');
  if (space != std::string_view::npos) {
    const std::string_view last = name.substr(space + 1);
    if (std::string_view p = Lookup(kPrecedences, last); !p.empty()) {
      model::ParsePrecedenceRank(p, &a.precedence.rank);
      a.precedence.original = std::string(last);
      name = Trim(name.substr(0, space));
    }
  }
  a.name = std::string(name);
  return a;
}

}  // namespace chancery::format::internal
