// Records are never silently overwritten (issue 11, findings 3 and 14): an import updates only a
// record the importer may read, answering for a hidden id exactly as for a label above the
// importer's clearance; a released (sealed) cable cannot be changed by import; a label is never
// lowered by import; every change keeps the earlier version; an identical re-import writes
// nothing; a paragraph marked above the record's label raises the label (or is refused).
#include <gtest/gtest.h>

#include "chancery/format/json.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"
#include "chancery/store/store.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::MakeCable;

class ImportRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fx_.Import({MakeCable("ts-1", "Hidden", "The hidden text.", "TOP SECRET"),
                MakeCable("pub-1", "Open", "The open text.", "PUBLIC")});
    secret_admin_ = fx_.User("secret-admin", "SECRET");
    secret_admin_.administrator = true;
  }

  Status ImportAs(const security::Subject& actor, model::Cable cable) {
    return fx_.records().Import(actor, {std::move(cable)}, {}).status();
  }

  testing::TempDir dir_;
  testing::RecordsFixture fx_{dir_.path()};
  security::Subject secret_admin_;
};

TEST_F(ImportRulesTest, AHiddenIdGetsTheAnswerOfALabelAboveTheImportersClearance) {
  const Status hidden = ImportAs(secret_admin_, MakeCable("ts-1", "Over", "Gone?", "PUBLIC"));
  const Status above = ImportAs(secret_admin_, MakeCable("new-1", "Up", "x", "TOP SECRET"));
  EXPECT_EQ(hidden.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(above.code(), hidden.code());
  const std::string prefix_hidden = "record ts-1";
  const std::string prefix_above = "record new-1";
  EXPECT_EQ(std::string(hidden.message()).substr(prefix_hidden.size()),
            std::string(above.message()).substr(prefix_above.size()));
  EXPECT_EQ(fx_.records().Show(fx_.Admin(), "ts-1")->body.at(0).text, "The hidden text.");
}

TEST_F(ImportRulesTest, AnUpdateKeepsTheEarlierVersionAndAnIdenticalReimportWritesNothing) {
  auto first =
      fx_.records().Import(fx_.Admin(), {MakeCable("pub-1", "Open", "New text.", "PUBLIC")}, {});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->versions.at(0), 2);
  auto again =
      fx_.records().Import(fx_.Admin(), {MakeCable("pub-1", "Open", "New text.", "PUBLIC")}, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->versions.at(0), 0);
  auto versions = fx_.records().store().RecordVersions("pub-1");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_NE((*versions)[0].payload.find("The open text."), std::string::npos);
}

TEST_F(ImportRulesTest, ASealedRecordCannotBeChangedByImport) {
  // What the desk's release writes: the record, sealed.
  const model::Cable released = MakeCable("cable-1", "Released", "Signed text.", "PUBLIC");
  store::WriteBatch seal;
  store::RecordWrite write{"cable-1", format::CableToJson(released),
                           security::ClassOf(fx_.records().policy(), released).Key(), "(63) 1"};
  write.seal = true;
  seal.records.push_back(write);
  ASSERT_TRUE(fx_.records().store().Write(seal).ok());
  const Status s = ImportAs(fx_.Admin(), MakeCable("cable-1", "Rewritten", "x", "PUBLIC"));
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("released cable"), std::string_view::npos);
}

TEST_F(ImportRulesTest, AParagraphMarkedAboveTheLabelRaisesIt) {
  model::Cable cable = MakeCable("mixed-1", "Mixed", "Open paragraph.", "PUBLIC");
  model::Paragraph secret;
  secret.text = "The secret paragraph.";
  secret.portion = model::Label{"TOP SECRET", {}, {}};
  cable.body.push_back(secret);
  ASSERT_TRUE(ImportAs(fx_.Admin(), cable).ok());
  const security::Subject reader = *fx_.records().ResolveSubject(std::nullopt);
  EXPECT_EQ(fx_.records().Show(reader, "mixed-1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fx_.records().Show(fx_.Admin(), "mixed-1")->current_label.classification, "TOP SECRET");
}

TEST(ImportPortionRule, APolicyThatRefusesNamesTheParagraph) {
  testing::TempDir dir;
  records::RecordsOptions options;
  options.db_path = dir.File("store.db");
  std::string policy(security::DefaultPolicyText());
  policy.replace(policy.find("portion-above-label raise"), 25, "portion-above-label refuse");
  auto records = records::Records::Init(options, policy);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  model::Cable cable = MakeCable("mixed-1", "Mixed", "Open paragraph.", "PUBLIC");
  cable.body.push_back({"The secret paragraph.", model::Label{"SECRET", {}, {}}});
  auto r = (*records)->Import((*records)->Administrator("admin:test"), {cable}, {});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("body paragraph 2 is marked SECRET"), std::string_view::npos)
      << r.status().ToString();
}

}  // namespace
}  // namespace chancery
