// The defining record (../shared/seed/000_68b43146905a32b5.txt) imports with every field
// recovered (docs/format/archive-record.md). One test per part of the record.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/format/archive_record.h"
#include "chancery/format/json.h"
#include "chancery/model/cable.h"

#include "support/temp_dir.h"

namespace chancery::format {
namespace {

using model::AddresseeRole;
using model::ApprovalState;
using model::Date;

// The seed, parsed once for the whole suite; an empty cable (and a failure) if it does not parse.
const model::Cable& SeedCable() {
  static const model::Cable seed = [] {
    const std::string text =
        testing::ReadFileOrDie(CHANCERY_SHARED_DIR "/seed/000_68b43146905a32b5.txt");
    Result<model::Cable> parsed = ParseArchiveRecord(text, "seed.txt");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return parsed.ok() ? std::move(parsed).value() : model::Cable{};
  }();
  return seed;
}

class SeedImportTest : public ::testing::Test {
 protected:
  const model::Cable& Seed() const { return SeedCable(); }

  // The pending approvals, by name.
  std::vector<std::string> PendingApprovers() const {
    std::vector<std::string> names;
    for (const model::Approval& a : Seed().approvals) {
      if (a.state == ApprovalState::kPending) {
        names.push_back(a.name);
      }
    }
    return names;
  }
};

constexpr std::string_view kApprovalNote =
    "subject to the approval of the Chairman, Liu Shaoqi, Zhou Enlai and Deng Xiaoping and other "
    "responsible comrades of the Central Committee";

TEST_F(SeedImportTest, TitleJoinsItsWrappedLines) {
  EXPECT_EQ(Seed().title,
            "Cable from the CCPCC International Liaison Department and the Foreign Ministry, 'Key "
            "Points of the Conversation from Chairman of the CCP CC Comrade Mao Zedong's "
            "Reception of the Soviet Ambassador to China Comrade Chernovenko'");
}

TEST_F(SeedImportTest, RecordDateAndDraftedDate) {
  EXPECT_EQ(Seed().date, Date::FromYmd(1963, 3, 13));
  EXPECT_EQ(Seed().drafted, Date::FromYmd(1963, 3, 4));
}

TEST_F(SeedImportTest, CitationIsKeptInFull) {
  EXPECT_EQ(Seed().archival.citation,
            "\"Cable from the CCPCC International Liaison Department and the Foreign Ministry, "
            "'Key Points of the Conversation from Chairman of the CCP CC Comrade Mao Zedong's "
            "Reception of the Soviet Ambassador to China Comrade Chernovenko'\", March 13, 1963, "
            "Wilson Center Digital Archive, PRC FMA 109-03861-03, 13-17. Translated by David "
            "Cowhig. https://digitalarchive.wilsoncenter.org/document/123881");
}

TEST_F(SeedImportTest, ArchivalReferenceIsStructured) {
  const model::ArchivalReference& ref = Seed().archival.reference;
  EXPECT_EQ(ref.repository_code, "PRC FMA");
  EXPECT_EQ(ref.fonds, "109");
  EXPECT_EQ(ref.file, "03861");
  EXPECT_EQ(ref.item, "03");
  EXPECT_EQ(ref.pages, "13-17");
  EXPECT_EQ(ref.verbatim, "PRC FMA 109-03861-03, 13-17");
}

TEST_F(SeedImportTest, RepositoryTranslatorAndSourceUrlComeFromTheCitation) {
  EXPECT_EQ(Seed().archival.repository, "Wilson Center Digital Archive");
  EXPECT_EQ(Seed().archival.translator, "David Cowhig");
  EXPECT_EQ(Seed().archival.source_url, "https://digitalarchive.wilsoncenter.org/document/123881");
}

TEST_F(SeedImportTest, IdIsDerivedFromTheDocumentNumber) {
  EXPECT_EQ(Seed().id, "wilson-123881");
}

TEST_F(SeedImportTest, SummaryCreditsAndLanguages) {
  EXPECT_EQ(Seed().summary,
            "Mao Zedong discusses the relationship between China and the Soviet Union and the "
            "debate between the two Parties, proposes a meeting for fraternal discussion, and "
            "commits to countering Western imperialism.");
  EXPECT_EQ(Seed().archival.credits,
            "This document was made possible with support from Henry Luce Foundation");
  EXPECT_EQ(Seed().archival.original_language, "Chinese");
  EXPECT_EQ(Seed().archival.language, "English");
  EXPECT_EQ(Seed().archival.contents, "Translation - English");
}

TEST_F(SeedImportTest, DocumentTypeAndKind) {
  EXPECT_EQ(Seed().document_type, "Top Secret Telegram");
  EXPECT_EQ(Seed().kind, model::DocumentKind::kTelegram);
}

TEST_F(SeedImportTest, OriginalMarkingCarriesTheInternalResearchCaveat) {
  EXPECT_EQ(Seed().original_marking.verbatim, "Top Secret");
  EXPECT_EQ(Seed().original_marking.label.classification, "TOP SECRET");
  EXPECT_EQ(Seed().original_marking.label.categories,
            std::vector<std::string>{"INTERNAL RESEARCH"});
  EXPECT_TRUE(Seed().current_label.Empty());
}

TEST_F(SeedImportTest, PrecedenceIsKeptVerbatimAndLeftUnranked) {
  EXPECT_EQ(Seed().precedence.original, "Very Urgent");
  EXPECT_EQ(Seed().precedence.rank, model::PrecedenceRank::kUnknown);
}

TEST_F(SeedImportTest, DirectionAndSerial) {
  EXPECT_EQ(Seed().direction, model::Direction::kOutgoing);
  EXPECT_EQ(Seed().serial.original, "(63) B-Yin-692");
  EXPECT_EQ(Seed().serial.series, "B-Yin");
  EXPECT_EQ(Seed().serial.year, 1963);
  EXPECT_EQ(Seed().serial.number, 692);
}

TEST_F(SeedImportTest, ApproversAreApproved) {
  ASSERT_GE(Seed().approvals.size(), 2u);
  EXPECT_EQ(Seed().approvals[0].name, "Wu Xiuquan");
  EXPECT_EQ(Seed().approvals[0].state, ApprovalState::kApproved);
  EXPECT_EQ(Seed().approvals[1].name, "Zeng Yongquan");
  EXPECT_EQ(Seed().approvals[1].state, ApprovalState::kApproved);
}

TEST_F(SeedImportTest, OrganizationOfficeAndInternalReference) {
  EXPECT_EQ(Seed().organization, "Ministry of Foreign Affairs");
  EXPECT_EQ(Seed().office, "Soviet and Eastern European Division");
  EXPECT_EQ(Seed().internal_reference, "Division \xc3\x97 #4");
}

TEST_F(SeedImportTest, OriginatorsComeFromTheSignatureBlock) {
  EXPECT_EQ(Seed().originators,
            (std::vector<std::string>{"Central Committee International Liaison Department",
                                      "Ministry of Foreign Affairs"}));
  EXPECT_EQ(Seed().released, Date::FromYmd(1963, 3, 13));
}

TEST_F(SeedImportTest, AddresseesAreAnActionGroupAndAnInfoGroup) {
  ASSERT_EQ(Seed().addressees.size(), 2u);
  const model::Addressee& action = Seed().addressees[0];
  const model::Addressee& info = Seed().addressees[1];
  EXPECT_EQ(action.name, "Party committees of embassies and offices abroad");
  EXPECT_EQ(action.role, AddresseeRole::kAction);
  EXPECT_TRUE(action.is_group);
  EXPECT_EQ(info.name, "missions to international organizations");
  EXPECT_EQ(info.role, AddresseeRole::kInfo);
  EXPECT_TRUE(info.is_group);
  EXPECT_EQ(info.note, "Notify comrades at various missions to international organizations");
}

TEST_F(SeedImportTest, BodyIsTheTransmittalParagraph) {
  ASSERT_EQ(Seed().body.size(), 1u);
  EXPECT_EQ(Seed().body[0].text,
            "The Chairman hereby transmits to you the key points of his conversation with "
            "Chervoenko on February 23 for internal research.");
}

TEST_F(SeedImportTest, EnclosureHasItsTitleAndParagraphs) {
  ASSERT_EQ(Seed().enclosures.size(), 1u);
  const model::Enclosure& e = Seed().enclosures[0];
  EXPECT_EQ(e.title,
            "Key Points of the Conversation from Chairman of the Central Committee of the "
            "Communist Party of China Comrade Mao Zedong's Reception of the Soviet Ambassador to "
            "China Comrade Chernovenko");
  ASSERT_EQ(e.paragraphs.size(), 20u);
  EXPECT_EQ(e.paragraphs.front().text.substr(0, 47),
            "On February 22, 1963, the Soviet ambassador pas");
  EXPECT_EQ(e.paragraphs.back().text.substr(0, 60),
            "The Soviet ambassador did not speak much during the entire c");
}

TEST_F(SeedImportTest, PageBreakParagraphIsRejoined) {
  const std::vector<model::Paragraph>& ps = Seed().enclosures.at(0).paragraphs;
  const std::string joined =
      "The Chinese party is not responding to the four articles from the "
      "CPSU for the time being.";
  EXPECT_NE(ps.at(6).text.find(joined), std::string::npos) << ps.at(6).text;
  for (const model::Paragraph& p : ps) {
    EXPECT_FALSE(p.text.starts_with("responding to")) << p.text;
  }
}

TEST_F(SeedImportTest, ClosingNoteIsKeptWithItsKind) {
  ASSERT_FALSE(Seed().notes.empty());
  const model::Note& note = Seed().notes.back();
  EXPECT_EQ(note.kind, "International Liaison Department note");
  EXPECT_EQ(note.text,
            "This record is subject to the approval of the Chairman, Liu Shaoqi, Zhou Enlai and "
            "Deng Xiaoping and other responsible comrades of the Central Committee. This article "
            "before being issues shared with the Central Committees of the fraternal parties of "
            "Algeria, DPRK, Vietnam, and Indonesia. The Chinese Ambassador to the Soviet Union "
            "Comrade Pan Zili was also informed.");
}

TEST_F(SeedImportTest, PendingApprovalsComeFromTheNote) {
  EXPECT_EQ(PendingApprovers(), (std::vector<std::string>{"the Chairman", "Liu Shaoqi",
                                                          "Zhou Enlai", "Deng Xiaoping"}));
  for (const model::Approval& a : Seed().approvals) {
    if (a.state == ApprovalState::kPending) {
      EXPECT_EQ(a.note, kApprovalNote);
    }
  }
}

TEST_F(SeedImportTest, DisseminationsToFourFraternalParties) {
  std::vector<std::string> parties;
  for (const model::Dissemination& d : Seed().disseminations) {
    parties.push_back(d.party);
  }
  EXPECT_EQ(parties, (std::vector<std::string>{
                         "the Central Committee of the fraternal party of Algeria",
                         "the Central Committee of the fraternal party of DPRK",
                         "the Central Committee of the fraternal party of Vietnam",
                         "the Central Committee of the fraternal party of Indonesia"}));
}

TEST_F(SeedImportTest, AlsoInformedTheAmbassador) {
  EXPECT_EQ(
      Seed().also_informed,
      std::vector<std::string>{"The Chinese Ambassador to the Soviet Union Comrade Pan Zili"});
}

TEST_F(SeedImportTest, ImportedRecordIsValid) {
  EXPECT_TRUE(model::Validate(Seed()).ok());
}

TEST_F(SeedImportTest, ImportedRecordRoundTripsThroughJson) {
  Result<model::Cable> back = CableFromJson(CableToJson(Seed()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Seed());
}

}  // namespace
}  // namespace chancery::format
