#include "store/sqlite/sqlite_db.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chancery::store::internal {
namespace {

// SQLite names like ":memory:" and "file:" URIs are not plain paths; they are left alone.
bool IsPlainPath(const std::string& path) {
  return path != ":memory:" && path.rfind("file:", 0) != 0;
}

// Creates the database file with mode 0600 whatever the umask (SQLite creates the -wal and -shm
// files with the database file's mode, so they are 0600 too). An existing file is left alone.
Status CreateOwnerOnly(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::Ok();
    }
    return IoError("cannot create store " + path + ": " + std::strerror(errno));
  }
  const bool chmodded = ::fchmod(fd, 0600) == 0;
  const int saved = errno;
  ::close(fd);
  if (!chmodded) {
    return IoError("cannot restrict store " + path + " to its owner: " + std::strerror(saved));
  }
  return Status::Ok();
}

// Repairs the modes of a store made before files were created owner-only: the database and its
// SQLite side files become 0600. Best effort: a file owned by someone else stays as it is.
void RestrictToOwner(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const std::string file = path + suffix;

    struct stat st {};

    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 07777) != 0600) {
      (void)::chmod(file.c_str(), 0600);
    }
  }
}

}  // namespace

Stmt::Stmt(Stmt&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(other.db_),
      bind_error_(std::move(other.bind_error_)) {}

Stmt::~Stmt() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Stmt::BindText(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so `text` need not outlive the call.
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_.ok()) {
    bind_error_ = db_->Error(rc, "bind");
  }
}

void Stmt::BindInt(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_.ok()) {
    bind_error_ = db_->Error(rc, "bind");
  }
}

Result<bool> Stmt::Step() {
  if (!bind_error_.ok()) {
    return bind_error_;
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return db_->Error(rc, "query");
}

Status Stmt::Run() {
  CHANCERY_ASSIGN_OR_RETURN(bool row, Step());
  while (row) {
    CHANCERY_ASSIGN_OR_RETURN(row, Step());
  }
  return Status::Ok();
}

int64_t Stmt::ColumnInt(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string Stmt::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr || size <= 0) {
    return {};
  }
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(size)};
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool create, bool synchronous_full) {
  if (path.empty()) {
    return InvalidArgument("store path is empty");
  }
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    return NotFound("store not found: " + path);
  }
  if (IsPlainPath(path)) {
    if (create) {
      CHANCERY_RETURN_IF_ERROR(CreateOwnerOnly(path));
    }
    RestrictToOwner(path);
  }
  sqlite3* handle = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  std::unique_ptr<Db> db(new Db(handle, path));  // owns `handle` even when rc != SQLITE_OK
  if (rc != SQLITE_OK) {
    return db->Error(rc, "open");
  }
  sqlite3_extended_result_codes(handle, 1);
  CHANCERY_RETURN_IF_ERROR(db->Configure(synchronous_full));
  return db;
}

Status Db::Configure(bool synchronous_full) {
  sqlite3_busy_timeout(handle_, kBusyTimeoutMillis);
  // The first statement reads the file header: a file that is not a database fails here.
  CHANCERY_ASSIGN_OR_RETURN(Stmt wal, Prepare("PRAGMA journal_mode=WAL"));
  CHANCERY_ASSIGN_OR_RETURN(bool row, wal.Step());
  if (!row || wal.ColumnText(0) != "wal") {
    return IoError("sqlite " + path_ + ": cannot switch to WAL mode");
  }
  CHANCERY_RETURN_IF_ERROR(wal.Run());
  CHANCERY_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys=ON"));
  return Exec(synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

Db::~Db() {
  for (auto& [sql, stmt] : statements_) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(handle_);
}

Status Db::Exec(const char* sql) {
  const int rc = sqlite3_exec(handle_, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(rc, "exec");
}

Result<Stmt> Db::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(handle_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Error(rc, "prepare");
    }
    it = statements_.emplace(sql, stmt).first;
  }
  return Stmt(it->second, this);
}

Status Db::BeginImmediate() {
  // The busy handler already waits up to kBusyTimeoutMillis; this loop only covers the cases
  // where SQLite reports busy without consulting it (e.g. while a crashed WAL is recovered).
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMillis);
  for (;;) {
    const int rc = sqlite3_exec(handle_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) {
      return Status::Ok();
    }
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) {
      return Error(rc, "begin transaction");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Status Db::Commit() {
  return Exec("COMMIT");
}

void Db::Rollback() {
  if (sqlite3_get_autocommit(handle_) == 0) {
    sqlite3_exec(handle_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status Db::Error(int rc, std::string_view op) const {
  std::string message = "sqlite " + path_ + ": " + std::string(op) + ": ";
  message += handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(message);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Corruption(message);
    case SQLITE_TOOBIG:
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      return InvalidArgument(message);
    case SQLITE_NOMEM:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return Internal(message);
    default:
      return IoError(message);
  }
}

}  // namespace chancery::store::internal
