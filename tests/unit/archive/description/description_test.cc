// Archival description (docs/archive.md "Description"): an archivist's edit of the descriptive
// fields is a new version of the record, signed by its editor and audited in the same
// transaction; it refuses anyone who is not an archivist cleared for the record (a record they may
// not read looks exactly like a missing one), a stale base version, and subject terms outside the
// controlled vocabulary, storing nothing; a released cable's signature and a published version's
// proof bundle still verify after an edit; an edit row altered in the store file shows as VOID.
#include "chancery/archive/description.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "chancery/archive/archive.h"
#include "chancery/archive/authorities.h"
#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/desk/keys.h"
#include "chancery/format/json.h"

#include "support/desk_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int64_t kFortyYears = 40LL * 365 * 86'400'000'000;
const std::string kSubjects =
    std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/subjects-cold-war.jsonl";

archive::DescriptionChange Set(std::string field, std::string value) {
  return {std::move(field), archive::DescriptionOp::kSet, std::move(value)};
}

archive::DescriptionChange Add(std::string field, std::string value) {
  return {std::move(field), archive::DescriptionOp::kAdd, std::move(value)};
}

archive::DescriptionChange Remove(std::string field, std::string value) {
  return {std::move(field), archive::DescriptionOp::kRemove, std::move(value)};
}

class DescriptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, level, role] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"rev1", "TOP SECRET", "reviewer"},
             {"rev2", "TOP SECRET", "reviewer"},
             {"arch", "TOP SECRET", "archivist"},
             {"low.arch", "CONFIDENTIAL", "archivist"}}) {
      records::UserSpec spec;
      spec.name = name;
      spec.clearance.level = level;
      if (level == "TOP SECRET") {
        spec.clearance.categories = {"INTERNAL RESEARCH"};
      }
      spec.clearance.groups = {"PRC"};
      spec.clearance.roles = {role};
      ASSERT_TRUE(fx_.records().AddUser(fx_.Admin(), spec).ok());
    }
    authorities_ = *archive::Authorities::Open(fx_.records());
    auto loaded = authorities_->LoadFile(fx_.Admin(), kSubjects);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    archive::DescriptionOptions options;
    options.db_path = fx_.db_path();
    options.clock = &fx_.clock();
    options.authorities = authorities_.get();
    description_ = *archive::Description::Open(fx_.records(), options);
    archive::ArchiveOptions archive_options;
    archive_options.db_path = fx_.db_path();
    archive_options.clock = &fx_.clock();
    archive_ = *archive::Archive::Open(fx_.records(), archive_options);
  }

  std::string Release(const std::string& title) {
    auto draft = fx_.desk().CreateDraft(
        fx_.User("drafter"),
        testing::DeskFixture::Spec(title, {"TOP SECRET", "TOP SECRET"}, {"EMB-MOSCOW"}));
    EXPECT_TRUE(draft.ok()) << draft.status().ToString();
    EXPECT_TRUE(fx_.desk().Submit(fx_.User("drafter"), draft->id).ok());
    for (const char* approver : {"wu", "zeng"}) {
      EXPECT_TRUE(fx_.desk().DecideStep(fx_.User(approver), draft->id, true, "").ok());
    }
    auto release = fx_.desk().ReleaseDraft(fx_.User("releaser"), draft->id);
    EXPECT_TRUE(release.ok()) << release.status().ToString();
    return release.ok() ? release->cable_id : "";
  }

  int64_t VersionOf(const std::string& id) {
    auto meta = fx_.records().store().GetRecordMeta(id);
    return meta.ok() && meta->has_value() ? (*meta)->version : 0;
  }

  Result<archive::DescriptionEdit> Edit(const std::string& user, const std::string& id,
                                        std::vector<archive::DescriptionChange> changes,
                                        int64_t base = 0) {
    return description_->Edit(fx_.User(user), id, {base, std::move(changes)});
  }

  testing::TempDir dir_;
  testing::DeskFixture fx_{dir_.path()};
  std::unique_ptr<archive::Authorities> authorities_;
  std::unique_ptr<archive::Description> description_;
  std::unique_ptr<archive::Archive> archive_;
};

TEST_F(DescriptionTest, AnEditIsANewSignedVersionThatChangesOnlyTheDescription) {
  const std::string id = Release("On the reply to the Soviet letter");
  ASSERT_FALSE(id.empty());
  auto before = fx_.records().Show(fx_.User("arch"), id);
  ASSERT_TRUE(before.ok());
  auto edit = Edit(
      "arch", id,
      {Set("title", "Reply to the CPSU letter of 30 March"), Add("subject", "sino-soviet split"),
       Add("place", "Moscow"), Set("scope-note", "Instructions to the embassy."),
       Set("reference", "PRC FMA 109-03861-03, 13-17")},
      1);
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_EQ(edit->base_version, 1);
  EXPECT_EQ(edit->new_version, 2);
  EXPECT_EQ(VersionOf(id), 2);
  auto after = fx_.records().Show(fx_.User("arch"), id);
  ASSERT_TRUE(after.ok());
  // A variant of the vocabulary is stored as its preferred term.
  EXPECT_EQ(after->subjects, std::vector<std::string>{"Sino-Soviet relations"});
  EXPECT_EQ(after->places, std::vector<std::string>{"Moscow"});
  EXPECT_EQ(after->archival.reference.fonds, "109");
  EXPECT_EQ(after->archival.reference.pages, "13-17");
  EXPECT_TRUE(model::SameOutsideDescription(*before, *after));
  EXPECT_EQ(after->body, before->body);
  EXPECT_EQ(after->current_label, before->current_label);
  // Signed over the canonical message with the editor's registered key, and audited.
  auto key = desk::KeyRing::PublicKey(fx_.records().store(), "arch");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(edit->public_key, key->public_key_hex);
  EXPECT_TRUE(audit::VerifyMessage(archive::DescriptionEditMessage(*edit), edit->signature,
                                   edit->public_key)
                  .ok());
  EXPECT_TRUE(fx_.AuditContains("archive.describe", id, "ok: edit 1, version 1 to 2"));
  auto history = description_->History(fx_.User("arch"), id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].void_reason, "");
  EXPECT_EQ((*history)[0].editor, "arch");
  EXPECT_TRUE(fx_.AuditVerifies());
}

TEST_F(DescriptionTest, TheMessageNamesEveryOldAndNewValue) {
  archive::DescriptionEdit e;
  e.record_id = "r";
  e.base_version = 3;
  e.new_version = 4;
  e.editor = "arch";
  e.micros = 12;
  e.changes = {{"title", false, {"Old"}, {"New"}, {}, {}},
               {"subjects", true, {"A"}, {"A", "B"}, {"B"}, {}}};
  EXPECT_EQ(archive::DescriptionEditMessage(e),
            "chancery-description-v1\nr\n3\n4\narch\n12\nfield title\n- Old\n+ New\n"
            "field subjects\n- A\n+ A\n+ B\n");
}

TEST_F(DescriptionTest, ARecordTheArchivistMayNotReadIsExactlyAMissingOne) {
  const std::string id = Release("Top secret instructions");
  auto hidden = Edit("low.arch", id, {Set("title", "x")});
  auto missing = Edit("low.arch", "no-such-cable", {Set("title", "x")});
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hidden.status().message(), "no record " + id);
  EXPECT_EQ(missing.status().message(), "no record no-such-cable");
  // Not even its history or a diff; and a non-archivist who may not read it hears the same.
  EXPECT_EQ(description_->History(fx_.User("low.arch"), id).status().message(), "no record " + id);
  EXPECT_EQ(description_->Diff(fx_.User("low.arch"), id, 1, 1).status().message(),
            "no record " + id);
  EXPECT_EQ(Edit("outsider", id, {Set("title", "x")}).status().message(), "no record " + id);
  EXPECT_EQ(VersionOf(id), 1);
}

TEST_F(DescriptionTest, OnlyArchivistsEditAndARoleIsNoRead) {
  const std::string id = Release("Instructions");
  auto reviewer = Edit("rev1", id, {Set("title", "x")});
  EXPECT_EQ(reviewer.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(reviewer.status().message().find("archivist role"), std::string::npos);
  EXPECT_EQ(VersionOf(id), 1);
  EXPECT_TRUE(fx_.AuditContains("archive.describe", id, "deny: permission denied"));
}

TEST_F(DescriptionTest, AStaleBaseVersionIsAConflictNamingBothVersionsAndStoresNothing) {
  const std::string id = Release("Instructions");
  ASSERT_TRUE(Edit("arch", id, {Set("summary", "First summary")}, 1).ok());
  auto stale = Edit("arch", id, {Set("summary", "Second summary")}, 1);
  ASSERT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_NE(stale.status().message().find("names version 1 but the record is at version 2"),
            std::string::npos)
      << stale.status().message();
  // A forged base from the future is refused the same way.
  EXPECT_EQ(Edit("arch", id, {Set("summary", "x")}, 7).status().code(), StatusCode::kConflict);
  EXPECT_EQ(VersionOf(id), 2);
  EXPECT_EQ(fx_.records().Show(fx_.User("arch"), id)->summary, "First summary");
}

TEST_F(DescriptionTest, BadChangesAreRefusedNamingFieldOrTermAndStoreNothing) {
  const std::string id = Release("Instructions");
  auto term = Edit("arch", id, {Add("subject", "Sino Soviet relation")});
  ASSERT_EQ(term.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(term.status().message().find("subject \"Sino Soviet relation\" is not in the "
                                         "controlled vocabulary (close terms: Sino-Soviet "
                                         "relations"),
            std::string::npos)
      << term.status().message();
  EXPECT_NE(
      Edit("arch", id, {Set("colour", "red")}).status().message().find("unknown field \"colour\""),
      std::string::npos);
  EXPECT_NE(Edit("arch", id, {Set("subjects", "x")}).status().message().find("is a list"),
            std::string::npos);
  EXPECT_NE(Edit("arch", id, {Add("title", "x")}).status().message().find("is text"),
            std::string::npos);
  EXPECT_NE(Edit("arch", id, {Remove("place", "Hanoi")})
                .status()
                .message()
                .find("no place \"Hanoi\" to remove"),
            std::string::npos);
  EXPECT_NE(Edit("arch", id, {Set("summary", "two\nlines")}).status().message().find("line break"),
            std::string::npos);
  EXPECT_NE(
      Edit("arch", id, {Set("title", "Instructions")}).status().message().find("changes nothing"),
      std::string::npos);
  // One bad change among good ones stores none of them.
  EXPECT_FALSE(Edit("arch", id, {Set("summary", "good"), Add("subject", "Atlantis")}).ok());
  EXPECT_EQ(VersionOf(id), 1);
  EXPECT_EQ(fx_.records().Show(fx_.User("arch"), id)->summary, "");
  EXPECT_TRUE(description_->History(fx_.User("arch"), id)->empty());
}

TEST_F(DescriptionTest, DiffGivesOldAndNewValuesAndListItemsAddedAndRemoved) {
  const std::string id = Release("Instructions");
  ASSERT_TRUE(
      Edit("arch", id, {Add("subject", "Nuclear weapons"), Add("person", "Pan Zili")}).ok());
  ASSERT_TRUE(Edit("arch", id,
                   {Remove("subject", "Nuclear weapons"), Add("subject", "Test ban"),
                    Set("title", "Instructions on the test ban")})
                  .ok());
  auto diff = description_->Diff(fx_.User("arch"), id, 1, 3);
  ASSERT_TRUE(diff.ok()) << diff.status().ToString();
  ASSERT_EQ(diff->fields.size(), 3u);
  EXPECT_EQ(diff->fields[0].field, "title");
  EXPECT_EQ(diff->fields[0].old_values, std::vector<std::string>{"Instructions"});
  EXPECT_EQ(diff->fields[1].field, "subjects");
  EXPECT_EQ(diff->fields[1].added, std::vector<std::string>{"Arms control and disarmament"});
  EXPECT_TRUE(diff->fields[1].removed.empty());
  EXPECT_EQ(diff->fields[2].field, "persons");
  auto back = description_->Diff(fx_.User("arch"), id, 2, 3);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->fields[1].removed, std::vector<std::string>{"Nuclear weapons"});
  EXPECT_TRUE(back->other_changes.empty());
  EXPECT_EQ(description_->Diff(fx_.User("arch"), id, 1, 9).status().code(), StatusCode::kNotFound);
}

TEST_F(DescriptionTest, AReleasedCablesSignatureStillVerifiesAfterAnEdit) {
  const std::string id = Release("Instructions");
  ASSERT_TRUE(fx_.desk().VerifyRelease(fx_.User("releaser"), id).ok());
  ASSERT_TRUE(Edit("arch", id, {Set("title", "Described"), Add("subject", "Test ban")}).ok());
  auto meta = fx_.records().store().GetRecordMeta(id);
  ASSERT_TRUE(meta.ok() && meta->has_value());
  EXPECT_TRUE((*meta)->sealed);
  Status verified = fx_.desk().VerifyRelease(fx_.User("releaser"), id);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

TEST_F(DescriptionTest, APublishedVersionsProofStillVerifiesAfterAnEdit) {
  const std::string id = Release("Instructions on the Harbin channel");
  fx_.clock().Advance(kFortyYears);
  ASSERT_TRUE(archive_->Withhold(fx_.User("rev1"), id, {{}, "Harbin", "25X1", false}).ok());
  ASSERT_TRUE(archive_->Release(fx_.User("rev1"), id).ok());
  ASSERT_TRUE(archive_->Concur(fx_.User("rev2"), id).ok());
  auto published = archive_->Publish(fx_.User("arch"), id);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  const std::string pid = published->record_id;
  auto edit = Edit("arch", pid,
                   {Set("summary", "Instructions to the embassy in Moscow."),
                    Add("subject", "Sino-Soviet relations")});
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  const security::Subject pub = security::Subject::PublicReader(fx_.records().policy());
  EXPECT_EQ(fx_.records().Show(pub, pid)->summary, "Instructions to the embassy in Moscow.");
  auto bundle = archive_->Proof(pub, pid, 0);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  archive::VerifyReport report = archive::VerifyBundle(*bundle);
  EXPECT_TRUE(report.ok) << (report.failures.empty() ? "" : report.failures[0]);
  // The bundle proves the record as published; the edit is signed apart, in the history.
  EXPECT_EQ(bundle->find("Instructions to the embassy in Moscow."), std::string::npos);
  auto history = description_->History(pub, pid);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].void_reason, "");
}

TEST_F(DescriptionTest, AnEditRowAlteredInTheStoreFileIsVoid) {
  const std::string id = Release("Instructions");
  ASSERT_TRUE(Edit("arch", id, {Add("subject", "Nuclear weapons")}).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(fx_.db_path().c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE docs SET body = replace(body, 'Nuclear weapons', "
                         "'Taiwan Strait crises') WHERE collection = 'archive.description'",
                         nullptr, nullptr, &error),
            SQLITE_OK)
      << (error != nullptr ? error : "");
  EXPECT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);
  auto history = description_->History(fx_.User("arch"), id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].void_reason,
            "VOID: its signature does not verify: the row was altered outside Chancery");
}

TEST_F(DescriptionTest, AnEditOfARecordInReviewIsRefusedRatherThanVoidingTheDecisions) {
  const std::string id = Release("Instructions on the Harbin channel");
  fx_.clock().Advance(kFortyYears);
  ASSERT_TRUE(archive_->Withhold(fx_.User("rev1"), id, {{}, "Harbin", "25X1", false}).ok());
  auto refused = Edit("arch", id, {Set("summary", "x")});
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("is in review"), std::string::npos);
  EXPECT_EQ(VersionOf(id), 1);
}

TEST_F(DescriptionTest, SearchFollowsTheEdit) {
  const std::string id = Release("Zanzibar instructions");
  const security::Subject arch = fx_.User("arch");
  auto count = [&](const std::string& q) -> uint64_t {
    records::SearchRequest r;
    r.query = q;
    auto found = fx_.records().Search(arch, r);
    EXPECT_TRUE(found.ok()) << q << ": " << found.status().ToString();
    return found.ok() ? found->total : 0;
  };
  EXPECT_EQ(count("title:Zanzibar"), 1u);
  EXPECT_EQ(count("subject:\"test ban\""), 0u);
  ASSERT_TRUE(Edit("arch", id,
                   {Set("title", "Instructions on disarmament"), Add("subject", "Test ban"),
                    Add("place", "Lilongwe"), Set("scope-note", "Mentions quokkas.")})
                  .ok());
  EXPECT_EQ(count("title:Zanzibar"), 0u);
  EXPECT_EQ(count("subject:\"arms control\""), 1u);
  EXPECT_EQ(count("place:Lilongwe"), 1u);
  EXPECT_EQ(count("quokkas"), 1u);
}

}  // namespace
}  // namespace chancery
