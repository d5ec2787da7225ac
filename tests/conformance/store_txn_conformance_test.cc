// Store conformance, workflow half: documents, gapless sequences and Transact (docs/store.md
// "Workflow documents and sequences", "Transact and group commit"). Every backend must pass.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "conformance/store_conformance.h"

namespace chancery::store {
namespace {

TEST_P(StoreConformanceTest, APutDocIsReadBackAtVersionOne) {
  EXPECT_EQ(*PutDoc(Doc("drafts", "d1", "post-a", "0001", "{\"v\":1}")), 1);
  auto row = store_->GetDoc("drafts", "d1");
  ASSERT_TRUE(row.ok() && row->has_value()) << row.status().ToString();
  EXPECT_EQ((*row)->group, "post-a");
  EXPECT_EQ((*row)->sort, "0001");
  EXPECT_EQ((*row)->body, "{\"v\":1}");
  EXPECT_EQ((*row)->version, 1);
  EXPECT_FALSE(store_->GetDoc("drafts", "d2")->has_value());
  EXPECT_FALSE(store_->GetDoc("other", "d1")->has_value());
}

TEST_P(StoreConformanceTest, ReplacingADocReplacesItsFieldsAndIncrementsItsVersion) {
  ASSERT_TRUE(PutDoc(Doc("drafts", "d1", "g1", "s1", "old")).ok());
  EXPECT_EQ(*PutDoc(Doc("drafts", "d1", "g2", "s2", "new")), 2);
  EXPECT_EQ(*PutDoc(Doc("drafts", "d1", "g2", "s2", "newer")), 3);
  auto row = *store_->GetDoc("drafts", "d1");
  EXPECT_EQ(row->body, "newer");
  EXPECT_EQ(row->group, "g2");
  EXPECT_EQ(row->version, 3);
}

TEST_P(StoreConformanceTest, AStaleExpectedVersionIsAConflictNamingTheDocAndBothVersions) {
  ASSERT_TRUE(PutDoc(Doc("drafts", "d1", "", "", "v1")).ok());
  EXPECT_EQ(*PutDoc(Doc("drafts", "d1", "", "", "v2"), 1), 2);
  Status stale = PutDoc(Doc("drafts", "d1", "", "", "v3"), 1).status();
  EXPECT_EQ(stale.code(), StatusCode::kConflict);
  EXPECT_NE(stale.message().find("drafts/d1"), std::string_view::npos) << stale.ToString();
  EXPECT_NE(stale.message().find("expected version 1"), std::string_view::npos);
  EXPECT_NE(stale.message().find("stored version 2"), std::string_view::npos);
  EXPECT_EQ((*store_->GetDoc("drafts", "d1"))->body, "v2");
}

TEST_P(StoreConformanceTest, ExpectedVersionZeroInsertsOnlyWhenAbsent) {
  EXPECT_EQ(*PutDoc(Doc("serials", "s1"), 0), 1);
  EXPECT_EQ(PutDoc(Doc("serials", "s1"), 0).status().code(), StatusCode::kConflict);
  EXPECT_EQ(PutDoc(Doc("serials", "s2"), 1).status().code(), StatusCode::kConflict);
  EXPECT_FALSE(store_->GetDoc("serials", "s2")->has_value());
}

TEST_P(StoreConformanceTest, DeleteDocRemovesTheRowAndIgnoresAnAbsentOne) {
  ASSERT_TRUE(PutDoc(Doc("drafts", "d1")).ok());
  Status status = store_->Transact([](Txn& txn) {
    CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc("drafts", "d1"));
    return txn.DeleteDoc("drafts", "never-there");
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_FALSE(store_->GetDoc("drafts", "d1")->has_value());
  EXPECT_EQ(*PutDoc(Doc("drafts", "d1")), 1);  // a re-created row starts over
}

TEST_P(StoreConformanceTest, EmptyCollectionsKeysAndSequenceNamesAreInvalidArguments) {
  EXPECT_EQ(PutDoc(Doc("", "k")).status().code(), StatusCode::kInvalidArgument);
  Status no_key = PutDoc(Doc("drafts", "")).status();
  EXPECT_EQ(no_key.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_key.message().find("drafts"), std::string_view::npos);
  EXPECT_EQ(store_->GetDoc("", "k").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListDocs(DocQuery{}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->PeekSequence("").status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformanceTest, ListingAGroupIsInSortThenKeyOrderAndPagesAfterASort) {
  for (const char* key : {"k4", "k1", "k3", "k2"}) {
    ASSERT_TRUE(PutDoc(Doc("queue", key, "office-a", key[1] == '4' ? "1" : "2")).ok());
  }
  ASSERT_TRUE(PutDoc(Doc("queue", "k0", "office-b", "0")).ok());
  DocQuery query{"queue", "office-a", "", "", 1000};
  EXPECT_EQ(ListKeys(query), (std::vector<std::string>{"k4", "k1", "k2", "k3"}));
  query.after = "1";
  EXPECT_EQ(ListKeys(query), (std::vector<std::string>{"k1", "k2", "k3"}));
  query.limit = 2;
  EXPECT_EQ(ListKeys(query), (std::vector<std::string>{"k1", "k2"}));
}

TEST_P(StoreConformanceTest, ListingByKeyPrefixIsInKeyOrderAfterTheCursor) {
  for (const char* key : {"1975/b", "1975/a", "1976/a", "1974/z", "1975/c"}) {
    ASSERT_TRUE(PutDoc(Doc("serials", key)).ok());
  }
  ASSERT_TRUE(PutDoc(Doc("other", "1975/0")).ok());
  DocQuery query{"serials", std::nullopt, "1975/", "", 1000};
  EXPECT_EQ(ListKeys(query), (std::vector<std::string>{"1975/a", "1975/b", "1975/c"}));
  query.after = "1975/a";
  query.limit = 1;
  EXPECT_EQ(ListKeys(query), std::vector<std::string>{"1975/b"});
  EXPECT_EQ(ListKeys(DocQuery{"serials", std::nullopt, "", "1975/c", 1000}),
            std::vector<std::string>{"1976/a"});
}

TEST_P(StoreConformanceTest, SequencesStartAtOneAndAreGaplessAndIndependentPerName) {
  EXPECT_EQ(*store_->PeekSequence("serial/1975"), 0);
  EXPECT_EQ(NextValue("serial/1975"), 1);
  EXPECT_EQ(NextValue("serial/1975"), 2);
  EXPECT_EQ(NextValue("serial/1976"), 1);
  EXPECT_EQ(NextValue("serial/1975"), 3);
  EXPECT_EQ(*store_->PeekSequence("serial/1975"), 3);
  EXPECT_EQ(*store_->PeekSequence("serial/1976"), 1);
}

TEST_P(StoreConformanceTest, ARolledBackIncrementLeavesNoGap) {
  EXPECT_EQ(NextValue("s"), 1);
  Status failed = store_->Transact([](Txn& txn) -> Status {
    CHANCERY_RETURN_IF_ERROR(txn.NextSequence("s").status());
    return Conflict("changed my mind");
  });
  EXPECT_EQ(failed, Conflict("changed my mind"));
  EXPECT_EQ(*store_->PeekSequence("s"), 1);
  EXPECT_EQ(NextValue("s"), 2);
}

TEST_P(StoreConformanceTest, ATxnSeesItsOwnWritesBeforeCommit) {
  Status status = store_->Transact([](Txn& txn) -> Status {
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(Doc("drafts", "d1", "g", "1")).status());
    CHANCERY_ASSIGN_OR_RETURN(auto row, txn.GetDoc("drafts", "d1"));
    CHANCERY_ASSIGN_OR_RETURN(auto rows, txn.ListDocs(DocQuery{"drafts", "g", "", "", 10}));
    CHANCERY_RETURN_IF_ERROR(txn.NextSequence("s").status());
    CHANCERY_ASSIGN_OR_RETURN(int64_t peek, txn.PeekSequence("s"));
    const bool seen = row.has_value() && rows.size() == 1 && peek == 1;
    return seen ? Status::Ok() : Internal("own writes not visible");
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StoreConformanceTest, TxnWriteChainsAuditWithPlainWrites) {
  WriteBatch before;
  before.audit = {Event("alice", "c1")};
  ASSERT_TRUE(store_->Write(before).ok());
  int64_t last_audit_seq = 0;
  Status status = store_->Transact([&](Txn& txn) -> Status {
    WriteBatch batch;
    batch.records = {Record("c1")};
    batch.audit = {Event("bob", "c1"), Event("bob", "c2")};
    CHANCERY_ASSIGN_OR_RETURN(WriteResult result, txn.Write(std::move(batch)));
    last_audit_seq = result.last_audit_seq;
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(last_audit_seq, 3);
  EXPECT_EQ((*store_->GetRecord("c1"))->version, 1);
  EXPECT_EQ(VerifyAudit(), 0);
}

TEST_P(StoreConformanceTest, AnInvalidTxnWriteIsRejectedAndWritesNothing) {
  Status status = store_->Transact([&](Txn& txn) -> Status {
    WriteBatch batch;
    batch.records = {Record("c1"), Record("")};
    return txn.Write(std::move(batch)).status();
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*store_->CountRecords(), 0);
}

// One fn of a group fails after writing a doc, a sequence value and an audit entry; the
// callers queued behind a slow first fn are committed in one group around it.
TEST_P(StoreConformanceTest, AFailingFnInAGroupRollsBackAloneAndTheChainHolds) {
  std::vector<Status> results = RunGroupWithOneFailure(/*callers=*/5, /*failing=*/2);
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].ok(), i != 2) << i << ": " << results[i].ToString();
  }
  EXPECT_EQ(*store_->PeekSequence("serial"), 4);
  EXPECT_FALSE(store_->GetDoc("caller", "2")->has_value());
  EXPECT_TRUE(store_->GetDoc("caller", "3")->has_value());
  EXPECT_EQ(ListKeys(DocQuery{"caller", std::nullopt, "", "", 100}).size(), 4U);
  EXPECT_EQ(store_->ReadAudit(0, 100)->size(), 4U);
  EXPECT_EQ(VerifyAudit(), 0);
}

TEST_P(StoreConformanceTest, EightThreadsOfTransactsTakeGaplessUniqueValues) {
  constexpr int kThreads = 8;
  constexpr int kCalls = 200;
  constexpr size_t kTotal = size_t{kThreads} * size_t{kCalls};
  std::vector<std::vector<int64_t>> taken = TakeValuesConcurrently(kThreads, kCalls);
  std::set<int64_t> unique;
  for (const std::vector<int64_t>& values : taken) {
    unique.insert(values.begin(), values.end());
  }
  EXPECT_EQ(unique.size(), kTotal);
  EXPECT_EQ(*unique.begin(), 1);
  EXPECT_EQ(*unique.rbegin(), static_cast<int64_t>(kTotal));
  EXPECT_EQ(*store_->PeekSequence("serial"), static_cast<int64_t>(kTotal));
  EXPECT_EQ(ListKeys(DocQuery{"taken", std::nullopt, "", "", 5000}).size(), kTotal);
}

TEST_P(StoreConformanceTest, DocsAndSequencesSurviveReopening) {
  ASSERT_TRUE(PutDoc(Doc("drafts", "d1", "g", "s", "body")).ok());
  ASSERT_EQ(NextValue("serial"), 1);
  Open(/*create=*/false);
  EXPECT_EQ((*store_->GetDoc("drafts", "d1"))->body, "body");
  EXPECT_EQ(*store_->PeekSequence("serial"), 1);
  EXPECT_EQ(NextValue("serial"), 2);
}

TEST_P(StoreConformanceTest, AProcessCrashDurabilityBatchIsReadableAfterReopening) {
  WriteBatch batch;
  batch.records = {Record("c1")};
  batch.audit = {Event("alice", "c1")};
  batch.durability = Durability::kProcessCrash;
  ASSERT_TRUE(store_->Write(batch).ok());
  Open(/*create=*/false);
  EXPECT_TRUE(store_->GetRecord("c1")->has_value());
  EXPECT_EQ(store_->ReadAudit(0, 10)->size(), 1U);
  EXPECT_EQ(VerifyAudit(), 0);
}

}  // namespace
}  // namespace chancery::store
