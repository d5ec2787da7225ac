// The closing note of an archive record and the lists it states: pending approvals,
// disseminations and parties also informed; body caveats and signature originators
// (docs/format/archive-record.md §Closing note, §Caveats, §Signature).
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"

#include "format/archive_record_internal.h"

namespace chancery::format::internal {
namespace {

constexpr size_t kMaxNoteKindLength = 80;

// Handling caveats stated in the body, as label categories (§Caveats).
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kCaveats = {{
    {"for internal research", "INTERNAL RESEARCH"},
    {"for internal reference", "INTERNAL REFERENCE"},
    {"for internal use only", "INTERNAL USE ONLY"},
    {"eyes only", "EYES ONLY"},
    {"not for publication", "NOT FOR PUBLICATION"},
    {"not to be copied", "NO COPY"},
}};

// Words that end the name of an issuing body in a signature (§Signature).
constexpr std::array<std::string_view, 11> kBodyEnders = {
    "Department", "Affairs",  "Embassy",   "Bureau",  "Agency",  "Council",
    "Office",     "Legation", "Consulate", "Mission", "Division"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits at ". " so that each piece is one sentence without its final period.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(". ", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view s = Trim(text.substr(start, end - start));
    if (!s.empty() && s.back() == '.') {
      s.remove_suffix(1);
    }
    if (!s.empty()) {
      out.push_back(s);
    }
    start = end + 2;
  }
  return out;
}

// "Central Committees of the fraternal parties" -> "Central Committee of the fraternal party".
std::string Singularize(std::string_view phrase) {
  std::vector<std::string> words;
  for (std::string_view w : Words(phrase)) {
    std::string word(w);
    const bool keep = w == "Affairs" || w == "States" || w == "Nations" || w == "Relations" ||
                      w == "News" || w.size() <= 3;
    if (!keep && EndsWith(w, "ies")) {
      word = std::string(w.substr(0, w.size() - 3)) + "y";
    } else if (!keep && EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us") &&
               !EndsWith(w, "is")) {
      word.pop_back();
    }
    words.push_back(std::move(word));
  }
  return Join(words, " ");
}

// "the Central Committees of the fraternal parties of Algeria, DPRK, Vietnam, and Indonesia"
// -> one dissemination per country, party "the Central Committee of the fraternal party of X".
void AddDisseminations(std::string_view list, std::string_view sentence, model::Cable* cable) {
  for (std::string_view tail : {" before ", " after ", " for ", " on "}) {
    list = list.substr(0, list.find(tail));
  }
  const size_t first_comma = list.find(", ");
  const size_t of =
      list.rfind(" of ", first_comma == std::string_view::npos ? list.size() : first_comma);
  std::vector<std::string> parties;
  if (of != std::string_view::npos) {
    const std::vector<std::string> names = SplitNameList(list.substr(of + 4));
    if (names.size() > 1) {
      const std::string prefix = Singularize(list.substr(0, of));
      for (const std::string& name : names) {
        std::string party = prefix;
        party.append(" of ").append(name);
        parties.push_back(std::move(party));
      }
    }
  }
  if (parties.empty()) {
    parties.emplace_back(Trim(list));
  }
  for (std::string& party : parties) {
    cable->disseminations.push_back({std::move(party), "", {}, std::string(sentence)});
  }
}

void ReadNoteSentence(std::string_view s, model::Cable* cable) {
  static constexpr std::string_view kApproval = "subject to the approval of ";
  const size_t approval = FindIgnoreCase(s, kApproval);
  if (approval != std::string_view::npos) {
    std::string_view list = s.substr(approval + kApproval.size());
    list = list.substr(0, list.find(" and other "));
    for (std::string& name : SplitNameList(list)) {
      cable->approvals.push_back(
          {std::move(name), model::ApprovalState::kPending, {}, std::string(s.substr(approval))});
    }
  }
  for (std::string_view verb : {"shared with ", "distributed to ", "forwarded to ", "copied to "}) {
    const size_t at = FindIgnoreCase(s, verb);
    if (at != std::string_view::npos) {
      AddDisseminations(s.substr(at + verb.size()), s, cable);
      break;
    }
  }
  for (std::string_view suffix : {" was also informed", " has also been informed",
                                  " were also informed", " have also been informed"}) {
    if (EndsWith(s, suffix)) {
      const std::string_view who = s.substr(0, s.size() - suffix.size());
      if (StartsWith(suffix, " was ") || StartsWith(suffix, " has ")) {
        cable->also_informed.emplace_back(who);
      } else {
        for (std::string& name : SplitNameList(who)) {
          cable->also_informed.push_back(std::move(name));
        }
      }
      break;
    }
  }
}

// Appends to `out` the bodies in `text` split at kBodyEnders.
void SplitAtEnders(std::string_view text, std::vector<std::string>* out) {
  const auto words = Words(text);
  std::vector<std::string> current;
  for (size_t i = 0; i < words.size(); ++i) {
    current.emplace_back(words[i]);
    const bool ender =
        std::find(kBodyEnders.begin(), kBodyEnders.end(), words[i]) != kBodyEnders.end();
    const bool joined = i + 1 < words.size() &&
                        (words[i + 1] == "of" || words[i + 1] == "and" || words[i + 1] == "for");
    if ((ender && !joined) || i + 1 == words.size()) {
      out->push_back(Join(current, " "));
      current.clear();
    }
  }
}

// Splits around the first known name found at word boundaries, recursively.
void SplitKnown(std::string_view text, const std::vector<std::string>& known,
                std::vector<std::string>* out) {
  text = Trim(text);
  if (text.empty()) {
    return;
  }
  for (const std::string& k : known) {
    const size_t at = k.empty() ? std::string_view::npos : text.find(k);
    const size_t end = at + k.size();
    if (at == std::string_view::npos || (at > 0 && text[at - 1] != ' ') ||
        (end < text.size() && text[end] != ' ')) {
      continue;
    }
    SplitKnown(text.substr(0, at), known, out);
    out->push_back(k);
    SplitKnown(text.substr(end), known, out);
    return;
  }
  SplitAtEnders(text, out);
}

}  // namespace

std::vector<std::string> SplitNameList(std::string_view text) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(", ", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view piece = Trim(text.substr(start, end - start));
    if (StartsWith(piece, "and ")) {
      piece.remove_prefix(4);
    }
    if (!piece.empty()) {
      pieces.emplace_back(piece);
    }
    start = end + 2;
  }
  if (!pieces.empty()) {
    const size_t and_at = pieces.back().rfind(" and ");
    if (and_at != std::string::npos) {
      std::string last = pieces.back();
      pieces.back() = last.substr(0, and_at);
      pieces.push_back(last.substr(and_at + 5));
    }
  }
  return pieces;
}

std::vector<std::string> SplitOriginators(std::string_view text,
                                          const std::vector<std::string>& known) {
  std::vector<std::string> sorted = known;
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::vector<std::string> out;
  SplitKnown(text, sorted, &out);
  return out;
}

bool IsClosingNote(std::string_view paragraph) {
  const size_t at = FindIgnoreCase(paragraph, "note: ");
  if (at > kMaxNoteKindLength) {  // also when not found (npos)
    return false;
  }
  if (at > 0 && paragraph[at - 1] != ' ') {
    return false;
  }
  return paragraph.substr(0, at).find_first_of(".,;:\"") == std::string_view::npos &&
         std::isupper(static_cast<unsigned char>(paragraph.front())) != 0;
}

bool ParseClosingNote(std::string_view paragraph, model::Cable* cable) {
  if (!IsClosingNote(paragraph)) {
    return false;
  }
  const size_t at = FindIgnoreCase(paragraph, "note: ");
  const std::string_view text = Trim(paragraph.substr(at + 6));
  cable->notes.push_back({std::string(paragraph.substr(0, at + 4)), std::string(text)});
  for (std::string_view sentence : Sentences(text)) {
    ReadNoteSentence(sentence, cable);
  }
  return true;
}

void AddBodyCaveats(model::Cable* cable) {
  model::Label& label = cable->original_marking.label;
  bool added = false;
  for (const model::Paragraph& p : cable->body) {
    for (const auto& [phrase, category] : kCaveats) {
      if (FindIgnoreCase(p.text, phrase) != std::string_view::npos) {
        label.categories.emplace_back(category);
        added = true;
      }
    }
  }
  if (added) {
    label.Normalize();
  }
}

}  // namespace chancery::format::internal
