// FRUS source notes: the prose that carries a document's archival reference, original
// classification, precedence, handling captions, drafters and approvers and repeat-to addressees
// ("Source: Department of State, Central Files, 793.551/2-2561. Top Secret; Priority; Eyes
// Only."), and the legacy inline notes ("File No. 861.51/165", "[Telegram]").
// docs/format/frus-tei.md §Source notes.
#include <array>
#include <cstdint>
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

// The role verbs of an approval chain ("Drafted by X; cleared by Y; and approved by Z").
enum class Role : uint8_t { kNone, kDrafted, kCleared, kApproved, kSigned, kConcurred, kOther };

struct RoleWord {
  std::string_view word;
  Role role;
};

constexpr std::array<RoleWord, 8> kRoleWords = {{
    {"drafted", Role::kDrafted},
    {"cleared", Role::kCleared},
    {"approved", Role::kApproved},
    {"signed", Role::kSigned},
    {"concurred", Role::kConcurred},
    {"initialed", Role::kOther},
    {"revised", Role::kOther},
    {"sent", Role::kOther},
}};

// The role of the verb that opens `lower` ("approved for transmission ..."), or kNone.
Role OpeningRole(std::string_view lower, size_t* verb_length) {
  for (const RoleWord& r : kRoleWords) {
    if (StartsWith(lower, r.word) && (lower.size() == r.word.size() ||
                                      lower[r.word.size()] == ' ' || lower[r.word.size()] == ',')) {
      *verb_length = r.word.size();
      return r.role;
    }
  }
  return Role::kNone;
}

// Splits an approval-chain part into clauses, one per role verb: "Drafted by Rusk and approved
// by Parsons" -> "Drafted by Rusk", "approved by Parsons". A verb is a clause start when it
// opens the part or follows ", ", " and " or ", and ".
std::vector<std::string_view> RoleClauses(std::string_view part) {
  const std::string lower = AsciiLower(part);
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t pos = 1; pos < lower.size(); ++pos) {
    size_t skip = 0;
    if (lower.compare(pos, 6, ", and ") == 0) {
      skip = 6;
    } else if (lower.compare(pos, 5, " and ") == 0) {
      skip = 5;
    } else if (lower.compare(pos, 2, ", ") == 0) {
      skip = 2;
    } else {
      continue;
    }
    size_t verb = 0;
    if (OpeningRole(std::string_view(lower).substr(pos + skip), &verb) != Role::kNone) {
      out.push_back(Trim(part.substr(start, pos - start)));
      start = pos + skip;
      pos = start;
    }
  }
  out.push_back(Trim(part.substr(start)));
  return out;
}

// Cuts what follows the names in a clause: " on March 27", ", except paragraph 6, ...",
// ", according to ...", a trailing "by".
std::string_view CutTail(std::string_view names) {
  for (size_t pos = 0; pos < names.size(); ++pos) {
    if (names.compare(pos, 4, " on ") == 0 && pos + 4 < names.size() && names[pos + 4] >= 'A' &&
        names[pos + 4] <= 'Z') {
      return StripEnd(names.substr(0, pos));
    }
    if (names.compare(pos, 2, ", ") == 0 && pos + 2 < names.size() && names[pos + 2] >= 'a' &&
        names[pos + 2] <= 'z' && names.compare(pos + 2, 4, "and ") != 0 &&
        names.compare(pos + 2, 4, "and,") != 0 && names.compare(pos + 2, 5, "with ") != 0 &&
        names.compare(pos + 2, 3, "by ") != 0) {
      return StripEnd(names.substr(0, pos));
    }
  }
  return StripEnd(names);
}

// Names of a clause's list, without qualifiers ("with revisions") and repeated "by".
std::vector<std::string> ClauseNames(std::string_view list) {
  std::vector<std::string> out;
  for (std::string& name : Names(list)) {
    std::string_view n = name;
    if (StartsWith(n, "by ")) {
      n.remove_prefix(3);
    }
    n = Trim(n);
    if (!n.empty() && !(n[0] >= 'a' && n[0] <= 'z' && !StartsWith(n, "the "))) {
      out.emplace_back(n);
    }
  }
  return out;
}

void AddApprovals(const std::vector<std::string>& names, std::string_view note,
                  model::Cable* cable) {
  for (const std::string& name : names) {
    cable->approvals.push_back({name, model::ApprovalState::kApproved, {}, std::string(note)});
  }
}

// Applies clauses of an approval chain. A clause without "by" or "in" ("Drafted and approved
// by Rusk" splits into "Drafted" and "approved by Rusk") lends its role to the next clause.
void ApplyRoles(std::string_view part, model::Cable* cable) {
  std::vector<std::pair<Role, std::string>> pending;  // roles awaiting their names
  for (std::string_view clause : RoleClauses(part)) {
    const std::string lower = AsciiLower(clause);
    size_t verb = 0;
    const Role role = OpeningRole(lower, &verb);
    size_t by = lower.find(" by ");
    size_t names_at = by == std::string::npos ? std::string::npos : by + 4;
    if (by == std::string::npos && role == Role::kApproved) {
      // "approved in S on February 8": the office that approved.
      by = lower.find(" in ");
      names_at = by == std::string::npos ? std::string::npos : by + 4;
    }
    if (role == Role::kNone) {
      continue;
    }
    const std::string phrase(
        StripEnd(clause.substr(0, by == std::string::npos ? clause.size() : by)));
    pending.emplace_back(role, AsciiLower(phrase));
    if (names_at == std::string::npos) {
      continue;
    }
    const std::string_view names = CutTail(clause.substr(names_at));
    std::string note;
    for (const auto& [r, words] : pending) {
      if (r == Role::kDrafted && cable->drafter.empty() && !names.empty()) {
        cable->drafter = std::string(names);
        // "Drafted by Martin and by Katherine F. Lincoln": two drafters.
        for (size_t at = cable->drafter.find(" and by "); at != std::string::npos;
             at = cable->drafter.find(" and by ")) {
          cable->drafter.erase(at + 4, 3);
        }
      } else if (r != Role::kDrafted && r != Role::kOther && r != Role::kSigned) {
        note += (note.empty() ? "" : " and ") + words;
      } else if (r == Role::kSigned && !note.empty()) {
        note += " and " + words;
      }
    }
    if (!note.empty()) {
      AddApprovals(ClauseNames(names), note, cable);
    }
    pending.clear();
  }
}

// One ';'-separated part of prose after the reference.
void ApplyPart(std::string_view part, bool in_marking, model::Cable* cable) {
  const std::string lower = AsciiLower(part);
  const std::string_view chain = StartsWith(lower, "and ") ? part.substr(4) : part;
  size_t verb = 0;
  size_t pos = 0;
  if (StartsWith(lower, "repeated to ")) {
    AddAddressees(part.substr(12), model::AddresseeRole::kInfo, "repeated", cable);
  } else if (StartsWith(lower, "also sent to ")) {
    AddAddressees(part.substr(13), model::AddresseeRole::kAction, "also sent", cable);
  } else if (OpeningRole(AsciiLower(chain), &verb) != Role::kNone) {
    ApplyRoles(chain, cable);
  } else if ((pos = lower.find("drafted by ")) != std::string::npos) {
    // "Printed from a copy drafted by X": only the drafter.
    if (cable->drafter.empty()) {
      cable->drafter = std::string(CutTail(part.substr(pos + 11)));
    }
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

// "The Russian-language text is ibid.", "Department of State translation": the original
// language a source note names ("Russian"), "unknown" for a translation that names none; empty
// when the note says nothing of it. English-language texts do not count.
std::string NamedOriginalLanguage(std::string_view text) {
  const std::string lower = AsciiLower(text);
  for (size_t pos = lower.find("-language"); pos != std::string::npos;
       pos = lower.find("-language", pos + 1)) {
    size_t start = pos;
    while (start > 0 && lower[start - 1] >= 'a' && lower[start - 1] <= 'z') {
      --start;
    }
    if (pos > start && lower.compare(start, pos - start, "english") != 0) {
      std::string name(text.substr(start, pos - start));
      name[0] = static_cast<char>(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0]);
      return name;
    }
  }
  if (lower.find("translation") != std::string::npos ||
      lower.find("translated from") != std::string::npos) {
    return "unknown";
  }
  return {};
}

void ApplyLanguage(std::string_view text, model::Cable* cable) {
  const std::string named = NamedOriginalLanguage(text);
  if (named.empty()) {
    return;
  }
  std::string& original = cable->archival.original_language;
  if (original.empty() || original == "unknown" || original == "English") {
    original = named;
  }
  cable->archival.language = "English";
}

}  // namespace

void ApplyFrusSourceNote(std::string_view text, model::Cable* cable) {
  text = Trim(text);
  if (!StartsWith(text, "[")) {
    ApplyLanguage(text, cable);
  }
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
