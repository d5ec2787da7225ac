// Descriptive fields of a record (include/chancery/model/description.h).
#include "chancery/model/description.h"

namespace chancery::model {

std::string_view DescriptionFieldName(DescriptionField f) {
  switch (f) {
    case DescriptionField::kTitle:
      return "title";
    case DescriptionField::kSummary:
      return "summary";
    case DescriptionField::kSubjects:
      return "subjects";
    case DescriptionField::kPersons:
      return "persons";
    case DescriptionField::kPlaces:
      return "places";
    case DescriptionField::kCredits:
      return "credits";
    case DescriptionField::kScopeNote:
      return "scope_note";
    case DescriptionField::kReference:
      return "reference";
  }
  return "title";
}

bool ParseDescriptionField(std::string_view name, DescriptionField* f) {
  struct Alias {
    std::string_view name;
    DescriptionField field;
  };

  static constexpr Alias kAliases[] = {{"subject", DescriptionField::kSubjects},
                                       {"person", DescriptionField::kPersons},
                                       {"people", DescriptionField::kPersons},
                                       {"place", DescriptionField::kPlaces},
                                       {"scope-note", DescriptionField::kScopeNote}};
  for (DescriptionField d : kDescriptionFields) {
    if (DescriptionFieldName(d) == name) {
      *f = d;
      return true;
    }
  }
  for (const Alias& a : kAliases) {
    if (a.name == name) {
      *f = a.field;
      return true;
    }
  }
  return false;
}

bool IsListField(DescriptionField f) {
  return f == DescriptionField::kSubjects || f == DescriptionField::kPersons ||
         f == DescriptionField::kPlaces;
}

namespace {

std::vector<std::string> One(const std::string& text) {
  return text.empty() ? std::vector<std::string>{} : std::vector<std::string>{text};
}

}  // namespace

std::vector<std::string> DescriptionValues(const Cable& cable, DescriptionField f) {
  switch (f) {
    case DescriptionField::kTitle:
      return One(cable.title);
    case DescriptionField::kSummary:
      return One(cable.summary);
    case DescriptionField::kSubjects:
      return cable.subjects;
    case DescriptionField::kPersons:
      return cable.persons;
    case DescriptionField::kPlaces:
      return cable.places;
    case DescriptionField::kCredits:
      return One(cable.archival.credits);
    case DescriptionField::kScopeNote:
      return One(cable.scope_note);
    case DescriptionField::kReference:
      return One(cable.archival.reference.verbatim);
  }
  return {};
}

Cable WithDescriptionOf(Cable cable, const Cable& from) {
  cable.title = from.title;
  cable.summary = from.summary;
  cable.subjects = from.subjects;
  cable.persons = from.persons;
  cable.places = from.places;
  cable.archival.credits = from.archival.credits;
  cable.scope_note = from.scope_note;
  cable.archival.reference = from.archival.reference;
  return cable;
}

bool SameOutsideDescription(const Cable& a, const Cable& b) {
  return WithDescriptionOf(a, b) == b;
}

}  // namespace chancery::model
