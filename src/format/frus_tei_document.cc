// Maps the raw facts of one FRUS document (frus_tei_sax.cc) to a model::Cable:
// docs/format/frus-tei.md §Mapping. Every text field is whitespace-collapsed, so the result has
// no line breaks and passes model::Validate.
#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/strings.h"

#include "format/frus_tei_internal.h"

namespace chancery::format::internal {
namespace {

constexpr std::string_view kUrlBase = "https://history.state.gov/historicaldocuments/";
constexpr std::string_view kRepository = "Office of the Historian, U.S. Department of State";
// Years outside this range are typing errors in the source (0201-06-05 for 1867-06-05).
constexpr int32_t kFirstPlausibleYear = 1700;
constexpr int32_t kLastPlausibleYear = 2100;

struct KindWord {
  std::string_view word;
  model::DocumentKind kind;
};

// Checked in order against the words that open the head, before "From"/"to"/"by".
constexpr std::array<KindWord, 14> kKindWords = {{
    {"Editorial Note", model::DocumentKind::kOther},
    {"Telegram", model::DocumentKind::kTelegram},
    {"Backchannel Message", model::DocumentKind::kTelegram},
    {"Airgram", model::DocumentKind::kAirgram},
    {"Memorandum", model::DocumentKind::kMemorandum},
    {"Letter", model::DocumentKind::kLetter},
    {"Note", model::DocumentKind::kNote},
    {"Report", model::DocumentKind::kReport},
    {"Despatch", model::DocumentKind::kReport},
    {"Dispatch", model::DocumentKind::kReport},
    {"Message", model::DocumentKind::kOther},
    {"Minutes", model::DocumentKind::kOther},
    {"Paper", model::DocumentKind::kOther},
    {"Estimate", model::DocumentKind::kOther},
}};

void Anomaly(const FrusRawVolume& volume, const FrusRawDocument& raw, int64_t line,
             std::string_view kind, std::string message, std::vector<FrusAnomaly>* anomalies) {
  anomalies->push_back(
      {volume.id, raw.xml_id, line == 0 ? raw.line : line, std::string(kind), std::move(message)});
}

std::string DocumentId(const FrusRawVolume& volume, const FrusRawDocument& raw, size_t ordinal,
                       std::vector<FrusAnomaly>* anomalies) {
  if (!raw.xml_id.empty() && model::IsValidId(volume.id + "-" + raw.xml_id)) {
    return raw.xml_id;
  }
  std::string id = (raw.parent_id.empty() ? "n" : raw.parent_id + ".") + std::to_string(ordinal);
  Anomaly(volume, raw, 0, "missing-id",
          "document " + std::to_string(ordinal) + " has no usable xml:id; id " + id + " assigned",
          anomalies);
  return id;
}

// "7. Telegram From ..." -> "Telegram From ..." when 7 is the document number.
std::string Title(const FrusRawDocument& raw) {
  std::string head = CollapseSpace(raw.head);
  if (!raw.n.empty() && StartsWith(head, raw.n + ". ")) {
    head.erase(0, raw.n.size() + 2);
  }
  return head;
}

// The words opening the title up to "From", "to", "by", "Between" or a comma.
std::string_view TypePhrase(std::string_view title) {
  size_t end = title.size();
  for (std::string_view stop : {" From ", " to ", " by ", " Between ", ","}) {
    end = std::min(end, title.find(stop));
  }
  return Trim(title.substr(0, end));
}

void ApplyKind(std::string_view title, model::Cable* cable) {
  std::string_view phrase = TypePhrase(title);
  for (const KindWord& kw : kKindWords) {
    if (phrase.find(kw.word) == std::string_view::npos) {
      continue;
    }
    cable->kind = kw.kind;
    // "Telegram 5133" carries the telegram number.
    const size_t last_space = phrase.find_last_of(' ');
    if (last_space != std::string_view::npos && phrase[last_space + 1] >= '0' &&
        phrase[last_space + 1] <= '9') {
      cable->serial.original = std::string(phrase.substr(last_space + 1));
      phrase = Trim(phrase.substr(0, last_space));
    }
    cable->document_type = std::string(phrase);
    return;
  }
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "513. For Secretary." opens a telegram with its number, unless the next paragraph goes on
// with "2." (then it is paragraph numbering). "Secto 15." keeps its series.
void SerialFromBody(model::Cable* cable) {
  if (!cable->serial.original.empty() || cable->kind != model::DocumentKind::kTelegram ||
      cable->body.empty()) {
    return;
  }
  const std::string& first = cable->body[0].text;
  const size_t dot = first.find('.');
  if (dot == std::string::npos || (dot + 1 < first.size() && first[dot + 1] != ' ')) {
    return;
  }
  const std::string_view token = std::string_view(first).substr(0, dot);
  const size_t space = token.find(' ');
  const std::string_view number = space == token.npos ? token : token.substr(space + 1);
  const std::string_view series = space == token.npos ? std::string_view() : token.substr(0, space);
  if (!AllDigits(number) || (!series.empty() && series.find(' ') != series.npos)) {
    return;
  }
  if (number == "1" && cable->body.size() > 1 && StartsWith(cable->body[1].text, "2.")) {
    return;
  }
  cable->serial.original = std::string(token);
  cable->serial.series = std::string(series);
}

// serial.number and serial.year from serial.original ("513", "Secto 15").
void SetSerialNumber(model::Cable* cable) {
  std::string_view n = cable->serial.original;
  if (!cable->serial.series.empty()) {
    n.remove_prefix(std::min(n.size(), cable->serial.series.size() + 1));
  }
  int64_t number = 0;
  if (!AllDigits(n) || std::from_chars(n.data(), n.data() + n.size(), number).ec != std::errc()) {
    return;
  }
  cable->serial.number = number;
  cable->serial.year = cable->date.IsSet() ? cable->date.Year() : 0;
}

Result<model::Date> ParseFrusDate(std::string when) {
  if (when.size() >= 19 && when[10] == 'T' && when.compare(16, 3, ":00") == 0) {
    when.erase(16, 3);  // FRUS times are minutes; ":00" seconds are padding
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Date date, model::Date::Parse(when));
  if (date.Year() < kFirstPlausibleYear || date.Year() > kLastPlausibleYear) {
    return InvalidArgument("implausible year in \"" + when + "\"");
  }
  return date;
}

void SetDate(const FrusRawVolume& volume, const FrusRawDocument& raw, const std::string& when,
             model::Date* out, std::vector<FrusAnomaly>* anomalies) {
  if (when.empty()) {
    return;
  }
  Result<model::Date> date = ParseFrusDate(when);
  if (date.ok()) {
    *out = *date;
    return;
  }
  Anomaly(volume, raw, raw.date_line, "invalid-date",
          "document " + raw.xml_id + ": invalid date \"" + when + "\"; record kept undated",
          anomalies);
}

void ApplyDates(const FrusRawVolume& volume, const FrusRawDocument& raw, model::Cable* cable,
                std::vector<FrusAnomaly>* anomalies) {
  SetDate(volume, raw, raw.when, &cable->date, anomalies);
  SetDate(volume, raw, raw.from.empty() ? raw.not_before : raw.from, &cable->earliest, anomalies);
  SetDate(volume, raw, raw.to.empty() ? raw.not_after : raw.to, &cable->latest, anomalies);
  if (!cable->date.IsSet()) {
    cable->date = cable->earliest.IsSet() ? cable->earliest : cable->latest;
  }
  if (!cable->date.IsSet() && raw.when.empty() && raw.from.empty() && raw.to.empty() &&
      raw.not_before.empty() && raw.not_after.empty()) {
    Anomaly(volume, raw, 0, "undated", "document " + raw.xml_id + " has no dateline date",
            anomalies);
  }
}

std::string PersonName(const FrusRawVolume& volume, const FrusParty& party) {
  // A view of the member itself: substr() on the std::string would return a temporary.
  const std::string_view corresp = party.corresp;
  std::string_view ref = corresp.substr(0, corresp.find(' '));
  if (StartsWith(ref, "#")) {
    ref.remove_prefix(1);
  }
  const auto it = volume.persons.find(std::string(ref));
  return it != volume.persons.end() ? it->second : CollapseSpace(party.text);
}

void ApplyParties(const FrusRawVolume& volume, const FrusRawDocument& raw, model::Cable* cable) {
  std::vector<std::string> from;
  for (const FrusParty& party : raw.parties) {
    const std::string text = CollapseSpace(party.text);
    const std::string name = party.is_person ? PersonName(volume, party) : text;
    if (name.empty()) {
      continue;
    }
    if (party.is_person) {
      cable->persons.push_back(name);
    }
    if (party.is_from && party.is_person) {
      cable->originators.push_back(name);
    } else if (party.is_from) {
      from.push_back(name);
    } else {
      cable->addressees.push_back({name, model::AddresseeRole::kAction, false, {}, ""});
    }
  }
  cable->organization = Join(from, "; ");
}

void ApplyToLists(const FrusRawDocument& raw, model::Cable* cable) {
  for (const FrusToList& list : raw.to_lists) {
    const std::string head = AsciiLower(CollapseSpace(list.head));
    const model::AddresseeRole role =
        StartsWith(head, "info") ? model::AddresseeRole::kInfo : model::AddresseeRole::kAction;
    for (const std::string& item : list.items) {
      const std::string text = CollapseSpace(item);
      if (!text.empty()) {
        cable->addressees.push_back(ParseFrusAddressee(text, role));
      }
    }
  }
}

void ApplyText(const FrusRawVolume& volume, const FrusRawDocument& raw, model::Cable* cable) {
  for (const std::string& p : raw.paragraphs) {
    std::string text = CollapseSpace(p);
    if (!text.empty()) {
      cable->body.push_back({std::move(text), std::nullopt});
    }
  }
  for (size_t i = 0; i < raw.footnotes.size(); ++i) {
    if (std::string text = CollapseSpace(raw.footnotes[i]); !text.empty()) {
      // A footnote marked in the body ("[1]") opens with its marker.
      const bool marked = i < raw.footnote_markers.size() && !raw.footnote_markers[i].empty();
      cable->notes.push_back({"footnote", marked ? raw.footnote_markers[i] + " " + text : text});
    }
  }
  std::vector<std::string> summaries;
  for (const std::string& s : raw.summaries) {
    summaries.push_back(CollapseSpace(s));
  }
  cable->summary = Join(summaries, " ");
  for (const auto& [target, text] : raw.refs) {
    // "#d5", "#d255fn1" (a footnote of d255) and "frus1961-63v21#d5" name documents.
    const size_t hash = target.find('#');
    if (hash == std::string::npos || target.compare(hash, 2, "#d") != 0) {
      continue;
    }
    std::string_view doc = std::string_view(target).substr(hash + 1);
    doc = doc.substr(0, doc.find("fn"));
    const std::string vol = hash == 0 ? volume.id : target.substr(0, hash);
    const std::string id = vol + "-" + std::string(doc);
    model::Reference ref{id, "cites", CollapseSpace(text)};
    // A document cited several times ("Document 5" in two footnotes) is one reference.
    if (model::IsValidId(id) && std::find(cable->references.begin(), cable->references.end(),
                                          ref) == cable->references.end()) {
      cable->references.push_back(std::move(ref));
    }
  }
  for (const std::string& s : raw.signers) {
    const std::string name = CollapseSpace(s);
    if (!name.empty()) {
      cable->originators.push_back(name);
    }
  }
}

void ApplyArchival(const FrusRawVolume& volume, const std::string& doc_id,
                   const FrusRawDocument& raw, model::Cable* cable) {
  model::ArchivalDescription& a = cable->archival;
  a.repository = std::string(kRepository);
  a.collection = volume.id;
  a.collection_title = volume.title;
  a.source_url = std::string(kUrlBase) + volume.id + "/" + doc_id;
  const std::string number = raw.n.empty() ? doc_id : raw.n;
  a.citation = "\u201c" + cable->title + ",\u201d " +
               (volume.title.empty() ? volume.id : volume.title) + ", Document " + number + ", " +
               a.source_url;
  if (a.language.empty()) {
    a.language = "English";
    a.original_language = "English";
  }
  if (!raw.n.empty()) {
    cable->notes.push_back({"document-number", CollapseSpace(raw.n)});
  }
  // docs/format/frus-tei.md §Place in the volume: chapter path and document number.
  for (const std::string& head : raw.divisions) {
    std::string part = CollapseSpace(head);
    for (size_t at = part.find(kChapterSeparatorMark); at != std::string::npos;
         at = part.find(kChapterSeparatorMark, at)) {
      part.replace(at, kChapterSeparatorMark.size(), ">");
    }
    a.chapter += (a.chapter.empty() ? "" : std::string(kChapterSeparator)) + part;
  }
  int64_t position = 0;
  const std::string n = std::string(Trim(raw.n));
  for (size_t i = 0; i < n.size() && i < 15 && n[i] >= '0' && n[i] <= '9'; ++i) {
    position = position * 10 + (n[i] - '0');
  }
  a.position = position;  // 0 (none) is filled from the previous document by ParseFrusVolume
}

// Seen from the Department of State: telegrams it sends are outgoing, those it receives incoming.
void ApplyDirection(model::Cable* cable) {
  const auto is_department = [](std::string_view s) {
    return s.find("Department of State") != s.npos || s.find("Secretary of State") != s.npos;
  };
  const std::string_view title = cable->title;
  const size_t from = title.find(" From ");
  const size_t to = title.find(" to ", from == title.npos ? 0 : from);
  const std::string_view sender =
      !cable->organization.empty() ? std::string_view(cable->organization)
      : from != title.npos         ? title.substr(from, to == title.npos ? to : to - from)
                                   : std::string_view();
  const std::string_view receiver = !cable->addressees.empty()
                                        ? std::string_view(cable->addressees[0].name)
                                    : to != title.npos ? title.substr(to)
                                                       : std::string_view();
  if (is_department(sender)) {
    cable->direction = model::Direction::kOutgoing;
  } else if (is_department(receiver)) {
    cable->direction = model::Direction::kIncoming;
  }
}

}  // namespace

model::Cable MapFrusDocument(const FrusRawVolume& volume, const FrusRawDocument& raw,
                             size_t ordinal, std::vector<FrusAnomaly>* anomalies) {
  model::Cable cable;
  const std::string doc_id = DocumentId(volume, raw, ordinal, anomalies);
  cable.id = volume.id + "-" + doc_id;
  cable.title = Title(raw);
  if (cable.title.empty()) {
    cable.title = "Document " + (raw.n.empty() ? doc_id : CollapseSpace(raw.n));
    Anomaly(volume, raw, 0, "missing-title", "document " + doc_id + " has an empty head",
            anomalies);
  }
  ApplyKind(cable.title, &cable);
  ApplyParties(volume, raw, &cable);
  for (const std::string& note : raw.source_notes) {
    const std::string text = CollapseSpace(note);
    ApplyFrusSourceNote(text, &cable);
    cable.notes.push_back({"source", text});
  }
  cable.original_marking.label.Normalize();
  ApplyToLists(raw, &cable);
  ApplyDates(volume, raw, &cable, anomalies);
  cable.place = std::string(Trim(CollapseSpace(raw.place)));
  while (!cable.place.empty() && (cable.place.back() == ',' || cable.place.back() == '.')) {
    cable.place.pop_back();
  }
  if (std::string dateline = CollapseSpace(raw.dateline); !dateline.empty()) {
    cable.notes.push_back({"dateline", std::move(dateline)});
  }
  ApplyText(volume, raw, &cable);
  SerialFromBody(&cable);
  SetSerialNumber(&cable);
  if (cable.kind == model::DocumentKind::kTelegram && cable.date.IsSet()) {
    cable.released = cable.date;
  }
  ApplyArchival(volume, doc_id, raw, &cable);
  ApplyDirection(&cable);
  return cable;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace chancery::format::internal
