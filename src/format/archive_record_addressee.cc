// The addressee line of an archive record and the markings it carries
// (docs/format/archive-record.md §Addressee line, §Markings).
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"

#include "format/archive_record_internal.h"

namespace chancery::format::internal {
namespace {

constexpr size_t kMaxAddresseeLineLength = 400;

// Markings as archives print them, longest first (§Markings).
constexpr std::array<std::string_view, 7> kMarkings = {
    "Strictly Confidential", "Top Secret", "Most Secret", "Secret",
    "Confidential",          "Restricted", "Unclassified"};

// Addressee names drop the leading article and the "comrades at various" of a notify clause.
std::string AddresseeName(std::string_view clause) {
  for (std::string_view prefix :
       {"the ", "comrades at ", "comrades in ", "comrades of ", "various ", "the "}) {
    if (StartsWith(clause, prefix)) {
      clause.remove_prefix(prefix.size());
    }
  }
  return std::string(Trim(clause));
}

bool IsGroupName(std::string_view name) {
  for (std::string_view w :
       {"committees", "embassies", "missions", "offices", "posts", "consulates", "legations",
        "stations", "units", "departments", "all "}) {
    if (FindIgnoreCase(name, w) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// Splits at ". " (so "U.S. Embassy" stays whole only when written without spaces).
std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(". ", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view piece = Trim(text.substr(start, end - start));
    if (!piece.empty() && piece.back() == '.') {
      piece.remove_suffix(1);
    }
    if (!piece.empty()) {
      out.emplace_back(piece);
    }
    start = end + 2;
  }
  return out;
}

// Removes a trailing "(<marking>)" from `text` and returns the marking, or "".
std::string_view StripTrailingMarking(std::string_view* text) {
  const size_t open = text->rfind('(');
  if (text->empty() || text->back() != ')' || open == std::string_view::npos) {
    return {};
  }
  const std::string_view inside = text->substr(open + 1, text->size() - open - 2);
  const std::string_view marking = LeadingMarking(inside);
  if (marking.empty() || marking.size() != inside.size()) {
    return {};
  }
  *text = Trim(text->substr(0, open));
  return marking;
}

// One sentence of the addressee line: an action addressee, or an info one after a notify verb.
model::Addressee ParseAddresseeClause(std::string clause) {
  while (!clause.empty() && (clause.back() == ':' || clause.back() == ',')) {
    clause.pop_back();
  }
  model::Addressee a;
  std::string_view c = clause;
  for (std::string_view verb : {"For: ", "For ", "To: ", "To "}) {
    if (StartsWith(c, verb)) {
      c.remove_prefix(verb.size());
      break;
    }
  }
  for (std::string_view verb : {"Notify ", "Inform ", "Copy to ", "Info: ", "Info "}) {
    if (StartsWith(c, verb)) {
      c.remove_prefix(verb.size());
      a.role = model::AddresseeRole::kInfo;
      a.note = clause;
      break;
    }
  }
  a.name = AddresseeName(c);
  a.is_group = IsGroupName(a.name);
  return a;
}

}  // namespace

// The marking that `text` starts with, or "".
std::string_view LeadingMarking(std::string_view text) {
  for (std::string_view m : kMarkings) {
    if (text.size() >= m.size() && EqualsIgnoreCase(text.substr(0, m.size()), m) &&
        (text.size() == m.size() || text[m.size()] == ' ')) {
      return text.substr(0, m.size());
    }
  }
  return {};
}

void SetMarking(std::string_view verbatim, model::Cable* cable) {
  cable->original_marking.verbatim = std::string(verbatim);
  std::vector<std::string> parts = SplitTrimmed(verbatim, ';');
  model::Label& label = cable->original_marking.label;
  label.classification = parts.empty() ? "" : AsciiUpper(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    label.categories.push_back(AsciiUpper(parts[i]));
  }
  label.Normalize();
}

// "For the X. Notify comrades at Y: (Top Secret)" (§Addressee line).
bool ParseAddresseeLine(std::string_view text, model::Cable* cable) {
  const bool opens = StartsWith(text, "For ") || StartsWith(text, "To ") ||
                     StartsWith(text, "To: ") || StartsWith(text, "For: ");
  std::string_view rest = Trim(text);
  const std::string_view marking = StripTrailingMarking(&rest);
  if (!opens || rest.empty() || (marking.empty() && rest.back() != ':') ||
      rest.size() > kMaxAddresseeLineLength) {
    return false;
  }
  if (!marking.empty()) {
    SetMarking(marking, cable);
  }
  for (std::string& clause : SplitSentences(rest)) {
    model::Addressee a = ParseAddresseeClause(std::move(clause));
    if (!a.name.empty()) {
      cable->addressees.push_back(std::move(a));
    }
  }
  return true;
}

}  // namespace chancery::format::internal
