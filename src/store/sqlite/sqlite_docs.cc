// Workflow documents and sequences on SQLite (docs/store.md "Workflow documents and sequences").
#include "store/sqlite/sqlite_docs.h"

#include <algorithm>
#include <limits>
#include <string>

namespace chancery::store::internal {
namespace {

DocRow DocAt(const Stmt& stmt) {
  DocRow row;
  row.collection = stmt.ColumnText(0);
  row.key = stmt.ColumnText(1);
  row.group = stmt.ColumnText(2);
  row.sort = stmt.ColumnText(3);
  row.body = stmt.ColumnText(4);
  row.version = stmt.ColumnInt(5);
  return row;
}

Result<std::vector<DocRow>> CollectDocs(Stmt& stmt) {
  std::vector<DocRow> rows;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    rows.push_back(DocAt(stmt));
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return rows;
}

int64_t SqlLimit(size_t limit) {
  return static_cast<int64_t>(
      std::min<uint64_t>(limit, static_cast<uint64_t>(std::numeric_limits<int64_t>::max())));
}

// The smallest string greater than every string that starts with `prefix`, bytewise; nullopt
// when there is none ("" or all bytes 0xff).
std::optional<std::string> PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) {
    end.pop_back();
  }
  if (end.empty()) {
    return std::nullopt;
  }
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

Result<std::vector<DocRow>> SelectGroup(Db& db, const DocQuery& query) {
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db.Prepare("SELECT collection, key, grp, sort, body, version FROM docs "
                                       "WHERE collection = ?1 AND grp = ?2 AND sort > ?3 "
                                       "ORDER BY sort, key LIMIT ?4"));
  stmt.BindText(1, query.collection);
  stmt.BindText(2, *query.group);
  stmt.BindText(3, query.after);
  stmt.BindInt(4, SqlLimit(query.limit));
  return CollectDocs(stmt);
}

Result<std::vector<DocRow>> SelectPrefix(Db& db, const DocQuery& query) {
  const std::optional<std::string> end = PrefixEnd(query.key_prefix);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db.Prepare(end.has_value() ? "SELECT collection, key, grp, sort, body, version FROM docs "
                                   "WHERE collection = ?1 AND key > ?2 AND key >= ?3 AND key < ?4 "
                                   "ORDER BY key LIMIT ?5"
                                 : "SELECT collection, key, grp, sort, body, version FROM docs "
                                   "WHERE collection = ?1 AND key > ?2 AND key >= ?3 "
                                   "ORDER BY key LIMIT ?5"));
  stmt.BindText(1, query.collection);
  stmt.BindText(2, query.after);
  stmt.BindText(3, query.key_prefix);
  if (end.has_value()) {
    stmt.BindText(4, *end);
  }
  stmt.BindInt(5, SqlLimit(query.limit));
  return CollectDocs(stmt);
}

}  // namespace

Result<std::optional<DocRow>> SelectDoc(Db& db, std::string_view collection, std::string_view key) {
  CHANCERY_RETURN_IF_ERROR(ValidateDocKey(collection, key));
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db.Prepare("SELECT collection, key, grp, sort, body, version FROM docs "
                                       "WHERE collection = ? AND key = ?"));
  stmt.BindText(1, collection);
  stmt.BindText(2, key);
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? std::optional<DocRow>(DocAt(stmt)) : std::nullopt;
}

Result<std::vector<DocRow>> SelectDocs(Db& db, const DocQuery& query) {
  if (query.collection.empty()) {
    return InvalidArgument("doc query has an empty collection");
  }
  return query.group.has_value() ? SelectGroup(db, query) : SelectPrefix(db, query);
}

Result<int64_t> CountDocRows(Db& db, const DocQuery& query, std::string_view sort_until) {
  if (query.collection.empty()) {
    return InvalidArgument("doc query has an empty collection");
  }
  const bool grouped = query.group.has_value();
  // A copy: an empty string_view may have no data, which SQLite would bind as NULL.
  const std::string until(sort_until);
  const std::optional<std::string> end = PrefixEnd(query.key_prefix);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db.Prepare(
          grouped ? "SELECT count(*) FROM docs WHERE collection = ?1 AND grp = ?2 "
                    "AND sort > ?3 AND (?4 = '' OR sort <= ?4)"
          : end.has_value()
              ? "SELECT count(*) FROM docs WHERE collection = ?1 AND key > ?3 "
                "AND key >= ?2 AND key < ?5"
              : "SELECT count(*) FROM docs WHERE collection = ?1 AND key > ?3 AND key >= ?2"));
  stmt.BindText(1, query.collection);
  stmt.BindText(2, grouped ? *query.group : query.key_prefix);
  stmt.BindText(3, query.after);
  if (grouped) {
    stmt.BindText(4, until);
  } else if (end.has_value()) {
    stmt.BindText(5, *end);
  }
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  const int64_t n = row ? stmt.ColumnInt(0) : 0;
  CHANCERY_RETURN_IF_ERROR(stmt.Run());
  return n;
}

Result<int64_t> UpsertDoc(Db& db, const DocRow& row, std::optional<int64_t> expected_version) {
  CHANCERY_RETURN_IF_ERROR(ValidateDocKey(row.collection, row.key));
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt current, db.Prepare("SELECT version FROM docs WHERE collection = ? AND key = ?"));
  current.BindText(1, row.collection);
  current.BindText(2, row.key);
  CHANCERY_ASSIGN_OR_RETURN(bool found, current.Step());
  const int64_t stored = found ? current.ColumnInt(0) : 0;
  CHANCERY_RETURN_IF_ERROR(current.Run());
  if (expected_version.has_value() && *expected_version != stored) {
    return Conflict("doc " + row.collection + "/" + row.key + ": expected version " +
                    std::to_string(*expected_version) + ", stored version " +
                    std::to_string(stored));
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt upsert, db.Prepare("INSERT INTO docs(collection, key, grp, sort, body, version) "
                              "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(collection, key) DO UPDATE SET "
                              "grp = excluded.grp, sort = excluded.sort, body = excluded.body, "
                              "version = excluded.version"));
  upsert.BindText(1, row.collection);
  upsert.BindText(2, row.key);
  upsert.BindText(3, row.group);
  upsert.BindText(4, row.sort);
  upsert.BindText(5, row.body);
  upsert.BindInt(6, stored + 1);
  CHANCERY_RETURN_IF_ERROR(upsert.Run());
  return stored + 1;
}

Status RemoveDoc(Db& db, std::string_view collection, std::string_view key) {
  CHANCERY_RETURN_IF_ERROR(ValidateDocKey(collection, key));
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db.Prepare("DELETE FROM docs WHERE collection = ? AND key = ?"));
  stmt.BindText(1, collection);
  stmt.BindText(2, key);
  return stmt.Run();
}

Result<int64_t> IncrementSequence(Db& db, std::string_view name) {
  if (name.empty()) {
    return InvalidArgument("sequence name is empty");
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db.Prepare("INSERT INTO sequences(name, value) VALUES(?, 1) "
                            "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value"));
  stmt.BindText(1, name);
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Internal("sqlite " + db.path() + ": sequence " + std::string(name) +
                    " returned no value");
  }
  const int64_t value = stmt.ColumnInt(0);
  CHANCERY_RETURN_IF_ERROR(stmt.Run());
  return value;
}

Result<int64_t> SelectSequence(Db& db, std::string_view name) {
  if (name.empty()) {
    return InvalidArgument("sequence name is empty");
  }
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare("SELECT value FROM sequences WHERE name = ?"));
  stmt.BindText(1, name);
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

}  // namespace chancery::store::internal
