// The translation lines of `chancery show` (docs/archive.md "Translations"): what a translation
// translates, and the translations of an original that the reader may read. Pure; no I/O.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/model/cable.h"
#include "chancery/records/translations.h"
#include "chancery/search/search_index.h"

namespace chancery::cli {

// The value of the "Translation of" row: "ID version N (Chinese)", or "the Chinese original,
// not held by this archive"; "" for a record that is not a translation.
std::string TranslationOfText(const model::Cable& cable);

// "Translations" and one row per translation ("ID  English; translated by NAME; 1990-05-01;
// of version N"), then a blank line; "" when there are none.
std::string RenderTranslations(const std::vector<records::TranslationSummary>& translations);

// The language a hit matched in, for the hit list: "in English (translation of ID)", "in Chinese",
// "in English (translation; original not held here)"; "" when the record gives no language.
std::string HitLanguageText(const search::Hit& hit);

// Adds "language" and "translation_of" ({original} or {not_held: true}) to a hit's JSON when
// the hit has them (docs/format/json.md "Search results").
void AddHitLanguage(const search::Hit& hit, nlohmann::json* out);

}  // namespace chancery::cli
