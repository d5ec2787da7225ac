#include "store/postgres/pg_conn.h"

#include <charconv>
#include <cstring>

#include <libpq-fe.h>

namespace chancery::store::internal {
namespace {

// The first few words of a statement, for error messages.
std::string Head(std::string_view sql) {
  std::string head(sql.substr(0, 60));
  for (char& c : head) {
    if (c == '\n') {
      c = ' ';
    }
  }
  return sql.size() > 60 ? head + "..." : head;
}

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

Status ErrorFor(const PGresult* result, pg_conn* conn, const std::string& label,
                std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state != nullptr ? state : "";
  std::string detail =
      Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  if (detail.empty()) {
    detail = Trimmed(PQerrorMessage(conn));
  }
  const std::string message = "postgresql " + label + ": " + detail + " (in: " + Head(sql) + ")";
  if (PQstatus(conn) == CONNECTION_BAD || code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0) {
    return Unavailable(message + "; the connection to the server was lost");
  }
  if (code == "40001" || code == "40P01" || code == "55P03") {
    return Unavailable(message);
  }
  if (code == "23505") {
    return Conflict(message);
  }
  if (code.rfind("22", 0) == 0) {
    return InvalidArgument(message);
  }
  return IoError(message);
}

}  // namespace

PgRows::PgRows(pg_result* result) : result_(result) {}

PgRows::PgRows(PgRows&& other) noexcept : result_(other.result_) {
  other.result_ = nullptr;
}

PgRows& PgRows::operator=(PgRows&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

PgRows::~PgRows() {
  PQclear(result_);
}

int PgRows::size() const {
  return result_ != nullptr ? PQntuples(result_) : 0;
}

std::string PgRows::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

int64_t PgRows::Int(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

bool PgRows::IsNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

int64_t PgRows::Affected() const {
  const char* text = result_ != nullptr ? PQcmdTuples(result_) : "";
  int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

Result<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& url, const std::string& label) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) {
    return Unavailable("postgresql " + label + ": out of memory connecting");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string detail = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    const std::string message = "postgresql " + label + ": cannot connect: " + detail;
    if (detail.find("does not exist") != std::string::npos &&
        detail.find("database") != std::string::npos) {
      return NotFound(message);
    }
    if (detail.find("authentication failed") != std::string::npos ||
        detail.find("password") != std::string::npos) {
      return PermissionDenied(message);
    }
    return Unavailable(message);
  }
  // Quiet NOTICEs (e.g. "relation already exists, skipping") instead of printing them to stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConn>(new PgConn(conn, label));
}

PgConn::~PgConn() {
  PQfinish(conn_);
}

Result<PgRows> PgConn::Query(std::string_view sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& param : params) {
    values.push_back(param.has_value() ? param->c_str() : nullptr);
  }
  const std::string text(sql);
  // Without parameters the simple protocol runs it, which allows several statements (migrations).
  PGresult* result = params.empty()
                         ? PQexec(conn_, text.c_str())
                         : PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()),
                                        nullptr, values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Status error = ErrorFor(result, conn_, label_, sql);
    PQclear(result);
    return error;
  }
  return PgRows(result);
}

Status PgConn::Exec(std::string_view sql, const std::vector<PgParam>& params) {
  return Query(sql, params).status();
}

Result<int64_t> PgConn::QueryInt(std::string_view sql, const std::vector<PgParam>& params) {
  CHANCERY_ASSIGN_OR_RETURN(PgRows rows, Query(sql, params));
  if (rows.empty() || rows.IsNull(0, 0)) {
    return int64_t{0};
  }
  return rows.Int(0, 0);
}

bool PgConn::Broken() const {
  return PQstatus(conn_) != CONNECTION_OK;
}

bool PgConn::InTransaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // postgresql://user:password@host/...: hide what lies between the user's ':' and '@'.
  const size_t scheme = out.find("://");
  const size_t at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    const size_t colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // key=value form: password=...
  const size_t password = out.find("password=");
  if (password != std::string::npos) {
    const size_t end = out.find_first_of(" &", password);
    out.replace(password + 9, end == std::string::npos ? std::string::npos : end - password - 9,
                "***");
  }
  return out;
}

}  // namespace chancery::store::internal
