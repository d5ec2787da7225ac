// Translations of records (docs/archive.md "Translations"). A translation is a record of its own
// whose `translation_of` names the record and version it translates; its language, translator
// and credits are its archival description's. Import resolves and checks the link (an original
// the importer may read, aligned paragraphs, a label covering the original's) and records it in
// the store's workflow collection kTranslationsCollection, so that an original can list its
// translations at read time. What a reader sees of that list goes through the same access
// decision as every other read: a translation they may not read is neither listed nor counted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/model/cable.h"

namespace chancery::records {

// One translation of a record, as Records::Translations lists it.
struct TranslationSummary {
  std::string id;          // the translation's record id
  std::string language;    // its archival.language ("English")
  std::string translator;  // its archival.translator
  std::string date;        // ISO, its translation_of.date; "" when unknown
  int64_t version = 0;     // the version of the original it translates
  friend bool operator==(const TranslationSummary&, const TranslationSummary&) = default;
};

// The workflow collection linking translations to originals: key = the translation's id, group =
// the original's id (for a published translation, the original's published version), body =
// {"translates": original id as the translation names it}. Written by import (and by
// publication for published translations); a row whose translation no longer names that
// original is ignored when read.
inline constexpr std::string_view kTranslationsCollection = "records.translation";

// The row body for a translation naming `original` (what the read checks against).
std::string TranslationRowBody(std::string_view original);

// The record's canonical JSON (format::CableToJson, `indent` as there) with the read-time members
// "translations": [{id, language, translator, date?, version}] added when `translations` is not
// empty, and "published_original": ID when `published_original` is not empty (a published
// translation's original as published, Records::PublishedOriginal; docs/format/json.md
// "Translations"). Import ignores both.
std::string CableJsonWithTranslations(const model::Cable& cable,
                                      const std::vector<TranslationSummary>& translations,
                                      int indent = -1, std::string_view published_original = {});

// Whether paragraphs of `translation` align with `original` (same number of body paragraphs,
// same enclosures with the same paragraph counts); "" when they do, else what differs, e.g.
// "12 body paragraphs, the original orig-1 v2 has 11".
std::string AlignmentProblem(const model::Cable& translation, const model::Cable& original,
                             int64_t original_version);

}  // namespace chancery::records
