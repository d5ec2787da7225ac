// Workflow documents and gapless counters on PostgreSQL (docs/store.md "Workflow documents and
// sequences"); the same contracts as sqlite_docs.h.
#include <algorithm>
#include <limits>
#include <string>

#include "store/postgres/pg_store.h"
#include "store/store_common.h"

namespace chancery::store::internal {
namespace {

constexpr const char* kDocColumns = "SELECT collection, key, grp, sort, body, version FROM docs ";

PgParam Limit(size_t limit) {
  return P(static_cast<int64_t>(
      std::min<uint64_t>(limit, static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))));
}

std::vector<DocRow> DocsOf(const PgRows& rows) {
  std::vector<DocRow> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(DocRow{rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3),
                         rows.Text(i, 4), rows.Int(i, 5)});
  }
  return out;
}

}  // namespace

Result<std::optional<DocRow>> PgSelectDoc(PgConn& conn, std::string_view collection,
                                          std::string_view key) {
  CHANCERY_RETURN_IF_ERROR(ValidateDocKey(collection, key));
  CHANCERY_ASSIGN_OR_RETURN(
      PgRows rows, conn.Query(std::string(kDocColumns) + "WHERE collection = $1 AND key = $2",
                              {P(collection), P(key)}));
  std::vector<DocRow> docs = DocsOf(rows);
  if (docs.empty()) {
    return std::optional<DocRow>();
  }
  return std::optional<DocRow>(std::move(docs.front()));
}

Result<std::vector<DocRow>> PgSelectDocs(PgConn& conn, const DocQuery& query) {
  if (query.collection.empty()) {
    return InvalidArgument("doc query has an empty collection");
  }
  if (query.group.has_value()) {
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows rows,
        conn.Query(std::string(kDocColumns) + "WHERE collection = $1 AND grp = $2 AND sort > $3 "
                                              "ORDER BY sort, key LIMIT $4",
                   {P(query.collection), P(*query.group), P(query.after), Limit(query.limit)}));
    return DocsOf(rows);
  }
  // starts_with() keeps the prefix test exact for any bytes; key >= prefix bounds the index scan.
  CHANCERY_ASSIGN_OR_RETURN(
      PgRows rows,
      conn.Query(std::string(kDocColumns) +
                     "WHERE collection = $1 AND key > $2 AND key >= $3 AND starts_with(key, $3) "
                     "ORDER BY key LIMIT $4",
                 {P(query.collection), P(query.after), P(query.key_prefix), Limit(query.limit)}));
  return DocsOf(rows);
}

Result<int64_t> PgCountDocs(PgConn& conn, const DocQuery& query, std::string_view sort_until) {
  if (query.collection.empty()) {
    return InvalidArgument("doc query has an empty collection");
  }
  if (query.group.has_value()) {
    return conn.QueryInt(
        "SELECT count(*) FROM docs WHERE collection = $1 AND grp = $2 AND sort > $3 "
        "AND ($4 = '' OR sort <= $4)",
        {P(query.collection), P(*query.group), P(query.after), P(sort_until)});
  }
  return conn.QueryInt(
      "SELECT count(*) FROM docs WHERE collection = $1 AND key > $2 AND key >= $3 "
      "AND starts_with(key, $3)",
      {P(query.collection), P(query.after), P(query.key_prefix)});
}

Result<int64_t> PgUpsertDoc(PgConn& conn, const DocRow& row,
                            std::optional<int64_t> expected_version) {
  CHANCERY_RETURN_IF_ERROR(ValidateDocKey(row.collection, row.key));
  if (!expected_version.has_value()) {
    // One round trip when no version is expected.
    return conn.QueryInt(
        "INSERT INTO docs(collection, key, grp, sort, body, version) VALUES($1, $2, $3, $4, $5, 1) "
        "ON CONFLICT(collection, key) DO UPDATE SET grp = excluded.grp, sort = excluded.sort, "
        "body = excluded.body, version = docs.version + 1 RETURNING version",
        {P(row.collection), P(row.key), P(row.group), P(row.sort), P(row.body)});
  }
  // FOR UPDATE: the row stays ours until commit (writers are serialized anyway; see pg_store.h).
  CHANCERY_ASSIGN_OR_RETURN(
      int64_t stored,
      conn.QueryInt("SELECT version FROM docs WHERE collection = $1 AND key = $2 FOR UPDATE",
                    {P(row.collection), P(row.key)}));
  if (expected_version.has_value() && *expected_version != stored) {
    return Conflict("doc " + row.collection + "/" + row.key + ": expected version " +
                    std::to_string(*expected_version) + ", stored version " +
                    std::to_string(stored));
  }
  CHANCERY_RETURN_IF_ERROR(conn.Exec(
      "INSERT INTO docs(collection, key, grp, sort, body, version) VALUES($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT(collection, key) DO UPDATE SET grp = excluded.grp, sort = excluded.sort, "
      "body = excluded.body, version = excluded.version",
      {P(row.collection), P(row.key), P(row.group), P(row.sort), P(row.body), P(stored + 1)}));
  return stored + 1;
}

Status PgRemoveDoc(PgConn& conn, std::string_view collection, std::string_view key) {
  CHANCERY_RETURN_IF_ERROR(ValidateDocKey(collection, key));
  return conn.Exec("DELETE FROM docs WHERE collection = $1 AND key = $2", {P(collection), P(key)});
}

Result<int64_t> PgNextSequence(PgConn& conn, std::string_view name) {
  if (name.empty()) {
    return InvalidArgument("sequence name is empty");
  }
  // A row, not a PostgreSQL SEQUENCE: nextval() is not transactional and would leave gaps.
  return conn.QueryInt(
      "INSERT INTO sequences(name, value) VALUES($1, 1) "
      "ON CONFLICT(name) DO UPDATE SET value = sequences.value + 1 RETURNING value",
      {P(name)});
}

Result<int64_t> PgPeekSequence(PgConn& conn, std::string_view name) {
  if (name.empty()) {
    return InvalidArgument("sequence name is empty");
  }
  return conn.QueryInt("SELECT value FROM sequences WHERE name = $1", {P(name)});
}

}  // namespace chancery::store::internal
