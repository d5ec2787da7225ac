// Publishing a translation (docs/archive.md "Translations"; docs/decisions/0010-translations.md):
// it is published only once the version it translates is, and only when every paragraph aligned
// with a withheld span of the original's publication is withheld whole in it too.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "archive/archive_impl.h"

namespace chancery::archive::internal {

namespace {

// The field of the translation a withheld run of the original maps to: the aligned paragraph's
// text for a run in a paragraph (/body/3/text#..., /enclosures/0/paragraphs/2/text), else the
// same pointer (a name in a header field).
std::string AlignedPointer(std::string_view pointer) {
  const std::string p(pointer);
  auto prefix_of = [&](size_t parts) -> std::string {
    size_t pos = 0;
    for (size_t i = 0; i < parts; ++i) {
      pos = p.find('/', pos + 1);
      if (pos == std::string::npos) {
        return p;
      }
    }
    return p.substr(0, pos);
  };
  if (p.rfind("/body/", 0) == 0) {
    return prefix_of(2) + "/text";
  }
  if (p.rfind("/enclosures/", 0) == 0 && p.find("/paragraphs/") != std::string::npos) {
    return prefix_of(4) + "/text";
  }
  return p;
}

// "body paragraph 3" for /body/2/text, "enclosure 1 paragraph 2", else the pointer.
std::string ParagraphName(const std::string& pointer) {
  int a = 0;
  int b = 0;
  char tail[8] = {};
  if (std::sscanf(pointer.c_str(), "/body/%d/tex%1s", &a, tail) == 2) {
    return "body paragraph " + std::to_string(a + 1);
  }
  if (std::sscanf(pointer.c_str(), "/enclosures/%d/paragraphs/%d/tex%1s", &a, &b, tail) == 3) {
    return "enclosure " + std::to_string(a + 1) + " paragraph " + std::to_string(b + 1);
  }
  return "field " + pointer;
}

}  // namespace

Result<std::optional<std::string>> ArchiveImpl::CheckTranslation(
    store::Txn& txn, const Loaded& record, const std::vector<WithheldRun>& runs) {
  const model::TranslationOf& t = record.cable.translation_of;
  if (t.original.empty()) {
    return std::optional<std::string>();  // not a translation, or its original is not held here
  }
  const std::string where =
      "record " + record.cable.id + " version " + std::to_string(record.version);
  const std::string of = t.original + " version " + std::to_string(t.version);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows,
                            ListGroup(&txn, kPublished, t.original));
  std::optional<PublishedRow> published;
  for (const store::DocRow& row : rows) {  // in number order: the latest of that version wins
    CHANCERY_ASSIGN_OR_RETURN(PublishedRow p, PublishedRowFromJson(row.body));
    if (p.version.of_version == t.version) {
      published = std::move(p);
    }
  }
  if (!published.has_value()) {
    return FailedPrecondition(where + " is a translation of " + of +
                              ", which is not published: a translation is public only once the "
                              "version it translates is (publish the original first)");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> fields, CommittedFields(record.cable));
  for (const WithheldRun& theirs : published->runs) {
    const std::string aligned = AlignedPointer(theirs.pointer);
    const Field* field = nullptr;
    for (const Field& f : fields) {
      if (f.pointer == aligned) {
        field = &f;
        break;
      }
    }
    if (field == nullptr || !field->is_string) {
      continue;  // the translation has no such field: nothing of it to withhold
    }
    // Every word of the aligned field must be inside one of this publication's withheld runs:
    // words cannot be aligned across languages, so the whole paragraph goes.
    const std::vector<Unit> units = SplitUnits(field->value);
    std::vector<bool> covered(units.size(), false);
    for (const WithheldRun& mine : runs) {
      if (mine.pointer != aligned) {
        continue;
      }
      for (size_t u = mine.first_unit; u < mine.end_unit && u < units.size(); ++u) {
        covered[u] = true;
      }
    }
    for (size_t u = 0; u < units.size(); ++u) {
      if (units[u].word && !covered[u]) {
        return FailedPrecondition(
            where + ": " + ParagraphName(aligned) + " (" + aligned +
            ") still holds text withheld in the original " + of + " (" + theirs.pointer +
            " units " + std::to_string(theirs.first_unit) + "-" +
            std::to_string(theirs.end_unit - 1) + ", " + theirs.marker +
            "): withhold the whole of it in the translation (chancery review withhold " +
            record.cable.id + " --span " + aligned + " --code CODE)");
      }
    }
  }
  return std::optional<std::string>(published->version.record_id);
}

}  // namespace chancery::archive::internal
