// The descriptive fields of a record (docs/archive.md "Description"): what an archivist writes
// about a record after the fact, as opposed to the record itself (its text, label, marking,
// structure and signed parts). Description edits change these fields only; a desk release's
// commitment and a published version's proof cover the record as signed, so their verifiers take
// these fields from the version that was signed (WithDescriptionOf) and check everything else.
//
// Plain functions over model::Cable; no I/O. Thread-compatible.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/model/cable.h"

namespace chancery::model {

enum class DescriptionField : int8_t {
  kTitle = 0,  // title
  kSummary,    // summary
  kSubjects,   // subjects (terms of the controlled vocabulary)
  kPersons,    // persons (people the record names)
  kPlaces,     // places
  kCredits,    // archival.credits
  kScopeNote,  // scope_note
  kReference,  // archival.reference (verbatim and parts)
};

// Every descriptive field, in the order edits, messages and diffs list them.
inline constexpr std::array<DescriptionField, 8> kDescriptionFields = {
    DescriptionField::kTitle,     DescriptionField::kSummary,  DescriptionField::kSubjects,
    DescriptionField::kPersons,   DescriptionField::kPlaces,   DescriptionField::kCredits,
    DescriptionField::kScopeNote, DescriptionField::kReference};

// "title", "summary", "subjects", "persons", "places", "credits", "scope_note", "reference".
std::string_view DescriptionFieldName(DescriptionField f);
// The name above, or the CLI's singular and hyphenated forms ("subject", "person", "people",
// "place", "scope-note"). False for anything else.
bool ParseDescriptionField(std::string_view name, DescriptionField* f);
// True for subjects, persons and places (lists edited by adding and removing items).
bool IsListField(DescriptionField f);

// The field's value: one element for a non-empty text field (the reference's verbatim form),
// none for an empty one; the items of a list field.
std::vector<std::string> DescriptionValues(const Cable& cable, DescriptionField f);

// `cable` with every descriptive field taken from `from` (the archival reference with its
// parts); nothing else changes.
Cable WithDescriptionOf(Cable cable, const Cable& from);

// True when `a` and `b` differ in nothing but descriptive fields.
bool SameOutsideDescription(const Cable& a, const Cable& b);

}  // namespace chancery::model
