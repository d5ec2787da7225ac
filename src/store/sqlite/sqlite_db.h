// Db: one SQLite connection with a cache of prepared statements, and Stmt, a borrowed cached
// statement. Translates SQLite result codes into Status (docs/store.md "Errors").
//
// Not thread-safe: SqliteStore serializes all use of a Db with its mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "chancery/base/result.h"

namespace chancery::store::internal {

class Db;

// A prepared statement borrowed from Db's cache. Bind errors are remembered and reported by the
// next Step(). Resets the statement and clears its bindings when it goes away.
// REQUIRES: the Db outlives the Stmt.
class Stmt {
 public:
  Stmt(sqlite3_stmt* stmt, const Db* db) : stmt_(stmt), db_(db) {}

  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQLite.
  void BindText(int index, std::string_view text);
  void BindInt(int index, int64_t value);

  // Advances: true when a row is available, false when the statement is done.
  Result<bool> Step();
  // Steps a statement that returns no rows.
  Status Run();

  int64_t ColumnInt(int index) const;
  std::string ColumnText(int index) const;

 private:
  sqlite3_stmt* stmt_;
  const Db* db_;
  Status bind_error_;
};

class Db {
 public:
  // Opens `path` read-write (creating it when `create`), sets busy_timeout, WAL, foreign_keys
  // and synchronous. A file path (not ":memory:" or a "file:" URI) is created with mode 0600
  // whatever the umask, so SQLite's -wal and -shm files are 0600 too, and an existing store's
  // files are set back to 0600 if they are not (best effort). Errors: kNotFound (missing and
  // !create), kCorruption (not a database), kIoError.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, bool create,
                                          bool synchronous_full);
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Runs one or more statements that return no rows.
  Status Exec(const char* sql);

  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  int64_t Changes() const { return sqlite3_changes64(handle_); }

  // Returns the cached statement for `sql`, preparing it on first use.
  Result<Stmt> Prepare(const char* sql);

  // BEGIN IMMEDIATE, retried while another connection holds the write lock, for at most the
  // busy timeout. kUnavailable when the lock could not be had in time.
  Status BeginImmediate();
  Status Commit();
  // Rolls back the open transaction, if any. Never fails.
  void Rollback();

  // True while a transaction is open (false again after COMMIT, ROLLBACK, or an error that made
  // SQLite roll the transaction back by itself).
  bool InTransaction() const { return sqlite3_get_autocommit(handle_) == 0; }

  // The Status for SQLite result code `rc` during `op`, naming the file.
  Status Error(int rc, std::string_view op) const;

  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* handle, std::string path) : handle_(handle), path_(std::move(path)) {}

  Status Configure(bool synchronous_full);

  sqlite3* handle_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// How long a writer waits for another connection's write lock (docs/store.md "Concurrency").
inline constexpr int kBusyTimeoutMillis = 10000;

}  // namespace chancery::store::internal
