// The parameterized Store conformance fixture (Xapian's backend matrix): one suite, every
// Store backend. SQLite always; PostgreSQL when CHANCERY_TEST_PG_DSN is set. A new backend adds
// one entry to Backends() in store_conformance_test.cc.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/store/store.h"

#include "support/temp_dir.h"

namespace chancery::store {

struct Backend {
  std::string name;
  // Non-empty: the backend is configured but cannot run here; its tests are skipped with this.
  std::string skip_reason;
  // Opens the store kept under `dir` (a fresh directory per test), creating it if `create`.
  std::function<Result<std::unique_ptr<Store>>(const std::string& dir, bool create)> open;
  // Removes what `open` made outside `dir` (a PostgreSQL database), if anything.
  std::function<void(const std::string& dir)> drop;
};

// Every backend to run the suite on (store_conformance_test.cc).
std::vector<Backend> Backends();

// Names the parameter in gtest output instead of dumping its bytes.
inline void PrintTo(const Backend& backend, std::ostream* os) {
  *os << backend.name;
}

class StoreConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (!GetParam().skip_reason.empty()) {
      GTEST_SKIP() << GetParam().skip_reason;
    }
    Open(/*create=*/true);
  }

  void TearDown() override {
    store_.reset();
    if (GetParam().drop) {
      GetParam().drop(dir_.path());
    }
  }

  void Open(bool create) {
    store_.reset();
    auto opened = GetParam().open(dir_.path(), create);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }

  static RecordWrite Record(const std::string& id, const std::string& access_class = "U",
                            const std::string& serial = "") {
    return RecordWrite{id, "{\"id\":\"" + id + "\"}", access_class, serial};
  }

  static model::AuditEvent Event(const std::string& actor, const std::string& target) {
    model::AuditEvent event;
    event.time_micros = 1700000000000000;
    event.actor = actor;
    event.action = "show";
    event.target = target;
    event.decision = "allow";
    event.ids = {target};
    return event;
  }

  // Writes the records; returns their versions.
  std::vector<int64_t> Put(std::vector<RecordWrite> records) {
    WriteBatch batch;
    batch.records = std::move(records);
    auto written = store_->Write(std::move(batch));
    EXPECT_TRUE(written.ok()) << written.status().ToString();
    return written.ok() ? written->versions : std::vector<int64_t>();
  }

  std::vector<std::string> ScanIds(const std::string& after, size_t limit) {
    std::vector<std::string> ids;
    Status status = store_->ScanRecords(after, limit, [&](const StoredRecord& record) {
      ids.push_back(record.id);
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return ids;
  }

  // 0 when the stored audit log verifies, else the position of the first bad entry.
  int64_t VerifyAudit() {
    auto events = store_->ReadAudit(0, SIZE_MAX);
    EXPECT_TRUE(events.ok());
    audit::ChainVerifier verifier;
    for (const model::AuditEvent& event : *events) {
      if (!verifier.Add(event).ok()) {
        return verifier.size() + 1;
      }
    }
    return 0;
  }

  static DocRow Doc(const std::string& collection, const std::string& key,
                    const std::string& group = "", const std::string& sort = "",
                    const std::string& body = "{}") {
    return DocRow{collection, key, group, sort, body, 0};
  }

  // Puts `row` in a Transact of its own; returns its new version or the error.
  Result<int64_t> PutDoc(const DocRow& row, std::optional<int64_t> expected = std::nullopt) {
    int64_t version = 0;
    Status status = store_->Transact([&](Txn& txn) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(version, txn.PutDoc(row, expected));
      return Status::Ok();
    });
    if (!status.ok()) {
      return status;
    }
    return version;
  }

  // Takes the next value of sequence `name` in a Transact of its own; 0 on error.
  int64_t NextValue(const std::string& name) {
    int64_t value = 0;
    Status status = store_->Transact([&](Txn& txn) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(value, txn.NextSequence(name));
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return value;
  }

  // The keys of the rows the store's ListDocs returns for `query`.
  std::vector<std::string> ListKeys(const DocQuery& query) {
    auto rows = store_->ListDocs(query);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> keys;
    for (const DocRow& row : rows.ok() ? *rows : std::vector<DocRow>()) {
      keys.push_back(row.key);
    }
    return keys;
  }

  // Runs `callers` Transact calls on as many threads. Caller 0's fn waits until every other
  // caller is about to call Transact and then lingers 50 ms, so that the others queue up and are
  // committed as one group. Caller i takes a "serial" value, puts doc ("caller", i) and appends
  // an audit event; caller `failing` then returns kConflict. Returns each caller's status.
  std::vector<Status> RunGroupWithOneFailure(int callers, int failing) {
    std::vector<Status> results(static_cast<size_t>(callers));
    std::atomic<bool> leader_inside{false};
    std::atomic<int> ready{0};
    auto body = [&](int i, Txn& txn) -> Status {
      if (i == 0) {
        leader_inside = true;
        while (ready.load() < callers - 1) {
          std::this_thread::yield();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      CHANCERY_RETURN_IF_ERROR(txn.NextSequence("serial").status());
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(Doc("caller", std::to_string(i))).status());
      WriteBatch batch;
      batch.audit = {Event("caller" + std::to_string(i), std::to_string(i))};
      CHANCERY_RETURN_IF_ERROR(txn.Write(std::move(batch)).status());
      return i == failing ? Conflict("caller " + std::to_string(i) + " fails") : Status::Ok();
    };
    std::vector<std::thread> threads;
    threads.reserve(results.size());
    for (int i = 0; i < callers; ++i) {
      threads.emplace_back([&, i] {
        while (i != 0 && !leader_inside.load()) {
          std::this_thread::yield();
        }
        ++ready;
        results[static_cast<size_t>(i)] = store_->Transact([&](Txn& txn) { return body(i, txn); });
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    return results;
  }

  // `threads` threads each make `calls` Transact calls that take the next "serial" value and
  // put doc ("taken", value). Returns the values each thread was acknowledged.
  std::vector<std::vector<int64_t>> TakeValuesConcurrently(int threads, int calls) {
    std::vector<std::vector<int64_t>> taken(static_cast<size_t>(threads));
    std::vector<std::thread> workers;
    workers.reserve(taken.size());
    for (size_t t = 0; t < taken.size(); ++t) {
      workers.emplace_back([&, t] {
        for (int i = 0; i < calls; ++i) {
          int64_t value = 0;
          Status status = store_->Transact([&](Txn& txn) -> Status {
            CHANCERY_ASSIGN_OR_RETURN(value, txn.NextSequence("serial"));
            return txn.PutDoc(Doc("taken", std::to_string(value))).status();
          });
          EXPECT_TRUE(status.ok()) << status.ToString();
          taken[t].push_back(value);
        }
      });
    }
    for (std::thread& worker : workers) {
      worker.join();
    }
    return taken;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace chancery::store
