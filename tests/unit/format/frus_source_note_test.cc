// FRUS source notes split into roles (issue 12 item 5): drafted, cleared and approved by, each
// with its own people, and the original language a source note names. The notes are real ones
// from the 1961-63 volumes (frus1961-63v22 d3, d5, d19, d20, d27, d33, d61, d100;
// frus1961-63v06 for the Khrushchev letters).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/format/frus_tei.h"
#include "chancery/model/cable.h"

namespace chancery::format {
namespace {

model::Cable FromSourceNote(const std::string& note) {
  const std::string xml =
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frustest\"><text><body>\n"
      "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>Memorandum<note n=\"0\" "
      "xml:id=\"d1fn0\">Source: Department of State, Central Files, 611.93/2-2161. " +
      note + "</note></head><p>Text.</p></div>\n</body></text></TEI>";
  Result<FrusVolume> v = ParseFrusVolume(xml, "t.xml");
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() && !v->documents.empty() ? v->documents[0] : model::Cable();
}

// "name (note)" for each approval, in order.
std::vector<std::string> Approvals(const model::Cable& c) {
  std::vector<std::string> out;
  for (const model::Approval& a : c.approvals) {
    out.push_back(a.name + " (" + a.note + ")");
  }
  return out;
}

using Names = std::vector<std::string>;

TEST(FrusSourceNoteRoles, DraftedAndApprovedByTwoPeopleAreTwoRoles) {  // v22 d5
  const model::Cable c = FromSourceNote("Secret. Drafted by Rusk and approved by Parsons.");
  EXPECT_EQ(c.drafter, "Rusk");
  EXPECT_EQ(Approvals(c), Names({"Parsons (approved)"}));
}

TEST(FrusSourceNoteRoles, SemicolonChainWithQualifiersKeepsEachRole) {  // v22 d33
  const model::Cable c = FromSourceNote(
      "Secret. Drafted by Martin; cleared by McConaughy, Johnson, and, with revisions, by "
      "Bowles; and approved for transmission and signed by Rusk.");
  EXPECT_EQ(c.drafter, "Martin");
  EXPECT_EQ(Approvals(c), Names({"McConaughy (cleared)", "Johnson (cleared)", "Bowles (cleared)",
                                 "Rusk (approved for transmission and signed)"}));
}

TEST(FrusSourceNoteRoles, DraftedAndApprovedBySamePersonGivesBothRoles) {  // v22 d61
  const model::Cable c =
      FromSourceNote("Secret. Drafted and approved by Rusk and cleared by Johnson.");
  EXPECT_EQ(c.drafter, "Rusk");
  EXPECT_EQ(Approvals(c), Names({"Rusk (approved)", "Johnson (cleared)"}));
}

TEST(FrusSourceNoteRoles, CommaSeparatedRolesWithTitles) {  // v22 d19
  const model::Cable c = FromSourceNote(
      "Confidential. Drafted by Martin, cleared by Assistant Secretary of State for "
      "International Organization Affairs Harlan Cleveland, and approved by Steeves.");
  EXPECT_EQ(c.drafter, "Martin");
  EXPECT_EQ(Approvals(c), Names({"Assistant Secretary of State for International Organization "
                                 "Affairs Harlan Cleveland (cleared)",
                                 "Steeves (approved)"}));
}

TEST(FrusSourceNoteRoles, InitialedIsNotAnApprovalAndClearedInDraftIsKept) {  // v22 d20
  const model::Cable c = FromSourceNote(
      "Secret. Drafted by Lutkins, cleared in draft by Sullivan, and initialed by Rusk, "
      "indicating that he had seen it.");
  EXPECT_EQ(c.drafter, "Lutkins");
  EXPECT_EQ(Approvals(c), Names({"Sullivan (cleared in draft)"}));
}

TEST(FrusSourceNoteRoles, ApprovedInAnOfficeOnADate) {  // v22 d3
  const model::Cable c =
      FromSourceNote("Secret. Drafted by Martin and approved in S on February 8.");
  EXPECT_EQ(c.drafter, "Martin");
  EXPECT_EQ(Approvals(c), Names({"S (approved)"}));
}

TEST(FrusSourceNoteRoles, NotClearedByIsNoClearance) {  // v22 d27
  const model::Cable c = FromSourceNote(
      "Secret. Drafted by Cleveland. A note on the source text indicates it was not cleared by "
      "the President or the Secretary.");
  EXPECT_EQ(c.drafter, "Cleveland");
  EXPECT_TRUE(c.approvals.empty());
}

TEST(FrusSourceNoteRoles, DrafterStopsBeforeDateAndProse) {  // v22 d100
  const model::Cable c = FromSourceNote(
      "Secret. Drafted by Rice on April 4, but it was attached to an April 3 memorandum from "
      "Harriman to Rusk.");
  EXPECT_EQ(c.drafter, "Rice");
}

TEST(FrusSourceNoteLanguage, RussianLanguageTextNamesTheOriginal) {  // v06 Khrushchev letters
  const model::Cable c = FromSourceNote(
      "No classification marking. Department of State translation. The Russian-language text is "
      "ibid.");
  EXPECT_EQ(c.archival.original_language, "Russian");
  EXPECT_EQ(c.archival.language, "English");
}

TEST(FrusSourceNoteLanguage, TranslationWithoutLanguageIsUnknown) {
  const model::Cable c = FromSourceNote("Secret. Unofficial translation.");
  EXPECT_EQ(c.archival.original_language, "unknown");
}

TEST(FrusSourceNoteLanguage, NoMentionStaysEnglish) {
  EXPECT_EQ(FromSourceNote("Secret; Priority.").archival.original_language, "English");
}

TEST(FrusSourceNoteMarking, NiactAloneIsAPrecedenceNotAClassification) {  // v03 d253
  const model::Cable c = FromSourceNote("Niact.");
  EXPECT_EQ(c.precedence.original, "Niact");
  EXPECT_EQ(c.original_marking.label.classification, "");
}

}  // namespace
}  // namespace chancery::format
