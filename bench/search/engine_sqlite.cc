// SQLite FTS5: one table (title, body indexed; id, days and facets UNINDEXED), tokenizer
// 'porter unicode61', top-10 by bm25(), exact totals by count(*), facets by GROUP BY.
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "corpus.h"
#include "engine.h"

namespace chancery::bench {
namespace {

constexpr size_t kCommitEvery = 10000;

class SqliteEngine final : public Engine {
 public:
  explicit SqliteEngine(std::string path) : path_(std::move(path)) {}

  ~SqliteEngine() override {
    for (sqlite3* db : clients_) {
      sqlite3_close(db);
    }
    sqlite3_close(writer_);
  }

  std::string Name() const override { return "fts5"; }

  Status Ingest(const std::vector<model::Cable>& docs) override;
  Status Finish() override;

  Status Reopen() override { return Status::Ok(); }  // OpenClients opens the file

  Status OpenClients(int threads) override;
  Result<SearchOutcome> Search(const Query& query, int thread, int mode) override;

  Result<uint64_t> SizeOnDisk(bool) override { return DirectoryBytes(path_); }

 private:
  Status Exec(sqlite3* db, const std::string& sql);

  Status Error(sqlite3* db, const std::string& what) {
    return Internal("sqlite " + what + " in " + path_ + ": " + sqlite3_errmsg(db));
  }

  Status Open();

  std::string path_;
  sqlite3* writer_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  size_t pending_ = 0;
  std::vector<sqlite3*> clients_;
};

// FTS5 query syntax: each word quoted (implicit AND); a phrase stays one quoted string.
std::string ToFts5(const Query& query) {
  if (query.text.starts_with('"')) {
    return query.text;
  }
  std::string out;
  for (const std::string& word : Words(query.text)) {
    out += (out.empty() ? "\"" : " \"") + word + "\"";
  }
  return out;
}

std::string DateClause(const Query& query) {
  std::string clause;
  if (query.from_day.has_value()) {
    clause += " AND to_day >= " + std::to_string(*query.from_day);
  }
  if (query.to_day.has_value()) {
    clause += " AND from_day <= " + std::to_string(*query.to_day);
  }
  return clause;
}

Status SqliteEngine::Exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(db, "exec '" + sql.substr(0, 40) + "'");
  }
  return Status::Ok();
}

Status SqliteEngine::Open() {
  if (sqlite3_open(path_.c_str(), &writer_) != SQLITE_OK) {
    return Error(writer_, "open");
  }
  CHANCERY_RETURN_IF_ERROR(Exec(writer_, "PRAGMA journal_mode=WAL"));
  CHANCERY_RETURN_IF_ERROR(Exec(
      writer_,
      "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, from_day UNINDEXED, "
      "to_day UNINDEXED, f0 UNINDEXED, f1 UNINDEXED, f2 UNINDEXED, f3 UNINDEXED, f4 UNINDEXED, "
      "tokenize='porter unicode61')"));
  const char* sql = "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?)";
  if (sqlite3_prepare_v2(writer_, sql, -1, &insert_, nullptr) != SQLITE_OK) {
    return Error(writer_, "prepare insert");
  }
  return Exec(writer_, "BEGIN");
}

Status SqliteEngine::Ingest(const std::vector<model::Cable>& docs) {
  if (writer_ == nullptr) {
    CHANCERY_RETURN_IF_ERROR(Open());
  }
  for (const model::Cable& cable : docs) {
    const DocFields fields = Fields(cable);
    sqlite3_bind_text(insert_, 1, fields.id.data(), static_cast<int>(fields.id.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 2, fields.title.data(), static_cast<int>(fields.title.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 3, fields.body.data(), static_cast<int>(fields.body.size()),
                      SQLITE_TRANSIENT);
    if (fields.from_day.has_value()) {
      sqlite3_bind_int(insert_, 4, *fields.from_day);
      sqlite3_bind_int(insert_, 5, *fields.to_day);
    } else {
      sqlite3_bind_null(insert_, 4);
      sqlite3_bind_null(insert_, 5);
    }
    for (int f = 0; f < kFacetCount; ++f) {
      sqlite3_bind_text(insert_, 6 + f, fields.facets[f].data(),
                        static_cast<int>(fields.facets[f].size()), SQLITE_TRANSIENT);
    }
    if (sqlite3_step(insert_) != SQLITE_DONE) {
      return Error(writer_, "insert " + fields.id);
    }
    sqlite3_reset(insert_);
    if (++pending_ == kCommitEvery) {
      CHANCERY_RETURN_IF_ERROR(Exec(writer_, "COMMIT; BEGIN"));
      pending_ = 0;
    }
  }
  return Status::Ok();
}

Status SqliteEngine::Finish() {
  CHANCERY_RETURN_IF_ERROR(Exec(writer_, "COMMIT"));
  sqlite3_finalize(insert_);
  insert_ = nullptr;
  // Merge the FTS5 segments, as a production deployment would after a bulk load.
  CHANCERY_RETURN_IF_ERROR(Exec(writer_, "INSERT INTO docs(docs) VALUES('optimize')"));
  return Exec(writer_, "PRAGMA wal_checkpoint(TRUNCATE)");
}

Status SqliteEngine::OpenClients(int threads) {
  for (int t = static_cast<int>(clients_.size()); t < threads; ++t) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      return Error(db, "open reader");
    }
    clients_.push_back(db);
  }
  return Status::Ok();
}

// Runs `sql` with `match` bound to ?1 and calls `row` for each result row.
template <typename Fn>
Status RunQuery(sqlite3* db, const std::string& sql, const std::string& match, Fn row) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Internal(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
  }
  sqlite3_bind_text(stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    row(stmt);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    return Internal(std::string("sqlite query '") + match + "': " + sqlite3_errmsg(db));
  }
  return Status::Ok();
}

Result<SearchOutcome> SqliteEngine::Search(const Query& query, int thread, int) {
  sqlite3* db = clients_[static_cast<size_t>(thread)];
  const std::string match = ToFts5(query);
  const std::string where = "docs MATCH ?1" + DateClause(query);
  SearchOutcome outcome;
  CHANCERY_RETURN_IF_ERROR(RunQuery(
      db, "SELECT id FROM docs WHERE " + where + " ORDER BY bm25(docs) LIMIT 10", match,
      [&](sqlite3_stmt* stmt) {
        outcome.ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
      }));
  CHANCERY_RETURN_IF_ERROR(
      RunQuery(db, "SELECT count(*) FROM docs WHERE " + where, match, [&](sqlite3_stmt* stmt) {
        outcome.total = static_cast<uint64_t>(sqlite3_column_int64(stmt, 0));
      }));
  if (query.facets) {
    std::string sql =
        "WITH m AS MATERIALIZED (SELECT f0, f1, f2, f3, f4 FROM docs WHERE " + where + ") ";
    for (int f = 0; f < kFacetCount; ++f) {
      const std::string col(1, static_cast<char>('0' + f));
      sql.append(f == 0 ? "SELECT " : " UNION ALL SELECT ");
      sql.append("f").append(col).append(", count(*) FROM m GROUP BY f").append(col);
    }
    CHANCERY_RETURN_IF_ERROR(
        RunQuery(db, sql, match, [&](sqlite3_stmt*) { ++outcome.facet_values; }));
  }
  return outcome;
}

}  // namespace

Result<std::unique_ptr<Engine>> MakeSqliteEngine(const std::string& work_dir) {
  return std::unique_ptr<Engine>(std::make_unique<SqliteEngine>(work_dir + "/fts5.db"));
}

}  // namespace chancery::bench
