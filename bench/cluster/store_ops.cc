// Part 1: the Store interface's operations, per operation, on SQLite (synchronous=FULL) and on
// PostgreSQL (durable cluster), each timed in passes of a fixed number of calls; the passes of
// the two backends alternate and repeat (Env::reps), and the median pass is reported.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/store/store.h"

#include "cluster.h"
#include "parts.h"

namespace chancery::bench {

namespace {

constexpr int kBatch = 500;

std::string RecordId(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "1975STATE%07lld", static_cast<long long>(n));
  return buf;
}

// About the size of a short cable in docs/format/json.md form, as bench/store_bench.cc writes.
std::string Payload(int64_t n) {
  return "{\"id\":\"" + std::to_string(n) + "\",\"body\":\"" + std::string(2000, 'x') + "\"}";
}

model::AuditEvent Event(int64_t n, const char* action) {
  return model::AuditEvent{0, n, "admin:bench", action, RecordId(n), "ok", {}, "", ""};
}

struct Fixture {
  std::unique_ptr<store::Store> store;
  int64_t next_record = 0;  // records written so far
  int64_t next_doc = 0;
  std::mt19937 rng{7};
};

Status WriteRecords(Fixture& f, int count) {
  store::WriteBatch batch;
  for (int i = 0; i < count; ++i, ++f.next_record) {
    batch.records.push_back(store::RecordWrite{RecordId(f.next_record), Payload(f.next_record),
                                               f.next_record % 3 == 0 ? "S//NOFORN" : "U", ""});
  }
  batch.audit.push_back(Event(f.next_record, "import"));
  return f.store->Write(std::move(batch)).status();
}

Fixture Open(const Env& env, Backend backend) {
  std::filesystem::create_directories(env.dir + "/store_ops");
  store::StoreOptions options;
  options.path = StoreLocation(env, backend, "store_ops");
  options.create_if_missing = true;
  options.synchronous_full = true;
  options.audit_hash = audit::HashEvent;
  options.audit_tree = audit::StoredHashesForEvent;
  Fixture f;
  f.store = Must(store::OpenStore(options), "open store");
  for (int b = 0; b < env.store_records / kBatch; ++b) {
    Must(WriteRecords(f, kBatch), "prefill");
  }
  return f;
}

int64_t Uniform(Fixture& f, int64_t below) {
  return std::uniform_int_distribution<int64_t>(0, below - 1)(f.rng);
}

store::DocRow Doc(Fixture& f) {
  const int64_t n = f.next_doc++;
  return store::DocRow{
      "bench",           "doc-" + std::to_string(n),          "office-" + std::to_string(n % 100),
      std::to_string(n), "{\"n\":" + std::to_string(n) + "}", 0};
}

struct Op {
  const char* name;
  const char* unit;    // "ms" or "µs" per operation
  int calls;           // of `call` per timed pass
  int items_per_call;  // for the rate column: records or rows per operation; 0: no rate
  std::function<void(Fixture&)> call;
  int ops_per_call = 1;  // operations one `call` makes
};

// The read operations, and the bulk write they read back.
std::vector<Op> ReadOps() {
  std::vector<Op> ops;
  ops.push_back({"Write: 500 records (2 KB) + 1 audit entry", "ms", 2, kBatch,
                 [](Fixture& f) { Must(WriteRecords(f, kBatch), "write batch"); }});
  ops.push_back({"GetRecord (2 KB payload)", "µs", 2000, 1, [](Fixture& f) {
                   auto r = f.store->GetRecord(RecordId(Uniform(f, f.next_record)));
                   Must(r.status(), "get");
                 }});
  ops.push_back({"GetRecordMeta", "µs", 2000, 1, [](Fixture& f) {
                   Must(f.store->GetRecordMeta(RecordId(Uniform(f, f.next_record))).status(),
                        "meta");
                 }});
  ops.push_back({"ScanRecords: page of 100", "µs", 200, 100, [](Fixture& f) {
                   const std::string after = RecordId(Uniform(f, f.next_record - 100));
                   Must(f.store->ScanRecords(
                            after, 100, [](const store::StoredRecord&) { return Status::Ok(); }),
                        "scan");
                 }});
  ops.push_back(
      {"ScanRecords: every record (what an index rebuild reads)", "ms", 1, 0, [](Fixture& f) {
         Must(f.store->ScanRecords("", SIZE_MAX,
                                   [](const store::StoredRecord&) { return Status::Ok(); }),
              "scan all");
       }});
  ops.push_back({"ChangesSince: page of 100", "µs", 1000, 100, [](Fixture& f) {
                   Must(f.store->ChangesSince(Uniform(f, f.next_record - 100), 100).status(),
                        "changes");
                 }});
  ops.push_back({"LastChangeSeq", "µs", 2000, 1,
                 [](Fixture& f) { Must(f.store->LastChangeSeq().status(), "last seq"); }});
  return ops;
}

// 100 Transact calls from 4 threads, group-committed.
void TransactFromFourThreads(Fixture& f) {
  std::vector<store::DocRow> rows;
  for (int i = 0; i < 100; ++i) {
    rows.push_back(Doc(f));
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 100; i += 4) {
        Must(f.store->Transact([&](store::Txn& txn) {
          CHANCERY_RETURN_IF_ERROR(txn.NextSequence("bench").status());
          return txn.PutDoc(rows[static_cast<size_t>(i)]).status();
        }),
             "transact 4 threads");
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
}

// The write operations: durable commits, one at a time and group-committed.
void AddWriteOps(std::vector<Op>& ops) {
  ops.push_back({"Transact: NextSequence + PutDoc", "ms", 100, 1, [](Fixture& f) {
                   store::DocRow row = Doc(f);
                   Must(f.store->Transact([&](store::Txn& txn) {
                     CHANCERY_RETURN_IF_ERROR(txn.NextSequence("bench").status());
                     return txn.PutDoc(row).status();
                   }),
                        "transact");
                 }});
  ops.push_back(
      {"Transact: NextSequence + 200 PutDoc (a release's size)", "ms", 10, 200, [](Fixture& f) {
         std::vector<store::DocRow> rows;
         for (int i = 0; i < 200; ++i) {
           rows.push_back(Doc(f));
         }
         Must(f.store->Transact([&](store::Txn& txn) {
           CHANCERY_RETURN_IF_ERROR(txn.NextSequence("bench").status());
           for (const store::DocRow& row : rows) {
             CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
           }
           return Status::Ok();
         }),
              "transact 200");
       }});
  ops.push_back({"Transact: NextSequence + PutDoc, 4 threads (per call)", "ms", 1, 1,
                 TransactFromFourThreads, 100});
  ops.push_back({"Write: 1 audit entry (an audited action, durable)", "ms", 100, 1, [](Fixture& f) {
                   store::WriteBatch batch;
                   batch.audit.push_back(Event(f.next_doc++, "show"));
                   Must(f.store->Write(std::move(batch)).status(), "audit");
                 }});
  ops.push_back({"Write: 1 audit entry, kProcessCrash (a search's)", "ms", 200, 1, [](Fixture& f) {
                   store::WriteBatch batch;
                   batch.audit.push_back(Event(f.next_doc++, "search"));
                   batch.durability = store::Durability::kProcessCrash;
                   Must(f.store->Write(std::move(batch)).status(), "audit");
                 }});
}

}  // namespace

void RunStoreOps(const Env& env) {
  std::printf(
      "### 1. Store operations (per call, %d records written first; median of %d passes)\n\n",
      env.store_records, env.reps);
  Fixture fixtures[2] = {Open(env, Backend::kSqlite), Open(env, Backend::kPostgres)};
  std::vector<Op> ops = ReadOps();
  AddWriteOps(ops);
  // samples[op][backend] = per-call time of each pass, in the op's unit.
  std::vector<std::vector<std::vector<double>>> samples(ops.size(),
                                                        std::vector<std::vector<double>>(2));
  for (int rep = 0; rep < env.reps; ++rep) {
    for (size_t o = 0; o < ops.size(); ++o) {
      for (int k = 0; k < 2; ++k) {
        const int b = (rep + k) % 2;  // alternate which backend goes first
        Fixture& f = fixtures[b];
        const auto start = Clock::now();
        for (int i = 0; i < ops[o].calls; ++i) {
          ops[o].call(f);
        }
        const double scale = std::string(ops[o].unit) == "ms" ? 1e3 : 1e6;
        samples[o][static_cast<size_t>(b)].push_back(Seconds(start) * scale /
                                                     (ops[o].calls * ops[o].ops_per_call));
      }
    }
  }
  std::printf(
      "| operation | SQLite | PostgreSQL | PostgreSQL / SQLite | SQLite items/s | PostgreSQL "
      "items/s |\n|---|---:|---:|---:|---:|---:|\n");
  for (size_t o = 0; o < ops.size(); ++o) {
    const double s = Median(samples[o][0]);
    const double p = Median(samples[o][1]);
    const double scale = std::string(ops[o].unit) == "ms" ? 1e3 : 1e6;
    if (ops[o].items_per_call == 0) {
      std::printf("| %s | %.3g %s | %.3g %s | %.2f | | |\n", ops[o].name, s, ops[o].unit, p,
                  ops[o].unit, p / s);
      continue;
    }
    std::printf("| %s | %.3g %s | %.3g %s | %.2f | %.0f | %.0f |\n", ops[o].name, s, ops[o].unit, p,
                ops[o].unit, p / s, ops[o].items_per_call * scale / s,
                ops[o].items_per_call * scale / p);
  }
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace chancery::bench
