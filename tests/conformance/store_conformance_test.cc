// One suite, every Store backend (Xapian's backend matrix): SQLite always; PostgreSQL on the
// tests' throw-away cluster (ctest fixture "pg", or CHANCERY_TEST_PG_DSN). A new backend adds one
// entry to Backends(). Records, users, meta, change log and audit here; workflow docs, sequences
// and Transact in store_txn_conformance_test.cc.
#include "conformance/store_conformance.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/pg_test.h"

namespace chancery::store {
namespace {

Result<std::unique_ptr<Store>> OpenSqlite(const std::string& dir, bool create) {
  StoreOptions options;
  options.path = dir + "/chancery.db";
  options.create_if_missing = create;
  options.synchronous_full = false;
  options.audit_hash = audit::HashEvent;
  options.audit_tree = audit::StoredHashesForEvent;
  return OpenSqliteStore(options);
}

}  // namespace

std::vector<Backend> Backends() {
  std::vector<Backend> backends = {{"sqlite", "", OpenSqlite, nullptr}};
  // Listed always, so that ctest discovers its cases; each case finds the cluster when it runs.
  // Under ctest the fixture's URL file is named (tests/CMakeLists.txt) and a missing one fails.
  const std::optional<std::string> base = testing::PgBaseUrl();
  const std::string url = base.value_or("");
  // One database per test, named after its temp directory, dropped when it ends.
  auto open = [url](const std::string& dir, bool create) {
    StoreOptions options;
    options.path = testing::PgUrlFor(url, testing::PgDatabaseName(dir));
    options.create_if_missing = create;
    options.audit_hash = audit::HashEvent;
    options.audit_tree = audit::StoredHashesForEvent;
    return OpenPostgresStore(options);
  };
  auto drop = [url](const std::string& dir) {
    Status dropped = testing::DropPgDatabase(url, testing::PgDatabaseName(dir));
    EXPECT_TRUE(dropped.ok()) << dropped.ToString();
  };
  backends.push_back({"postgres",
                      base.has_value() ? ""
                                       : "no PostgreSQL cluster: run it under ctest "
                                         "(fixture pg) or set CHANCERY_TEST_PG_DSN",
                      open, drop});
  return backends;
}

namespace {

TEST_P(StoreConformanceTest, OpeningAMissingStoreIsNotFound) {
  testing::TempDir other;
  auto opened = GetParam().open(other.path(), /*create=*/false);
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, ANewStoreIsEmpty) {
  EXPECT_EQ(*store_->CountRecords(), 0);
  EXPECT_EQ(*store_->LastChangeSeq(), 0);
  EXPECT_TRUE(store_->ReadAudit(0, 10)->empty());
  EXPECT_FALSE(store_->GetMeta("policy")->has_value());
}

TEST_P(StoreConformanceTest, PutThenGetReturnsTheRecordAtVersionOne) {
  EXPECT_EQ(Put({Record("c1", "S//NOFORN", "1975STATE000001")}), std::vector<int64_t>{1});
  auto record = store_->GetRecord("c1");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->payload, "{\"id\":\"c1\"}");
  EXPECT_EQ((*record)->serial, "1975STATE000001");
  EXPECT_EQ((*record)->version, 1);
}

TEST_P(StoreConformanceTest, UpdatingARecordIncrementsItsVersion) {
  Put({Record("c1")});
  EXPECT_EQ(Put({Record("c1", "C"), Record("c2")}), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(Put({Record("c1")}), std::vector<int64_t>{3});
  EXPECT_EQ((*store_->GetRecord("c1"))->version, 3);
  EXPECT_EQ(*store_->CountRecords(), 2);
}

TEST_P(StoreConformanceTest, AnAbsentRecordIsNulloptNotAnError) {
  auto record = store_->GetRecord("nope");
  ASSERT_TRUE(record.ok());
  EXPECT_FALSE(record->has_value());
}

TEST_P(StoreConformanceTest, GetRecordBySerialFindsTheRecord) {
  Put({Record("c1", "U", "1975STATE000001"), Record("c2", "U", "1975MOSCOW000002")});
  EXPECT_EQ(store_->GetRecordsBySerial("1975MOSCOW000002", 10)->at(0).id, "c2");
  EXPECT_TRUE(store_->GetRecordsBySerial("1975PARIS000003", 10)->empty());
  EXPECT_TRUE(store_->GetRecordsBySerial("", 10)->empty());
}

TEST_P(StoreConformanceTest, SharedSerialReturnsEveryRecordInIdOrder) {
  Put({Record("c2", "U", "(63) B-Yin-692"), Record("c1", "U", "(63) B-Yin-692")});
  auto records = store_->GetRecordsBySerial("(63) B-Yin-692", 10);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].id, "c1");
  EXPECT_EQ((*records)[1].id, "c2");
  EXPECT_EQ(store_->GetRecordsBySerial("(63) B-Yin-692", 1)->size(), 1u);
}

TEST_P(StoreConformanceTest, ScanVisitsRecordsInIdOrderAfterTheCursor) {
  Put({Record("c3"), Record("c1"), Record("c4"), Record("c2")});
  EXPECT_EQ(ScanIds("", 100), (std::vector<std::string>{"c1", "c2", "c3", "c4"}));
  EXPECT_EQ(ScanIds("c2", 100), (std::vector<std::string>{"c3", "c4"}));
  EXPECT_EQ(ScanIds("c1", 2), (std::vector<std::string>{"c2", "c3"}));
  EXPECT_TRUE(ScanIds("c4", 100).empty());
}

TEST_P(StoreConformanceTest, ScanPagesThroughManyRecordsWithoutLossOrRepeat) {
  std::vector<RecordWrite> records;
  records.reserve(700);
  for (int i = 0; i < 700; ++i) {
    records.push_back(Record("r" + std::to_string(1000 + i)));
  }
  Put(records);
  EXPECT_EQ(ScanIds("", SIZE_MAX).size(), 700U);
  EXPECT_EQ(ScanIds("r1299", 300).front(), "r1300");
  EXPECT_EQ(ScanIds("r1299", 300).back(), "r1599");
}

TEST_P(StoreConformanceTest, ScanStopsAndReturnsTheCallbacksError) {
  Put({Record("c1"), Record("c2"), Record("c3")});
  int calls = 0;
  Status status = store_->ScanRecords(
      "", 10, [&](const StoredRecord&) { return ++calls == 2 ? Conflict("stop") : Status::Ok(); });
  EXPECT_EQ(status, Conflict("stop"));
  EXPECT_EQ(calls, 2);
}

TEST_P(StoreConformanceTest, ScanCallbackMayCallTheStore) {
  Put({Record("c1"), Record("c2")});
  Status status = store_->ScanRecords(
      "", 10, [&](const StoredRecord& record) { return store_->GetRecord(record.id).status(); });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(StoreConformanceTest, AccessClassesAreInternedOncePerKey) {
  Put({Record("c1", "S//NOFORN"), Record("c2", "U"), Record("c3", "S//NOFORN")});
  Put({Record("c4", "U")});
  auto classes = store_->AccessClasses();
  ASSERT_EQ(classes->size(), 2U);
  EXPECT_EQ((*classes)[0].key, "S//NOFORN");
  EXPECT_EQ((*store_->GetRecord("c3"))->access_class, (*classes)[0].id);
  EXPECT_EQ((*store_->GetRecord("c4"))->access_class, (*classes)[1].id);
}

TEST_P(StoreConformanceTest, AccessClassesAfterAnIdReturnsOnlyLaterClasses) {
  Put({Record("c1", "S//NOFORN"), Record("c2", "U")});
  auto all = store_->AccessClasses();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2U);
  auto later = store_->AccessClassesAfter((*all)[0].id);
  ASSERT_EQ(later->size(), 1U);
  EXPECT_EQ((*later)[0].key, "U");
  EXPECT_TRUE(store_->AccessClassesAfter((*all)[1].id)->empty());
  Put({Record("c3", "TS"), Record("c4", "U")});  // one new class, one existing
  auto fresh = store_->AccessClassesAfter((*all)[1].id);
  ASSERT_EQ(fresh->size(), 1U);
  EXPECT_EQ((*fresh)[0].key, "TS");
  EXPECT_GT((*fresh)[0].id, (*all)[1].id);
}

TEST_P(StoreConformanceTest, ChangeLogRecordsEveryPutInOrder) {
  Put({Record("c2"), Record("c1")});
  Put({Record("c2")});
  auto changes = store_->ChangesSince(0, 10);
  ASSERT_EQ(changes->size(), 3U);
  EXPECT_EQ((*changes)[0].record_id, "c2");
  EXPECT_EQ((*changes)[1].record_id, "c1");
  EXPECT_EQ((*changes)[2].record_id, "c2");
  EXPECT_EQ((*changes)[2].seq, *store_->LastChangeSeq());
  EXPECT_EQ((*changes)[2].kind, ChangeKind::kPut);
}

TEST_P(StoreConformanceTest, ChangesSincePagesFromTheCursor) {
  Put({Record("a"), Record("b"), Record("c"), Record("d"), Record("e")});
  auto first = store_->ChangesSince(0, 2);
  ASSERT_EQ(first->size(), 2U);
  auto second = store_->ChangesSince(first->back().seq, 2);
  ASSERT_EQ(second->size(), 2U);
  EXPECT_EQ((*second)[0].record_id, "c");
  EXPECT_EQ(store_->ChangesSince(*store_->LastChangeSeq(), 2)->size(), 0U);
}

TEST_P(StoreConformanceTest, UsersAreInsertedAndReplacedByName) {
  WriteBatch batch;
  batch.users = {{"bob", "{\"level\":\"S\"}", false, 5}, {"alice", "{}", true, 7}};
  ASSERT_TRUE(store_->Write(batch).ok());
  WriteBatch update;
  update.users = {{"bob", "{\"level\":\"TS\"}", true, 9}};
  ASSERT_TRUE(store_->Write(update).ok());
  EXPECT_EQ((*store_->GetUser("bob"))->clearance, "{\"level\":\"TS\"}");
  EXPECT_TRUE((*store_->GetUser("bob"))->administrator);
  EXPECT_EQ(store_->ListUsers()->front().name, "alice");
  EXPECT_FALSE(store_->GetUser("carol")->has_value());
}

TEST_P(StoreConformanceTest, MetaValuesAreSetAndReplaced) {
  WriteBatch batch;
  batch.meta = {{"policy", "v1"}, {"origin", "chancery"}};
  ASSERT_TRUE(store_->Write(batch).ok());
  batch.meta = {{"policy", "v2"}};
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_EQ(**store_->GetMeta("policy"), "v2");
  EXPECT_EQ(**store_->GetMeta("origin"), "chancery");
}

TEST_P(StoreConformanceTest, AuditEventsChainAcrossWrites) {
  for (int write = 0; write < 3; ++write) {
    WriteBatch batch;
    batch.audit = {Event("alice", "c" + std::to_string(write)), Event("bob", "q")};
    auto result = store_->Write(batch);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->last_audit_seq, 2 * (write + 1));
  }
  auto events = store_->ReadAudit(0, 100);
  ASSERT_EQ(events->size(), 6U);
  EXPECT_EQ((*events)[2].prev_hash, (*events)[1].hash);
  EXPECT_EQ((*events)[2].ids, std::vector<std::string>{"c1"});
  EXPECT_EQ(VerifyAudit(), 0);
  EXPECT_EQ(store_->ReadAudit(4, 100)->front().seq, 5);
}

TEST_P(StoreConformanceTest, AuditHeadIsTheLastEntryOrEmpty) {
  EXPECT_EQ(*store_->AuditHead(), (std::pair<int64_t, std::string>(0, "")));
  WriteBatch batch;
  batch.audit = {Event("alice", "c1"), Event("bob", "c2")};
  ASSERT_TRUE(store_->Write(batch).ok());
  auto events = store_->ReadAudit(0, 10);
  EXPECT_EQ(*store_->AuditHead(), (std::pair<int64_t, std::string>(2, (*events)[1].hash)));
}

TEST_P(StoreConformanceTest, OldAuditEntriesMoveToSegmentsButTheHeadAndTreeStay) {
  WriteBatch five;
  five.audit = {Event("a", "1"), Event("a", "2"), Event("a", "3"), Event("a", "4"),
                Event("a", "5")};
  ASSERT_TRUE(store_->Write(five).ok());
  const int64_t hashes = *store_->CountAuditHashes();
  const std::string third_hash = (*store_->ReadAudit(2, 1))[0].hash;
  WriteBatch archive;
  archive.audit = {Event("admin", "archive")};
  archive.audit_segment = AuditSegmentRow{1, 3, "audit-1-3.jsonl", "ab", third_hash, 7};
  ASSERT_TRUE(store_->Write(archive).ok());
  auto left = store_->ReadAudit(0, 100);
  ASSERT_EQ(left->size(), 3U);
  EXPECT_EQ(left->front().seq, 4);
  EXPECT_EQ(left->front().prev_hash, third_hash);
  EXPECT_EQ(store_->AuditHead()->first, 6);
  EXPECT_GT(*store_->CountAuditHashes(), hashes) << "the tree keeps every hash and grows";
  EXPECT_EQ(*store_->ListAuditSegments(),
            (std::vector<AuditSegmentRow>{{1, 3, "audit-1-3.jsonl", "ab", third_hash, 7}}));
  // A segment that does not follow the last one, reaches the head, or names missing entries
  // writes nothing, not even its batch's audit event.
  for (AuditSegmentRow bad :
       {AuditSegmentRow{5, 5, "x", "", "", 0}, AuditSegmentRow{4, 7, "x", "", "", 0},
        AuditSegmentRow{2, 4, "x", "", "", 0}, AuditSegmentRow{4, 4, "../x", "", "", 0}}) {
    WriteBatch batch;
    batch.audit = {Event("admin", "archive")};
    batch.audit_segment = bad;
    EXPECT_EQ(store_->Write(batch).status().code(), StatusCode::kFailedPrecondition)
        << bad.first << ".." << bad.last << " " << bad.file;
  }
  EXPECT_EQ(store_->AuditHead()->first, 6);
  EXPECT_EQ(store_->ListAuditSegments()->size(), 1U);
}

TEST_P(StoreConformanceTest, ABatchWithAnInvalidItemWritesNothing) {
  WriteBatch batch;
  batch.records = {Record("c1"), Record("")};
  batch.users = {{"bob", "{}", false, 1}};
  batch.audit = {Event("alice", "c1")};
  EXPECT_EQ(store_->Write(batch).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*store_->CountRecords(), 0);
  EXPECT_FALSE(store_->GetUser("bob")->has_value());
  EXPECT_TRUE(store_->ReadAudit(0, 10)->empty());
  EXPECT_TRUE(store_->AccessClasses()->empty());
}

TEST_P(StoreConformanceTest, EmptyNamesAndKeysAreInvalidArguments) {
  WriteBatch user;
  user.users = {{"", "{}", false, 1}};
  EXPECT_EQ(store_->Write(user).status().code(), StatusCode::kInvalidArgument);
  WriteBatch meta;
  meta.meta = {{"", "x"}};
  EXPECT_EQ(store_->Write(meta).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Put({}).size(), 0U);  // an empty batch is fine
}

TEST_P(StoreConformanceTest, ConcurrentWritersLoseNothingAndChainWithoutGaps) {
  constexpr int kThreads = 4;
  constexpr int kWrites = 40;
  constexpr size_t kTotal = size_t{kThreads} * size_t{kWrites};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kWrites; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        WriteBatch batch;
        batch.records = {Record(id)};
        batch.audit = {Event("writer" + std::to_string(t), id)};
        EXPECT_TRUE(store_->Write(std::move(batch)).ok());
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(*store_->CountRecords(), static_cast<int64_t>(kTotal));
  EXPECT_EQ(store_->ChangesSince(0, SIZE_MAX)->size(), kTotal);
  EXPECT_EQ(store_->ReadAudit(0, SIZE_MAX)->size(), kTotal);
  EXPECT_EQ(VerifyAudit(), 0);
}

TEST_P(StoreConformanceTest, ReopeningKeepsEverything) {
  WriteBatch batch;
  batch.records = {Record("c1", "S", "1975STATE000001")};
  batch.users = {{"bob", "{}", false, 1}};
  batch.meta = {{"policy", "v1"}};
  batch.audit = {Event("alice", "c1")};
  ASSERT_TRUE(store_->Write(batch).ok());
  Open(/*create=*/false);
  EXPECT_EQ(store_->GetRecordsBySerial("1975STATE000001", 10)->at(0).id, "c1");
  EXPECT_TRUE(store_->GetUser("bob")->has_value());
  EXPECT_EQ(**store_->GetMeta("policy"), "v1");
  EXPECT_EQ(*store_->LastChangeSeq(), 1);
  batch.records.clear();
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_EQ(VerifyAudit(), 0);
  EXPECT_EQ(store_->ReadAudit(0, 10)->size(), 2U);
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& param_info) {
  return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(Backends()),
                         BackendName);

}  // namespace
}  // namespace chancery::store
