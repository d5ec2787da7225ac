#include "record_view.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "translation_view.h"

namespace chancery::cli {

namespace {

constexpr size_t kTermWidth = 20;  // "Pending approval:   " and the like

// Appends "Term:<pad>value\n"; nothing when `value` is empty.
void Row(std::string* out, std::string_view term, std::string_view value) {
  if (value.empty()) {
    return;
  }
  std::string head = std::string(term) + ":";
  head.resize(std::max(kTermWidth, head.size() + 1), ' ');
  *out += head;
  *out += value;
  *out += '\n';
}

// A continuation line under the value of the row above it.
void More(std::string* out, std::string_view value) {
  *out += std::string(kTermWidth, ' ');
  *out += value;
  *out += '\n';
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

// Names in groups that share one verbatim note, in first-seen order.
struct NoteGroup {
  std::string note;
  std::vector<std::string> names;
};

void AddToGroup(std::vector<NoteGroup>* groups, const std::string& note, std::string name) {
  auto it = std::find_if(groups->begin(), groups->end(),
                         [&](const NoteGroup& g) { return g.note == note; });
  if (it == groups->end()) {
    groups->push_back({note, {}});
    it = groups->end() - 1;
  }
  it->names.push_back(std::move(name));
}

void GroupRows(std::string* out, std::string_view term, const std::vector<NoteGroup>& groups) {
  bool first = true;
  for (const NoteGroup& g : groups) {
    if (first) {
      Row(out, term, Join(g.names, "; "));
    } else {
      More(out, Join(g.names, "; "));
    }
    first = false;
    if (!g.note.empty()) {
      More(out, "\"" + g.note + "\"");
    }
  }
}

void ApprovalRows(std::string* out, const std::vector<model::Approval>& approvals) {
  constexpr std::pair<model::ApprovalState, std::string_view> kRows[] = {
      {model::ApprovalState::kApproved, "Approved by"},
      {model::ApprovalState::kPending, "Pending approval"},
      {model::ApprovalState::kRejected, "Rejected by"},
  };
  for (const auto& [state, term] : kRows) {
    std::vector<NoteGroup> groups;
    for (const model::Approval& a : approvals) {
      if (a.state != state) {
        continue;
      }
      std::string name = a.name;
      if (state != model::ApprovalState::kApproved) {
        name += " (" + std::string(model::ApprovalStateName(state)) + ")";
      }
      if (a.date.IsSet()) {
        name += " " + a.date.ToIso();
      }
      AddToGroup(&groups, a.note, std::move(name));
    }
    GroupRows(out, term, groups);
  }
}

void PeopleRows(std::string* out, const model::Cable& c) {
  if (!c.originators.empty()) {
    Row(out, c.originators.size() > 1 ? "Joint senders" : "Originator", Join(c.originators, "; "));
  }
  std::vector<std::string> to;
  for (const model::Addressee& a : c.addressees) {
    to.push_back(a.name + (a.role == model::AddresseeRole::kInfo ? " (info)" : ""));
  }
  Row(out, "To", Join(to, "; "));
  Row(out, "Drafter", c.drafter);
  ApprovalRows(out, c.approvals);
  std::vector<NoteGroup> shared;
  for (const model::Dissemination& d : c.disseminations) {
    std::string party = d.party;
    if (!d.releasability.empty()) {
      party += " (" + d.releasability + ")";
    }
    if (d.date.IsSet()) {
      party += " " + d.date.ToIso();
    }
    AddToGroup(&shared, d.note, std::move(party));
  }
  GroupRows(out, "Shared with", shared);
  Row(out, "Also informed", Join(c.also_informed, "; "));
  Row(out, "Persons", Join(c.persons, "; "));
}

void HeaderRows(std::string* out, const model::Cable& c) {
  Row(out, "Id", c.id);
  const std::string date =
      DateText(c.date.ToIso(), c.earliest.ToIso(), c.latest.ToIso(), c.date_approximate);
  Row(out, "Date", date.empty() ? "undated" : date);
  Row(out, "Title", c.title);
  Row(out, "From", c.office.empty() ? c.organization : c.organization + ", " + c.office);
  PeopleRows(out, c);
  Row(out, "Serial", c.serial.original);
  Row(out, "Internal reference", c.internal_reference);
  Row(out, "Document type", c.document_type);
  std::string precedence(model::PrecedenceRankName(c.precedence.rank));
  if (!c.precedence.original.empty()) {
    precedence += " (" + c.precedence.original + ")";
  }
  Row(out, "Precedence", c.precedence.Empty() ? "" : precedence);
  Row(out, "Original marking",
      c.original_marking.verbatim.empty() ? c.original_marking.label.ToBanner()
                                          : c.original_marking.verbatim);
  Row(out, "Current label", c.current_label.ToBanner());
  Row(out, "Drafted", c.drafted.IsSet() ? c.drafted.ToIso() : "");
  Row(out, "Released", c.released.IsSet() ? c.released.ToIso() : "");
  Row(out, "Place", c.place);
  Row(out, "Summary", c.summary);
  const model::ArchivalDescription& a = c.archival;
  Row(out, "Repository", a.repository);
  Row(out, "Archival reference", a.reference.verbatim);
  Row(out, "Original language", a.original_language);
  Row(out, "Translator", a.translator);
  Row(out, "Translation of", TranslationOfText(c));  // translation_view.cc
  Row(out, "Source", a.source_url);
  // A published version says when and under which authority it was declassified
  // (docs/archive.md).
  const model::Publication& p = c.publication;
  if (!p.Empty()) {
    Row(out, "Declassified",
        p.published.substr(0, 10) + ", published version " + std::to_string(p.number) + " of " +
            p.of + " (version " + std::to_string(p.of_version) + ")" +
            (p.in_full ? ", in full" : ", in part"));
    Row(out, "Reviewed by", Join(p.reviewers, "; "));
    Row(out, "Published by", p.archivist);
    for (const std::string& authority : p.authorities) {
      Row(out, "Withheld under", authority);
    }
  }
}

void Paragraphs(std::string* out, const std::vector<model::Paragraph>& paragraphs) {
  for (const model::Paragraph& p : paragraphs) {
    if (p.portion) {
      *out += "(" + p.portion->ToBanner() + ") ";
    }
    *out += p.text + "\n\n";
  }
}

}  // namespace

std::string RenderRecordView(const model::Cable& cable) {
  std::string out;
  HeaderRows(&out, cable);
  out += '\n';
  if (!cable.subject.empty()) {
    out += "Subject: " + cable.subject + "\n\n";
  }
  Paragraphs(&out, cable.body);
  for (const model::Enclosure& e : cable.enclosures) {
    out += (e.title.empty() ? std::string("Enclosure") : e.title) + "\n\n";
    Paragraphs(&out, e.paragraphs);
  }
  if (!cable.notes.empty()) {
    out += "Notes\n";
    for (const model::Note& n : cable.notes) {
      Row(&out, n.kind.empty() ? "Note" : n.kind, n.text);
    }
    out += '\n';
  }
  if (!cable.references.empty()) {
    out += "References\n";
    for (const model::Reference& r : cable.references) {
      Row(&out, r.relation.empty() ? "ref" : r.relation,
          r.target + (r.text.empty() ? "" : " (" + r.text + ")"));
    }
    out += '\n';
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

std::string DateText(std::string_view date, std::string_view earliest, std::string_view latest,
                     bool approximate) {
  if (!date.empty()) {
    return std::string(date);
  }
  if (!approximate || earliest.empty() || latest.empty()) {
    return "";
  }
  return "undated; approximately " + std::string(earliest) + " to " + std::string(latest) +
         " (from its place in the volume)";
}

}  // namespace chancery::cli
