// Properties of the citation module over generated cables (tests/support/cable_gen.h, whose
// strings carry the cable-text format's special characters): every style renders and names
// the version's permalink and hash; CSL-JSON is valid JSON that gives back the title; RIS and
// BibTeX read back (our own readers) to the title and translator, and stay well-formed.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/base/strings.h"
#include "chancery/format/citation.h"
#include "chancery/records/content_hash.h"

#include "support/cable_gen.h"
#include "support/rc_check.h"

namespace chancery::format {
namespace {

template <typename F>
void CheckProperty(const std::string& name, F property) {
  testing::CheckProperty("CitationProperty/" + name, property, 500);
}

std::string ValueOf(const std::vector<CitationField>& fields, std::string_view name) {
  for (const CitationField& f : fields) {
    if (f.name == name) {
      return f.value;
    }
  }
  return "<none>";
}

TEST(CitationProperty, EveryStyleRendersWithThePermalinkAndHash) {
  CheckProperty("every-style", [] {
    const model::Cable cable = *testing::GenCable();
    const int64_t version = *rc::gen::inRange<int64_t>(1, 1000);
    const CitedVersion cited{version, "https://r.example", records::ContentHash(cable)};
    const std::string permalink = VersionPermalink(cited.base_url, cable.id, version);
    for (CitationStyle style : CitationStyles()) {
      const std::string text = RenderCitation(cable, cited, style);
      RC_ASSERT(!text.empty());
      RC_ASSERT(text.back() == '\n');
      RC_ASSERT(text.find(permalink) != std::string::npos);
      RC_ASSERT(text.find(cited.hash) != std::string::npos);
    }
  });
}

TEST(CitationProperty, CslJsonIsValidJsonWithTheTitle) {
  CheckProperty("csl-json", [] {
    const model::Cable cable = *testing::GenCable();
    const CitedVersion cited{1, "https://r.example", records::ContentHash(cable)};
    const nlohmann::json j = nlohmann::json::parse(
        RenderCitation(cable, cited, CitationStyle::kCslJson), nullptr, false);
    RC_ASSERT(!j.is_discarded());
    RC_ASSERT(j.at(0).at("title").get<std::string>() == std::string(model::DisplayTitle(cable)));
  });
}

TEST(CitationProperty, RisAndBibtexReadBackTitleAndTranslator) {
  CheckProperty("ris-bibtex", [] {
    const model::Cable cable = *testing::GenCable();
    const CitedVersion cited{1, "https://r.example", records::ContentHash(cable)};
    const std::string title(model::DisplayTitle(cable));
    const std::string translator(Trim(cable.archival.translator));
    Result<std::vector<CitationField>> ris =
        ReadRis(RenderCitation(cable, cited, CitationStyle::kRis));
    RC_ASSERT(ris.ok());
    RC_ASSERT(ValueOf(*ris, "TI") == title);
    RC_ASSERT(ValueOf(*ris, "A4") == (translator.empty() ? "<none>" : translator));
    RC_ASSERT(ValueOf(*ris, "UR") == VersionPermalink(cited.base_url, cable.id, 1));
    Result<std::vector<CitationField>> bib =
        ReadBibtex(RenderCitation(cable, cited, CitationStyle::kBibtex));
    RC_ASSERT(bib.ok());
    RC_ASSERT(ValueOf(*bib, "title") == title);
    RC_ASSERT(ValueOf(*bib, "translator") == (translator.empty() ? "<none>" : translator));
    RC_ASSERT(ValueOf(*bib, "version") == "1");
  });
}

}  // namespace
}  // namespace chancery::format
