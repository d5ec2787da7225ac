#include "chancery/model/cable.h"

#include <array>
#include <string>
#include <utility>

#include "chancery/base/strings.h"

namespace chancery::model {
namespace {

template <typename E, size_t N>
bool ParseByName(std::string_view name, const std::array<std::pair<E, std::string_view>, N>& table,
                 E* out) {
  for (const auto& [value, text] : table) {
    if (EqualsIgnoreCase(name, text)) {
      *out = value;
      return true;
    }
  }
  return false;
}

template <typename E, size_t N>
std::string_view NameOf(E value, const std::array<std::pair<E, std::string_view>, N>& table) {
  for (const auto& [v, text] : table) {
    if (v == value) {
      return text;
    }
  }
  return table[0].second;
}

constexpr std::array<std::pair<Direction, std::string_view>, 4> kDirections = {{
    {Direction::kUnknown, "unknown"},
    {Direction::kOutgoing, "outgoing"},
    {Direction::kIncoming, "incoming"},
    {Direction::kInternal, "internal"},
}};

constexpr std::array<std::pair<DocumentKind, std::string_view>, 8> kKinds = {{
    {DocumentKind::kUnknown, "unknown"},
    {DocumentKind::kTelegram, "telegram"},
    {DocumentKind::kAirgram, "airgram"},
    {DocumentKind::kLetter, "letter"},
    {DocumentKind::kMemorandum, "memorandum"},
    {DocumentKind::kNote, "note"},
    {DocumentKind::kReport, "report"},
    {DocumentKind::kOther, "other"},
}};

constexpr std::array<std::pair<ApprovalState, std::string_view>, 3> kApprovalStates = {{
    {ApprovalState::kApproved, "approved"},
    {ApprovalState::kPending, "pending"},
    {ApprovalState::kRejected, "rejected"},
}};

bool HasLineBreak(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

Status CheckLabel(const Cable& c, std::string_view field, const Label& label) {
  Label normalized = label;
  normalized.Normalize();
  if (!(normalized == label)) {
    return InvalidArgument("cable " + c.id + ": field " + std::string(field) +
                           ": label is not normalized");
  }
  return Status::Ok();
}

Status CheckLine(const Cable& c, std::string_view field, std::string_view value) {
  if (HasLineBreak(value)) {
    return InvalidArgument("cable " + c.id + ": field " + std::string(field) + ": line break");
  }
  return Status::Ok();
}

Status CheckParagraphs(const Cable& c, std::string_view field, const std::vector<Paragraph>& ps) {
  for (size_t i = 0; i < ps.size(); ++i) {
    std::string name = std::string(field) + "[" + std::to_string(i) + "]";
    CHANCERY_RETURN_IF_ERROR(CheckLine(c, name, ps[i].text));
    if (ps[i].portion.has_value()) {
      CHANCERY_RETURN_IF_ERROR(CheckLabel(c, name + ".portion", *ps[i].portion));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view DirectionName(Direction d) {
  return NameOf(d, kDirections);
}

bool ParseDirection(std::string_view name, Direction* d) {
  return ParseByName(name, kDirections, d);
}

std::string_view DocumentKindName(DocumentKind k) {
  return NameOf(k, kKinds);
}

bool ParseDocumentKind(std::string_view name, DocumentKind* k) {
  return ParseByName(name, kKinds, k);
}

std::string_view ApprovalStateName(ApprovalState s) {
  return NameOf(s, kApprovalStates);
}

bool ParseApprovalState(std::string_view name, ApprovalState* s) {
  return ParseByName(name, kApprovalStates, s);
}

std::string_view AddresseeRoleName(AddresseeRole r) {
  return r == AddresseeRole::kAction ? "action" : "info";
}

std::string_view DisplayTitle(const Cable& cable) {
  if (!cable.title.empty()) {
    return cable.title;
  }
  return cable.subject.empty() ? std::string_view(cable.id) : std::string_view(cable.subject);
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  for (char ch : id) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == ':' || ch == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

Status Validate(const Cable& c) {
  if (!IsValidId(c.id)) {
    return InvalidArgument("cable \"" + c.id + "\": field id: expected [A-Za-z0-9._:-]{1,128}");
  }
  const std::pair<std::string_view, const std::string*> lines[] = {
      {"organization", &c.organization},
      {"office", &c.office},
      {"internal_reference", &c.internal_reference},
      {"document_type", &c.document_type},
      {"serial.original", &c.serial.original},
      {"serial.series", &c.serial.series},
      {"place", &c.place},
      {"original_marking.verbatim", &c.original_marking.verbatim},
      {"precedence.original", &c.precedence.original},
      {"drafter", &c.drafter},
      {"title", &c.title},
      {"subject", &c.subject},
      {"summary", &c.summary},
      {"scope_note", &c.scope_note},
      {"archival.chapter", &c.archival.chapter},
      {"translation_of.original", &c.translation_of.original},
  };
  for (const auto& [field, value] : lines) {
    CHANCERY_RETURN_IF_ERROR(CheckLine(c, field, *value));
  }
  CHANCERY_RETURN_IF_ERROR(CheckLabel(c, "current_label", c.current_label));
  CHANCERY_RETURN_IF_ERROR(CheckLabel(c, "original_marking.label", c.original_marking.label));
  CHANCERY_RETURN_IF_ERROR(CheckParagraphs(c, "body", c.body));
  for (size_t i = 0; i < c.enclosures.size(); ++i) {
    const std::string field = "enclosures[" + std::to_string(i) + "]";
    CHANCERY_RETURN_IF_ERROR(CheckLine(c, field + ".title", c.enclosures[i].title));
    CHANCERY_RETURN_IF_ERROR(CheckParagraphs(c, field + ".paragraphs", c.enclosures[i].paragraphs));
  }
  for (size_t i = 0; i < c.notes.size(); ++i) {
    CHANCERY_RETURN_IF_ERROR(CheckLine(c, "notes[" + std::to_string(i) + "]", c.notes[i].text));
  }
  const std::pair<std::string_view, const std::vector<std::string>*> lists[] = {
      {"persons", &c.persons}, {"subjects", &c.subjects}, {"places", &c.places}};
  for (const auto& [field, values] : lists) {
    for (size_t i = 0; i < values->size(); ++i) {
      CHANCERY_RETURN_IF_ERROR(
          CheckLine(c, std::string(field) + "[" + std::to_string(i) + "]", (*values)[i]));
    }
  }
  if (!c.translation_of.original.empty() && c.translation_of.not_held) {
    return InvalidArgument("cable \"" + c.id +
                           "\": field translation_of: names an original and says it is not held");
  }
  return Status::Ok();
}

}  // namespace chancery::model
