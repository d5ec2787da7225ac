#include "support/pg_test.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

namespace chancery::testing {

std::optional<std::string> PgBaseUrl() {
  if (const char* dsn = std::getenv("CHANCERY_TEST_PG_DSN"); dsn != nullptr && *dsn != '\0') {
    return std::string(dsn);
  }
  const char* file = std::getenv("CHANCERY_TEST_PG_URL_FILE");
  if (file == nullptr || *file == '\0') {
    return std::nullopt;
  }
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    ADD_FAILURE() << "CHANCERY_TEST_PG_URL_FILE=" << file
                  << " names no URL: did the pg_cluster_start fixture run?";
    return std::nullopt;
  }
  return url;
}

std::string PgUrlFor(const std::string& base, const std::string& database) {
  const size_t slash = base.rfind('/');
  return base.substr(0, slash + 1) + database;
}

std::string PgDatabaseName(const std::string& seed) {
  std::ostringstream name;
  name << "t" << getpid() << "_" << std::hex << std::hash<std::string>()(seed);
  return name.str();
}

Status DropPgDatabase(const std::string& base, const std::string& database) {
  PGconn* conn = PQconnectdb(PgUrlFor(base, "postgres").c_str());
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    return Unavailable("drop " + database + ": " + error);
  }
  const std::string sql = "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)";
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string error = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  return ok ? Status::Ok() : IoError("drop " + database + ": " + error);
}

Result<std::string> PgQuery(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    return Unavailable(url + ": " + error);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  Result<std::string> out = std::string();
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    out = IoError(sql + ": " + PQresultErrorMessage(result));
  } else if (PQntuples(result) > 0) {
    out = std::string(PQgetvalue(result, 0, 0));
  }
  PQclear(result);
  PQfinish(conn);
  return out;
}

}  // namespace chancery::testing
