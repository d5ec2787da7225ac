// PostgreSQL 15: one table with a stored to_tsvector('english', title || body) column and a GIN
// index on it (built after the bulk COPY), top-10 by ts_rank_cd, exact totals by count(*),
// facets by GROUP BY over the matches. Queries go through websearch_to_tsquery('english', ...).
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "corpus.h"
#include "engine.h"
#include "pg_server.h"

namespace chancery::bench {
namespace {

void AppendCopyField(std::string_view value, std::string* out) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\r':
        out->append("\\r");
        break;
      default:
        out->push_back(c);
    }
  }
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

class PostgresEngine final : public Engine {
 public:
  explicit PostgresEngine(std::string dir) : dir_(std::move(dir)) {}

  ~PostgresEngine() override {
    for (PGconn* conn : clients_) {
      PQfinish(conn);
    }
    PQfinish(writer_);
  }

  std::string Name() const override { return "postgres"; }

  // Creates the cluster and starts the server (not part of the ingest time).
  Status Start() { return server_.Start(dir_); }

  Status Ingest(const std::vector<model::Cable>& docs) override;
  Status Finish() override;
  Status OpenClients(int threads) override;
  Result<SearchOutcome> Search(const Query& query, int thread, int mode) override;
  Result<uint64_t> SizeOnDisk(bool index_only) override;

  uint64_t HelperPeakRssKib() override { return server_.PeakRssKib(); }

  Status Shutdown() override;

 private:
  Status Exec(PGconn* conn, const std::string& sql);
  Result<PGconn*> Connect();
  // Runs `sql` with $1 = `param`; calls `row(result, i)` for each row.
  template <typename Fn>
  Status Run(PGconn* conn, const std::string& sql, const std::string& param, Fn row);

  std::string dir_;
  PgServer server_;
  PGconn* writer_ = nullptr;
  std::vector<PGconn*> clients_;
};

Result<PGconn*> PostgresEngine::Connect() {
  PGconn* conn = PQconnectdb(server_.ConnInfo().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Unavailable("pg connect: " + message);
  }
  // Queries whose words are all English stop words draw a NOTICE per execution; they simply
  // match nothing, which the report shows in the mean totals.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return conn;
}

Status PostgresEngine::Exec(PGconn* conn, const std::string& sql) {
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  std::string message = PQresultErrorMessage(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN) {
    return Internal("pg '" + sql.substr(0, 60) + "': " + message);
  }
  return Status::Ok();
}

template <typename Fn>
Status PostgresEngine::Run(PGconn* conn, const std::string& sql, const std::string& param, Fn row) {
  const char* values[] = {param.c_str()};
  PGresult* result = PQexecParams(conn, sql.c_str(), 1, nullptr, values, nullptr, nullptr, 0);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    return Internal("pg query '" + param + "': " + message);
  }
  for (int i = 0; i < PQntuples(result); ++i) {
    row(result, i);
  }
  PQclear(result);
  return Status::Ok();
}

Status PostgresEngine::Ingest(const std::vector<model::Cable>& docs) {
  if (writer_ == nullptr) {
    CHANCERY_ASSIGN_OR_RETURN(writer_, Connect());
    CHANCERY_RETURN_IF_ERROR(
        Exec(writer_,
             "CREATE TABLE docs (id text PRIMARY KEY, title text, body text, from_day int, "
             "to_day int, f0 text, f1 text, f2 text, f3 text, f4 text, tsv tsvector GENERATED "
             "ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(body, ''))) "
             "STORED)"));
  }
  CHANCERY_RETURN_IF_ERROR(Exec(writer_,
                                "COPY docs (id, title, body, from_day, to_day, f0, f1, "
                                "f2, f3, f4) FROM STDIN"));
  std::string buffer;
  for (const model::Cable& cable : docs) {
    const DocFields fields = Fields(cable);
    AppendCopyField(fields.id, &buffer);
    buffer.push_back('\t');
    AppendCopyField(fields.title, &buffer);
    buffer.push_back('\t');
    AppendCopyField(fields.body, &buffer);
    if (fields.from_day.has_value()) {
      buffer.push_back('\t');
      buffer.append(std::to_string(*fields.from_day));
      buffer.push_back('\t');
      buffer.append(std::to_string(*fields.to_day));
    } else {
      buffer.append("\t\\N\t\\N");
    }
    for (const std::string& facet : fields.facets) {
      buffer.push_back('\t');
      AppendCopyField(facet, &buffer);
    }
    buffer.push_back('\n');
    if (buffer.size() > (1 << 20)) {
      if (PQputCopyData(writer_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        return Internal(std::string("pg copy: ") + PQerrorMessage(writer_));
      }
      buffer.clear();
    }
  }
  if (PQputCopyData(writer_, buffer.data(), static_cast<int>(buffer.size())) != 1 ||
      PQputCopyEnd(writer_, nullptr) != 1) {
    return Internal(std::string("pg copy: ") + PQerrorMessage(writer_));
  }
  PGresult* result = PQgetResult(writer_);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string message = PQresultErrorMessage(result);
  PQclear(result);
  while ((result = PQgetResult(writer_)) != nullptr) {
    PQclear(result);
  }
  return ok ? Status::Ok() : Internal("pg copy: " + message);
}

Status PostgresEngine::Finish() {
  CHANCERY_RETURN_IF_ERROR(Exec(writer_, "CREATE INDEX docs_tsv ON docs USING GIN (tsv)"));
  CHANCERY_RETURN_IF_ERROR(Exec(writer_, "VACUUM ANALYZE docs"));
  return Exec(writer_, "CHECKPOINT");
}

Status PostgresEngine::OpenClients(int threads) {
  for (int t = static_cast<int>(clients_.size()); t < threads; ++t) {
    CHANCERY_ASSIGN_OR_RETURN(PGconn * conn, Connect());
    clients_.push_back(conn);
  }
  return Status::Ok();
}

Result<SearchOutcome> PostgresEngine::Search(const Query& query, int thread, int) {
  PGconn* conn = clients_[static_cast<size_t>(thread)];
  const std::string where = " WHERE tsv @@ q" + DateClause(query);
  const std::string from = " FROM docs, websearch_to_tsquery('english', $1) q";
  SearchOutcome outcome;
  CHANCERY_RETURN_IF_ERROR(Run(
      conn, "SELECT id" + from + where + " ORDER BY ts_rank_cd(tsv, q) DESC LIMIT 10", query.text,
      [&](PGresult* result, int i) { outcome.ids.emplace_back(PQgetvalue(result, i, 0)); }));
  CHANCERY_RETURN_IF_ERROR(
      Run(conn, "SELECT count(*)" + from + where, query.text, [&](PGresult* result, int i) {
        outcome.total = std::strtoull(PQgetvalue(result, i, 0), nullptr, 10);
      }));
  if (query.facets) {
    std::string sql = "WITH m AS MATERIALIZED (SELECT f0, f1, f2, f3, f4" + from + where + ") ";
    for (int f = 0; f < kFacetCount; ++f) {
      const std::string col(1, static_cast<char>('0' + f));
      sql.append(f == 0 ? "SELECT " : " UNION ALL SELECT ");
      sql.append("f").append(col).append(", count(*) FROM m GROUP BY f").append(col);
    }
    CHANCERY_RETURN_IF_ERROR(
        Run(conn, sql, query.text, [&](PGresult*, int) { ++outcome.facet_values; }));
  }
  return outcome;
}

Result<uint64_t> PostgresEngine::SizeOnDisk(bool) {
  uint64_t bytes = 0;
  CHANCERY_RETURN_IF_ERROR(Run(writer_, "SELECT pg_total_relation_size($1::regclass)", "docs",
                               [&](PGresult* result, int i) {
                                 bytes = std::strtoull(PQgetvalue(result, i, 0), nullptr, 10);
                               }));
  return bytes;
}

Status PostgresEngine::Shutdown() {
  for (PGconn* conn : clients_) {
    PQfinish(conn);
  }
  clients_.clear();
  PQfinish(writer_);
  writer_ = nullptr;
  return server_.Stop();
}

}  // namespace

Result<std::unique_ptr<Engine>> MakePostgresEngine(const std::string& work_dir) {
  auto engine = std::make_unique<PostgresEngine>(work_dir + "/pg");
  CHANCERY_RETURN_IF_ERROR(engine->Start());
  return std::unique_ptr<Engine>(std::move(engine));
}

}  // namespace chancery::bench
