// The benchmark corpus: FRUS volumes read by the TEI parser, current labels assigned
// deterministically, and a deterministic expansion to any size built from them. Every engine
// gets exactly these documents, reduced by Fields() to what it indexes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::bench {

// What the peers of Chancery index of a record: the same free text Chancery indexes (title,
// subject, summary, paragraphs, enclosures, notes), its day range, and the facet values.
struct DocFields {
  std::string id;
  std::string title;
  std::string body;  // free text after the title, fields joined by "\n"
  std::optional<int32_t> from_day;
  std::optional<int32_t> to_day;
  std::string facets[5];  // in the order of kFacetFields
};

DocFields Fields(const model::Cable& cable);

// Loads every FRUS volume of `corpus_dir` (volumes/*.xml.zst, or dev/*.xml when `dev`), in file
// name order, documents in volume order, and assigns labels with AssignLabel(). Errors name the
// volume file.
Result<std::vector<model::Cable>> LoadFrus(const std::string& corpus_dir, bool dev);

// Sets cable->current_label from a hash of its id: ~75% PUBLIC, ~25% classified; the benchmark
// subject (BenchClearance) may read ~85% of the records.
void AssignLabel(model::Cable* cable);

// The benchmark subject: SECRET with category ECON; no NOFORN, POL or NODIS.
inline constexpr const char* kSubjectLevel = "SECRET";
inline constexpr const char* kSubjectCategory = "ECON";

// Expansion documents [begin, end) of a corpus of `base.size() + n` documents: document i is
// base[i] for i < base.size(); beyond, it is a new record "xN" whose title and metadata come
// from one base record, whose paragraphs are drawn from other base records, and whose dates are
// shifted by up to +-10 years. Deterministic in (base, i, seed) alone, so chunks can be
// generated independently. REQUIRES: !base.empty().
std::vector<model::Cable> ExpandRange(const std::vector<model::Cable>& base, uint64_t begin,
                                      uint64_t end, uint64_t seed);

// The day date `days` after 1970-01-01.
model::Date DateFromDays(int32_t days);

// The words of `text` as the query generator sees them: maximal runs of ASCII letters,
// lower-cased.
std::vector<std::string> Words(std::string_view text);

}  // namespace chancery::bench
