// PgConn: one libpq connection, and the result rows of its queries. Parameters and results are
// text (PQexecParams); every query is one round trip. Not thread-safe: PgStore hands each
// connection to one thread at a time (docs/store.md "PostgreSQL").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"

struct pg_conn;
struct pg_result;

namespace chancery::store::internal {

// The rows of one query. Cells are text; Int parses a bigint column.
class PgRows {
 public:
  PgRows() = default;
  explicit PgRows(pg_result* result);
  PgRows(PgRows&& other) noexcept;
  PgRows& operator=(PgRows&& other) noexcept;
  PgRows(const PgRows&) = delete;
  PgRows& operator=(const PgRows&) = delete;
  ~PgRows();

  int size() const;

  bool empty() const { return size() == 0; }

  std::string Text(int row, int column) const;
  int64_t Int(int row, int column) const;
  bool IsNull(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  int64_t Affected() const;

 private:
  pg_result* result_ = nullptr;
};

// A query parameter: text, or SQL NULL.
using PgParam = std::optional<std::string>;

inline PgParam P(std::string_view text) {
  return std::string(text);
}

inline PgParam P(int64_t value) {
  return std::to_string(value);
}

class PgConn {
 public:
  // Connects to `url` (a libpq connection URI or key=value string). `label` names the server in
  // errors without the password (RedactUrl). Errors: kNotFound (the database does not exist),
  // kPermissionDenied (authentication failed), kUnavailable (unreachable or refusing).
  static Result<std::unique_ptr<PgConn>> Connect(const std::string& url, const std::string& label);

  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn();

  // Runs one statement. Errors map SQLSTATE classes to codes: connection loss and serialization
  // or deadlock failures kUnavailable; unique violations kConflict; invalid text kInvalidArgument;
  // anything else kIoError. Each error names the label and the statement's first words.
  Result<PgRows> Query(std::string_view sql, const std::vector<PgParam>& params = {});
  Status Exec(std::string_view sql, const std::vector<PgParam>& params = {});
  // One bigint from the first row's first column (0 if there is no row or it is NULL).
  Result<int64_t> QueryInt(std::string_view sql, const std::vector<PgParam>& params = {});

  // True once the connection has failed (the server went away): the owner replaces it.
  bool Broken() const;
  // True while a transaction block is open (or failed and not yet rolled back).
  bool InTransaction() const;

  const std::string& label() const { return label_; }

 private:
  PgConn(pg_conn* conn, std::string label) : conn_(conn), label_(std::move(label)) {}

  pg_conn* conn_;
  std::string label_;
};

// `url` with any password replaced by "***" (for error messages and logs).
std::string RedactUrl(std::string_view url);

}  // namespace chancery::store::internal
