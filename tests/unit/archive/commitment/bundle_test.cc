// MakeBundle and VerifyBundle (docs/format/proof.md §6-§8): a bundle verifies, and each kind of
// tampering fails with its own message.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chancery/archive/commitment.h"

#include "unit/archive/commitment/proof_fixture.h"

namespace chancery::archive {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Json = nlohmann::json;

class BundleTest : public ::chancery::testing::ProofFixture {};

TEST_F(BundleTest, StandardBundleVerifies) {
  EXPECT_THAT(Failures(StandardBundle()), IsEmpty());
}

TEST_F(BundleTest, BundleWithNothingWithheldVerifies) {
  EXPECT_THAT(Failures(Bundle(testing::SampleCable(), {})), IsEmpty());
}

TEST_F(BundleTest, BundleOfAWholeWithheldFieldVerifies) {
  EXPECT_THAT(Failures(Bundle(testing::SampleCable(),
                              {Withhold("/title", 0, 9, "[text not declassified; 25X1]")})),
              IsEmpty());
}

TEST_F(BundleTest, ReportStatesWhoSigned) {
  const VerifyReport report = VerifyBundle(StandardBundle());
  EXPECT_EQ(report.signed_commitment.signer, "rel");
  EXPECT_EQ(report.signed_commitment.public_key_hex, signer_.public_key_hex());
  EXPECT_EQ(report.signed_commitment.key_audit_seq, 7);
}

TEST_F(BundleTest, BundleHoldsNoWithheldWord) {
  const std::string bundle = StandardBundle();
  EXPECT_EQ(bundle.find("Nguyen"), std::string::npos);
  EXPECT_EQ(bundle.find("Zeng"), std::string::npos);
  EXPECT_EQ(bundle.find(testing::kSampleSeed), std::string::npos);
}

TEST_F(BundleTest, ChangedPublishedWordFailsNamingTheUnit) {
  const std::string forged = Forge(LegacyBundle(), [](Json& j) {
    j["published"]["body"][0]["text"] = "Chairman Liu received Ambassador Chervonenko on 9 March.";
  });
  EXPECT_THAT(Failures(forged),
              ElementsAre("a changed word: field /body/0/text: unit 2 is \"Mao\" in the signed "
                          "text but \"Liu\" in the published text"));
}

TEST_F(BundleTest, ChangedWordInPublishedAndProofFailsTheRoot) {
  const std::string forged = Forge(LegacyBundle(), [](Json& j) {
    const std::string text = "Chairman Liu received Ambassador Chervonenko on 9 March.";
    j["published"]["body"][0]["text"] = text;
    for (Json& field : j["fields"]) {
      if (field["pointer"] == "/body/0/text") {
        field["parts"][0]["text"] = text;
      }
    }
  });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("commitment: the disclosed units")));
}

TEST_F(BundleTest, MovedMarkerFails) {
  const std::string forged = Forge(LegacyBundle(), [](Json& j) {
    j["published"]["body"][1]["text"] =
        "The source [name not declassified]in Hanoi, , reports troop movements.";
  });
  EXPECT_THAT(Failures(forged),
              ElementsAre(HasSubstr("a moved marker: field /body/1/text: the marker \"[name not "
                                    "declassified]\" for units 8..13 is not where the proof")));
}

TEST_F(BundleTest, RemovedMarkerFails) {
  const std::string forged =
      Forge(LegacyBundle(), [](Json& j) { j["published"]["approvals"][1]["name"] = ""; });
  EXPECT_THAT(Failures(forged),
              ElementsAre("a removed marker: field /approvals/1/name: the marker \"[name not "
                          "declassified]\" for units 0..3 is not in the published text"));
}

// With a publication statement, any change to the published record also fails the statement.
TEST_F(BundleTest, ChangedPublishedWordFailsThePublicationStatement) {
  const std::string forged = Forge(StandardBundle(), [](Json& j) {
    j["published"]["body"][0]["text"] = "Chairman Liu received Ambassador Chervonenko on 9 March.";
  });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("publication statement: does not verify"),
                                            HasSubstr("a changed word: field /body/0/text")));
}

// Finding 4: markers dressed as words (or emptied), the published text rewritten to match.
TEST_F(BundleTest, MarkersChangedToWordsFail) {
  const std::string legacy = Forge(LegacyBundle(), [](Json& j) { DressMarkers(j, "Ivanov"); });
  EXPECT_THAT(Failures(legacy),
              ElementsAre(HasSubstr("a forged marker: field /approvals/1/name: \"Ivanov\""),
                          HasSubstr("a forged marker: field /body/1/text: \"Ivanov\" stands for 5 "
                                    "withheld unit(s) but is not a marker the archive writes")));
  const std::string signed_bundle =
      Forge(StandardBundle(), [](Json& j) { DressMarkers(j, "Ivanov"); });
  EXPECT_THAT(Failures(signed_bundle),
              ElementsAre(HasSubstr("a forged marker: field /approvals/1/name"),
                          HasSubstr("a forged marker: field /body/1/text"),
                          HasSubstr("publication statement: does not verify")));
}

TEST_F(BundleTest, EmptiedMarkersFail) {
  const std::string forged = Forge(LegacyBundle(), [](Json& j) { DressMarkers(j, ""); });
  EXPECT_THAT(Failures(forged),
              ElementsAre(HasSubstr("a forged marker: field /approvals/1/name: \"\""),
                          HasSubstr("a forged marker: field /body/1/text: \"\"")));
}

TEST_F(BundleTest, ChangedPublicationMemberFailsTheStatement) {
  for (const auto& edit : std::vector<std::function<void(Json&)>>{
           [](Json& j) { j["published"]["publication"]["archivist"] = "president"; },
           [](Json& j) { j["published"]["publication"]["in_full"] = true; },
           [](Json& j) { j["published"]["publication"]["redactions"] = Json::array(); },
           [](Json& j) { j["published"]["id"] = "B-Yin-1963-692-p2"; }}) {
    EXPECT_THAT(Failures(Forge(StandardBundle(), edit)),
                ElementsAre(HasSubstr("publication statement: does not verify")));
  }
}

// Finding 6: the signer's name and audit seq are claims (not signed); the report carries them
// for the reader to check against the audit log or a key they trust.
TEST_F(BundleTest, StatementSignerIsAClaim) {
  const std::string forged =
      Forge(StandardBundle(), [](Json& j) { j["publication_signed"]["signer"] = "president"; });
  const VerifyReport report = VerifyBundle(forged);
  EXPECT_THAT(report.failures, IsEmpty());
  EXPECT_EQ(report.signed_commitment.publication->signer, "president");
}

TEST_F(BundleTest, StatementByAnotherKeyFails) {
  const std::string key = signer_.public_key_hex();
  const std::string forged =
      Forge(StandardBundle(), [&](Json& j) { j["publication_signed"]["public_key"] = key; });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("publication statement: does not verify")));
}

TEST_F(BundleTest, ReportCarriesTheStatementOrItsAbsence) {
  const VerifyReport with = VerifyBundle(StandardBundle());
  ASSERT_TRUE(with.signed_commitment.publication.has_value());
  EXPECT_EQ(with.signed_commitment.publication->signer, "arch");
  EXPECT_EQ(with.signed_commitment.publication->public_key_hex, other_.public_key_hex());
  EXPECT_EQ(with.signed_commitment.publication->key_audit_seq, 9);
  const VerifyReport without = VerifyBundle(LegacyBundle());
  EXPECT_TRUE(without.ok);
  EXPECT_FALSE(without.signed_commitment.publication.has_value());
}

TEST(MarkerGrammarTest, AcceptsWhatTheArchiveWrites) {
  for (const char* marker :
       {"[name not declassified; (b)(6)]", "[text not declassified; 25X1]",
        "[less than 1 line not declassified; 25X1]", "[1 line not declassified; 25X1]",
        "[12 lines not declassified; 25X1]", "[1 paragraph (1 line) not declassified; 25X1]",
        "[1 paragraph (3 lines) not declassified; 25X1]", "[name not declassified]",
        "[text not declassified; 12345678901234567890123456789012]"}) {
    EXPECT_TRUE(IsArchiveMarker(marker)) << marker;
  }
}

TEST(MarkerGrammarTest, RefusesEverythingElse) {
  for (const char* marker : {"",
                             "Ivanov",
                             "[Ivanov]",
                             "[name not declassified; ]",
                             "[name not declassified;25X1]",
                             "[name not declassified; 25 X1]",
                             "[name not declassified; a;b]",
                             "[name not declassified; a,b]",
                             "[name not declassified; a]b]",
                             "[name not declassified; 25X1] Ivanov",
                             "[2 line not declassified; 25X1]",
                             "[1 lines not declassified; 25X1]",
                             "[0 lines not declassified; 25X1]",
                             "[02 lines not declassified; 25X1]",
                             "[1 paragraph not declassified]",
                             "[2 paragraph (1 line) not declassified; 25X1]",
                             "[not declassified]",
                             "[text not declassified; 123456789012345678901234567890123]",
                             "[name not declassified; a\nb]",
                             "[Name not declassified; 25X1]"}) {
    EXPECT_FALSE(IsArchiveMarker(marker)) << marker;
  }
}

TEST_F(BundleTest, ForgedSaltFailsTheRoot) {
  const std::string forged =
      Forge(StandardBundle(), [](Json& j) { j["disclosed"][0]["seed"] = std::string(64, 'a'); });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("a forged salt")));
}

TEST_F(BundleTest, ForgedWithheldHashFailsTheRoot) {
  const std::string forged =
      Forge(StandardBundle(), [](Json& j) { j["withheld"][0]["hash"] = std::string(64, 'b'); });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("commitment: the disclosed units")));
}

TEST_F(BundleTest, WrongPublicKeyFailsTheSignature) {
  const std::string key = other_.public_key_hex();
  const std::string forged =
      Forge(StandardBundle(), [&](Json& j) { j["signed"]["public_key"] = key; });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("signature: does not verify")));
}

TEST_F(BundleTest, MissingSeedIsNamedByItsUnits) {
  const std::string forged = Forge(StandardBundle(), [](Json& j) { j["disclosed"].erase(0); });
  EXPECT_THAT(Failures(forged), ElementsAre(HasSubstr("commitment: no seed for units [0,")));
}

TEST_F(BundleTest, AlteredBundleWithoutNewDigestFailsTheDigest) {
  std::string bundle = StandardBundle();
  bundle.replace(bundle.find("\"rel\""), 5, "\"reL\"");
  EXPECT_THAT(Failures(bundle), ElementsAre(HasSubstr("bundle: digest does not match")));
}

TEST_F(BundleTest, EveryFlippedByteFails) {
  const std::string bundle = StandardBundle();
  for (size_t at = 0; at < bundle.size(); ++at) {
    ASSERT_FALSE(VerifyBundle(FlipByte(bundle, at)).ok) << "byte " << at;
  }
}

TEST_F(BundleTest, NotJsonFails) {
  EXPECT_THAT(Failures("{"), ElementsAre("bundle: not a JSON object"));
}

TEST_F(BundleTest, DeeplyNestedJsonFailsWithoutRecursing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(Failures(deep), ElementsAre("bundle: malformed: JSON nested too deeply"));
}

TEST_F(BundleTest, MakeBundleRefusesAPublishedVersionThatIsNotTheRedactedOriginal) {
  BundleInput input;
  input.original = testing::SampleCable();
  input.seed_hex = testing::kSampleSeed;
  input.published = input.original;
  input.published.body[0].text = "Something else.";
  const Status s = MakeBundle(input).status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("at field /body/0/text"));
}

TEST_F(BundleTest, MakeBundleRefusesASeedThatIsNotTheSignedOne) {
  BundleInput input;
  input.original = testing::SampleCable();
  input.seed_hex = testing::kSampleSeed;
  input.published = input.original;
  input.signed_commitment.root_hex = std::string(64, '0');
  EXPECT_THAT(std::string(MakeBundle(input).status().message()),
              HasSubstr("the seed does not reproduce the signed commitment root"));
}

}  // namespace
}  // namespace chancery::archive
