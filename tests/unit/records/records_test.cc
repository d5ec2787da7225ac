// Records: every read path decides access, denied looks like missing, everything is audited,
// and the derived index is repaired from the store.
#include "chancery/records/records.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::records {
namespace {

using testing::MakeCable;

class RecordsTest : public ::testing::Test {
 protected:
  RecordsTest() : fx_(dir_.path()) {
    fx_.Import(
        {MakeCable("pub-1", "Trade talks", "The delegation discussed grain tariffs.", "PUBLIC"),
         MakeCable("sec-1", "Border incident", "Troops moved near the grain depot.", "SECRET"),
         MakeCable("ts-1", "Key points", "The Chairman discussed grain and unity.", "TOP SECRET",
                   {"INTERNAL RESEARCH"})});
    public_ = *fx_.records().ResolveSubject(std::nullopt);
    analyst_ = fx_.User("analyst", "SECRET");
  }

  std::vector<std::string> SearchIds(const security::Subject& s, const std::string& q,
                                     uint64_t* total = nullptr) {
    auto r = fx_.records().Search(s, testing::Query(q));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> ids;
    for (const auto& hit : r->hits) {
      ids.push_back(hit.id);
    }
    if (total != nullptr) {
      *total = r->total;
    }
    return ids;
  }

  testing::TempDir dir_;
  testing::RecordsFixture fx_;
  security::Subject public_;
  security::Subject analyst_;
};

TEST_F(RecordsTest, PublicReaderSeesOnlyPublicRecords) {
  uint64_t total = 0;
  EXPECT_EQ(SearchIds(public_, "grain", &total), std::vector<std::string>{"pub-1"});
  EXPECT_EQ(total, 1u);
}

TEST_F(RecordsTest, ClearedReaderSeesUpToClearance) {
  auto ids = SearchIds(analyst_, "grain");
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"pub-1", "sec-1"}));
}

TEST_F(RecordsTest, AClassInternedAfterASearchIsDecidedOnTheNextOne) {
  EXPECT_EQ(SearchIds(analyst_, "harvest"), std::vector<std::string>{});  // classes now cached
  fx_.Import({MakeCable("conf-1", "Harvest", "The harvest was poor.", "CONFIDENTIAL"),
              MakeCable("ts-2", "Harvest plan", "The harvest plan.", "TOP SECRET")});
  EXPECT_EQ(SearchIds(analyst_, "harvest"), std::vector<std::string>{"conf-1"});
  EXPECT_EQ(SearchIds(public_, "harvest"), std::vector<std::string>{});
}

TEST_F(RecordsTest, DeniedShowIsIndistinguishableFromMissing) {
  auto denied = fx_.records().Show(public_, "sec-1");
  auto missing = fx_.records().Show(public_, "nope-1");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(denied.status().message(), "no record sec-1");
  EXPECT_EQ(missing.status().message(), "no record nope-1");
}

TEST_F(RecordsTest, CategoryIsRequiredEvenAtTopSecret) {
  auto ts = fx_.User("ts-no-cat", "TOP SECRET");
  EXPECT_FALSE(fx_.records().Show(ts, "ts-1").ok());
  auto ts_ir = fx_.User("ts-ir", "TOP SECRET", {"INTERNAL RESEARCH"});
  EXPECT_TRUE(fx_.records().Show(ts_ir, "ts-1").ok());
}

TEST_F(RecordsTest, ListAndExportFilterByAccess) {
  std::vector<std::string> listed;
  ASSERT_TRUE(fx_.records()
                  .List(analyst_,
                        [&](const RecordSummary& r) {
                          listed.push_back(r.id);
                          return Status::Ok();
                        })
                  .ok());
  EXPECT_EQ(listed, (std::vector<std::string>{"pub-1", "sec-1"}));
  size_t exported = 0;
  ASSERT_TRUE(fx_.records()
                  .Export(public_,
                          [&](const model::Cable&) {
                            ++exported;
                            return Status::Ok();
                          })
                  .ok());
  EXPECT_EQ(exported, 1u);
}

TEST_F(RecordsTest, ShowFindsBySerial) {
  model::Cable c = MakeCable("ser-1", "Serial test", "Text.", "PUBLIC");
  c.serial.original = "(63) B-Yin-692";
  fx_.Import({c});
  auto shown = fx_.records().Show(public_, "(63) B-Yin-692");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->id, "ser-1");
}

TEST_F(RecordsTest, ReimportUpdatesInPlace) {
  auto r =
      fx_.records().Import(fx_.Admin(), {MakeCable("pub-1", "Trade talks II", "x", "PUBLIC")}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->versions, std::vector<int64_t>{2});
  EXPECT_EQ(fx_.records().Show(public_, "pub-1")->title, "Trade talks II");
}

TEST_F(RecordsTest, ImportRejectsUnknownLevelAndStoresNothing) {
  auto r = fx_.records().Import(
      fx_.Admin(),
      {MakeCable("ok-2", "Fine", "x", "PUBLIC"), MakeCable("bad-1", "B", "x", "COSMIC")}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad-1"), std::string_view::npos);
  EXPECT_FALSE(fx_.records().Show(fx_.Admin(), "ok-2").ok());
}

TEST_F(RecordsTest, RelabellingUpwardOnReimportIsAuditedAndKeepsTheOldVersion) {
  fx_.Import({MakeCable("pub-1", "Trade talks", "Grain tariffs.", "SECRET")});
  EXPECT_FALSE(fx_.records().Show(public_, "pub-1").ok());
  EXPECT_TRUE(fx_.records().Show(analyst_, "pub-1").ok());
  auto report = fx_.records().VerifyAudit(std::nullopt);
  ASSERT_TRUE(report.ok() && report->status.ok());
  EXPECT_TRUE(fx_.AuditContains("import", "pub-1", "ok relabel PUBLIC -> SECRET, version 1 kept"));
  EXPECT_EQ(fx_.records().store().RecordVersions("pub-1")->size(), 1u);
}

TEST_F(RecordsTest, ADownwardRelabelByImportIsRefusedAndChangesNothing) {
  auto r = fx_.records().Import(
      fx_.Admin(), {MakeCable("sec-1", "Border incident", "Declassified.", "PUBLIC")}, {});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("declassification review"), std::string_view::npos);
  EXPECT_FALSE(fx_.records().Show(public_, "sec-1").ok());
}

TEST_F(RecordsTest, NonAdministratorCannotImportOrAddUsers) {
  EXPECT_EQ(
      fx_.records().Import(analyst_, {MakeCable("x-1", "x", "x", "PUBLIC")}, {}).status().code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(fx_.records().AddUser(analyst_, {"eve", {"TOP SECRET", {}, {}, {}}, true}).code(),
            StatusCode::kPermissionDenied);
}

TEST_F(RecordsTest, UnknownUserIsAnError) {
  EXPECT_EQ(fx_.records().ResolveSubject("mallory").status().message(), "unknown user mallory");
}

TEST_F(RecordsTest, UnlabelledRecordKeepsItsOriginalMarkingAsCurrentLabel) {
  model::Cable c = MakeCable("old-1", "Old cable", "Declassified grain text.", "");
  c.current_label = {};
  c.original_marking = {"Top Secret", {}};
  c.precedence.original = "Very Urgent";
  fx_.Import({c});
  EXPECT_FALSE(fx_.records().Show(public_, "old-1").ok());
  auto shown = fx_.records().Show(fx_.User("ts", "TOP SECRET"), "old-1");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->current_label.classification, "TOP SECRET");
  EXPECT_EQ(shown->original_marking.verbatim, "Top Secret");
  EXPECT_EQ(shown->precedence.rank, model::PrecedenceRank::kImmediate);
}

TEST_F(RecordsTest, ImportOptionPublishesUnlabelledRecords) {
  model::Cable c = MakeCable("arch-1", "Archive record", "Declassified grain text.", "");
  c.current_label = {};
  c.original_marking = {"Top Secret", {}};
  ImportOptions options;
  options.current_label = model::Label{"PUBLIC", {}, {}};
  ASSERT_TRUE(fx_.records().Import(fx_.Admin(), {c}, options).ok());
  auto shown = fx_.records().Show(public_, "arch-1");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->current_label.classification, "PUBLIC");
  EXPECT_EQ(shown->original_marking.label.classification, "TOP SECRET");
}

TEST_F(RecordsTest, HiddenRecordSharingASerialDoesNotHideTheVisibleOne) {
  model::Cable hidden = MakeCable("a-hidden", "Hidden", "x", "TOP SECRET");
  model::Cable visible = MakeCable("b-public", "Visible", "x", "PUBLIC");
  hidden.serial.original = visible.serial.original = "(25) X-1";
  fx_.Import({hidden, visible});
  auto shown = fx_.records().Show(public_, "(25) X-1");
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->id, "b-public");
}

TEST_F(RecordsTest, EveryReadIsAuditedAndTheLogVerifies) {
  (void)fx_.records().Show(public_, "sec-1");
  (void)SearchIds(analyst_, "grain");
  auto report = fx_.records().VerifyAudit(std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  // 3 imports + 1 user + 1 show + 1 search at least.
  EXPECT_GE(report->entries, 6);
}

TEST_F(RecordsTest, LostIndexIsRebuiltFromTheChangeLogOnOpen) {
  std::filesystem::remove_all(dir_.path() + "/store.db.index");
  RecordsOptions options;
  options.db_path = dir_.path() + "/store.db";
  auto reopened = Records::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto r =
      (*reopened)->Search((*reopened)->ResolveSubject("analyst").value(), testing::Query("grain"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2u);
}

// What chanceryd's readiness probe reads: the store's last change and the index's position, which
// lags while another writer's changes are not caught up yet, and whether searches can be answered.
TEST_F(RecordsTest, ReadIndexLagSaysWhereTheIndexStandsAndWhetherItCanAnswer) {
  Result<IndexLag> lag = fx_.records().ReadIndexLag();
  ASSERT_TRUE(lag.ok()) << lag.status().ToString();
  EXPECT_TRUE(lag->index.ok()) << lag->index.ToString();
  EXPECT_GT(lag->store_seq, 0);
  EXPECT_EQ(lag->index_seq, lag->store_seq);

  RecordsOptions other;
  other.db_path = dir_.path() + "/store.db";
  other.index_dir = dir_.path() + "/other.index";
  auto writer = Records::Open(other);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  auto import = [&](const std::string& id) {
    ASSERT_TRUE((*writer)
                    ->Import((*writer)->Administrator("admin:test"),
                             {MakeCable(id, "Grain", "More grain.", "PUBLIC")}, {})
                    .ok());
  };
  import("pub-2");
  lag = fx_.records().ReadIndexLag();
  ASSERT_TRUE(lag.ok()) << lag.status().ToString();
  EXPECT_GT(lag->store_seq, lag->index_seq);
  ASSERT_TRUE(fx_.records().CatchUpIndex().ok());
  lag = fx_.records().ReadIndexLag();
  ASSERT_TRUE(lag.ok());
  EXPECT_EQ(lag->index_seq, lag->store_seq);

  // A third process's index, whose writer another process holds while the store moves on:
  // catching up fails, and the probe says so; once the writer is free, the probe's own retry
  // makes it ready (a node out of rotation gets no searches that would catch it up).
  RecordsOptions third = other;
  third.index_dir = dir_.path() + "/third.index";
  ASSERT_TRUE(Records::Open(third).ok());  // builds the folder's shards, then lets go
  auto holder = search::OpenXapianIndex(search::IndexOptions{third.index_dir});
  ASSERT_TRUE(holder.ok()) << holder.status().ToString();
  ASSERT_TRUE((*holder)->Remove("nobody-has-this-id").ok());  // opens every shard's writer
  import("pub-3");
  auto blocked = Records::Open(third);
  ASSERT_TRUE(blocked.ok()) << blocked.status().ToString();
  lag = (*blocked)->ReadIndexLag();
  ASSERT_TRUE(lag.ok()) << lag.status().ToString();
  EXPECT_FALSE(lag->index.ok());
  EXPECT_GT(lag->store_seq, lag->index_seq);
  holder->reset();
  lag = (*blocked)->ReadIndexLag();
  ASSERT_TRUE(lag.ok());
  EXPECT_TRUE(lag->index.ok()) << lag->index.ToString();
  EXPECT_EQ(lag->index_seq, lag->store_seq);

  // A marker damaged while no process ran is repaired at open: the node is ready afterwards.
  writer->reset();
  testing::WriteFileOrDie(dir_.path() + "/other.index/applied_seq", "\x01garbage");
  auto reopened = Records::Open(other);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  lag = (*reopened)->ReadIndexLag();
  ASSERT_TRUE(lag.ok()) << lag.status().ToString();
  EXPECT_TRUE(lag->index.ok()) << lag->index.ToString();
  EXPECT_EQ(lag->index_seq, lag->store_seq);
}

TEST_F(RecordsTest, ARelabelledRecordIsIndexedOnlyUnderItsNewLabel) {
  fx_.Import({MakeCable("pub-1", "Trade talks", "Grain tariffs.", "SECRET")});
  uint64_t total = 0;
  EXPECT_EQ(SearchIds(analyst_, "tariffs", &total), std::vector<std::string>{"pub-1"});
  EXPECT_EQ(total, 1u);
  EXPECT_EQ(SearchIds(public_, "tariffs"), std::vector<std::string>{});
}

// Copies the store's files (not its index) from `from` to `to`.
void CopyStoreFiles(const std::string& from, const std::string& to) {
  std::filesystem::create_directories(to);
  for (const auto& entry : std::filesystem::directory_iterator(from)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind("store.db", 0) == 0) {
      std::filesystem::copy_file(entry.path(), to + "/" + name);
    }
  }
}

TEST_F(RecordsTest, AnIndexAheadOfARestoredStoreIsRebuiltOnOpen) {
  const std::string restored = dir_.path() + "/restored";
  CopyStoreFiles(dir_.path(), restored);  // the store before "late-1"
  fx_.Import({MakeCable("late-1", "Late grain report", "Grain arrived late.", "PUBLIC")});
  std::filesystem::copy(dir_.path() + "/store.db.index", restored + "/store.db.index",
                        std::filesystem::copy_options::recursive);
  RecordsOptions options;
  options.db_path = restored + "/store.db";
  auto reopened = Records::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto r = (*reopened)->Search((*reopened)->ResolveSubject(std::nullopt).value(),
                               testing::Query("grain"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "pub-1");
}

TEST_F(RecordsTest, ReindexKeepsResults) {
  ASSERT_TRUE(fx_.records().Reindex(fx_.Admin()).ok());
  EXPECT_EQ(SearchIds(public_, "grain"), std::vector<std::string>{"pub-1"});
}

}  // namespace
}  // namespace chancery::records
