// Metadata-quality checks over a mapped FRUS document (docs/format/frus-tei.md §Quality
// anomalies): each compares what the record says with what the source says, so that the
// corpus-wide report (`chancery import --dry-run --anomalies F.tsv`) counts what a reader would
// find wrong. The checks read the mapped cable only through the fields the reader sees (drafter,
// approvals, original language, facet values, persons, body text).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/model/facet_value.h"

#include "format/frus_tei_quality_internal.h"

namespace chancery::format::internal {
namespace {

void Add(const FrusRawVolume& volume, const FrusRawDocument& raw, std::string_view kind,
         std::string message, std::vector<FrusAnomaly>* anomalies) {
  anomalies->push_back({volume.id, raw.xml_id, raw.line, std::string(kind), std::move(message)});
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool ContainsAny(std::string_view lower, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return lower.find(w) != std::string_view::npos; });
}

// True when `s` holds ". " after a word of three or more letters: a following sentence, not an
// initial ("Douglas N. Forman") or an abbreviation ("Jr.").
bool EndsSentenceInside(std::string_view s) {
  for (size_t pos = s.find(". "); pos != std::string_view::npos; pos = s.find(". ", pos + 1)) {
    size_t start = pos;
    while (start > 0 && s[start - 1] >= 'a' && s[start - 1] <= 'z') {
      --start;
    }
    if (pos - start >= 3) {
      return true;
    }
  }
  return false;
}

// A drafter that still holds another role's clause or a following sentence.
bool DrafterGarbled(std::string_view drafter) {
  const std::string lower = AsciiLower(drafter);
  return ContainsAny(lower, {"approved", "cleared", "signed", "initialed", "concurred", " by ", ";",
                             ", but", ", according", ", except"}) ||
         EndsSentenceInside(drafter) || drafter.size() > 160;
}

// True when `lower` (a source note) has a clause "<verb> [qualifiers] by X" opening the note or
// following ". ", "; ", ", " or "and " ("Drafted by Rusk and approved by Parsons"), not
// "it was not cleared by the President".
bool NamesRole(std::string_view lower, std::string_view verb) {
  for (size_t pos = lower.find(verb); pos != std::string_view::npos;
       pos = lower.find(verb, pos + 1)) {
    const std::string_view before = lower.substr(0, pos);
    const bool opens = before.empty() || EndsWith(before, ". ") || EndsWith(before, "; ") ||
                       EndsWith(before, ", ") || EndsWith(before, "and ");
    const size_t by = lower.find(" by ", pos);
    const std::string_view between =
        by == std::string_view::npos ? std::string_view() : lower.substr(pos, by - pos);
    if (opens && by != std::string_view::npos && between.size() <= verb.size() + 32 &&
        between.find_first_of(",;.") == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool HasApproval(const model::Cable& cable, std::string_view note) {
  return std::any_of(cable.approvals.begin(), cable.approvals.end(),
                     [&](const model::Approval& a) { return StartsWith(a.note, note); });
}

// The language a source note names as the original ("The Russian-language text is ibid."), or
// "unknown" for a translation that names none; empty when the note says nothing of it.
std::string SourceLanguage(std::string_view note) {
  const std::string lower = AsciiLower(note);
  for (size_t pos = lower.find("-language"); pos != std::string::npos;
       pos = lower.find("-language", pos + 1)) {
    size_t start = pos;
    while (start > 0 && lower[start - 1] >= 'a' && lower[start - 1] <= 'z') {
      --start;
    }
    const std::string word = lower.substr(start, pos - start);
    if (!word.empty() && word != "english") {
      return std::string(note.substr(start, pos - start));
    }
  }
  if (ContainsAny(lower, {"translation", "translated from"})) {
    return "unknown";
  }
  return {};
}

constexpr std::array<std::string_view, 7> kCanonicalClassifications = {"TOP SECRET",
                                                                       "SECRET",
                                                                       "CONFIDENTIAL",
                                                                       "LIMITED OFFICIAL USE",
                                                                       "OFFICIAL USE ONLY",
                                                                       "UNCLASSIFIED",
                                                                       "NO CLASSIFICATION MARKING"};

bool HasArticle(std::string_view value) {
  return StartsWith(value, "the ") || StartsWith(value, "The ");
}

std::string_view PersonId(std::string_view corresp) {
  corresp = Trim(corresp);
  corresp = corresp.substr(0, corresp.find(' '));
  if (StartsWith(corresp, "#")) {
    corresp.remove_prefix(1);
  }
  return corresp;
}

void CheckRoles(const FrusRawVolume& volume, const FrusRawDocument& raw, const model::Cable& cable,
                std::vector<FrusAnomaly>* anomalies) {
  if (!cable.drafter.empty() && DrafterGarbled(cable.drafter)) {
    Add(volume, raw, "drafter-garbled", "drafter \"" + cable.drafter.substr(0, 120) + "\"",
        anomalies);
  }
  bool approved = false;
  bool cleared = false;
  for (const std::string& note : raw.source_notes) {
    const std::string lower = AsciiLower(note);
    approved = approved || NamesRole(lower, "approved");
    cleared = cleared || NamesRole(lower, "cleared");
  }
  if (approved && !HasApproval(cable, "approved")) {
    Add(volume, raw, "approval-missing", "the source note names an approver; none recorded",
        anomalies);
  }
  if (cleared && !HasApproval(cable, "cleared")) {
    Add(volume, raw, "clearance-missing", "the source note names a clearer; none recorded",
        anomalies);
  }
}

void CheckLanguage(const FrusRawVolume& volume, const FrusRawDocument& raw,
                   const model::Cable& cable, std::vector<FrusAnomaly>* anomalies) {
  for (const std::string& note : raw.source_notes) {
    const std::string said = SourceLanguage(note);
    if (!said.empty() && cable.archival.original_language == "English") {
      Add(volume, raw, "original-language",
          "original language English, but the source note says " +
              (said == "unknown" ? std::string("it is a translation") : said + "-language"),
          anomalies);
      return;
    }
  }
}

void CheckFacets(const FrusRawVolume& volume, const FrusRawDocument& raw, const model::Cable& cable,
                 std::vector<FrusAnomaly>* anomalies) {
  // The facet values the index stores (search/xapian/document_builder.cc AddFacetValues).
  const std::string facet = model::ClassificationFacetValue(cable.original_marking);
  if (!facet.empty() &&
      std::find(kCanonicalClassifications.begin(), kCanonicalClassifications.end(), facet) ==
          kCanonicalClassifications.end()) {
    Add(volume, raw, "facet-classification", "classification facet value \"" + facet + "\"",
        anomalies);
  }
  bool article =
      HasArticle(model::OfficeFacetValue(cable.office.empty() ? cable.organization : cable.office));
  for (const model::Addressee& a : cable.addressees) {
    article = article || HasArticle(model::OfficeFacetValue(a.name));
  }
  if (article) {
    Add(volume, raw, "facet-article", "a from/to facet value starts with \"the\"", anomalies);
  }
}

void CheckPersons(const FrusRawVolume& volume, const FrusRawDocument& raw,
                  const model::Cable& cable, std::vector<FrusAnomaly>* anomalies) {
  size_t unlinked = 0;
  std::string first;
  for (const std::string& corresp : raw.text_persons) {
    const auto it = volume.persons.find(std::string(PersonId(corresp)));
    if (it == volume.persons.end() || it->second.empty()) {
      continue;  // not in the persons list: nothing to link to
    }
    if (std::find(cable.persons.begin(), cable.persons.end(), it->second) == cable.persons.end()) {
      if (unlinked++ == 0) {
        first = it->first;
      }
    }
  }
  if (unlinked > 0) {
    Add(volume, raw, "person-unlinked",
        std::to_string(unlinked) + " persName mention(s) in the text not linked to the persons " +
            "list, first " + first,
        anomalies);
  }
}

void CheckFootnotes(const FrusRawVolume& volume, const FrusRawDocument& raw,
                    const model::Cable& cable, std::vector<FrusAnomaly>* anomalies) {
  size_t missing = 0;
  for (const std::string& marker : raw.footnote_markers) {
    if (marker.empty()) {
      continue;
    }
    const bool found = std::any_of(
        cable.body.begin(), cable.body.end(),
        [&](const model::Paragraph& p) { return p.text.find(marker) != std::string::npos; });
    missing += found ? 0 : 1;
  }
  if (missing > 0) {
    Add(volume, raw, "footnote-unanchored",
        std::to_string(missing) + " footnote(s) in the text without a marker in place", anomalies);
  }
}

}  // namespace

void CheckFrusQuality(const FrusRawVolume& volume, const FrusRawDocument& raw,
                      const model::Cable& cable, std::vector<FrusAnomaly>* anomalies) {
  CheckRoles(volume, raw, cable, anomalies);
  CheckLanguage(volume, raw, cable, anomalies);
  CheckFacets(volume, raw, cable, anomalies);
  CheckPersons(volume, raw, cable, anomalies);
  CheckFootnotes(volume, raw, cable, anomalies);
}

}  // namespace chancery::format::internal
