// Workflow collections (table docs) and gapless counters (table sequences) on one SQLite
// connection (docs/store.md "Workflow documents and sequences"). Shared by the Txn of
// Store::Transact and by the Store's own reads.
//
// Not thread-safe: REQUIRES the caller holds SqliteStore's connection mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/store/store.h"

#include "store/sqlite/sqlite_db.h"
#include "store/store_common.h"

namespace chancery::store::internal {

// The row at (collection, key), or std::nullopt. Errors: kInvalidArgument, as Db.
Result<std::optional<DocRow>> SelectDoc(Db& db, std::string_view collection, std::string_view key);

// The rows DocQuery describes, at most query.limit. Errors: kInvalidArgument (empty
// collection), as Db.
Result<std::vector<DocRow>> SelectDocs(Db& db, const DocQuery& query);

// How many rows SelectDocs would return without the limit (a group's only up to sort_until
// when that is not ""). Errors as SelectDocs.
Result<int64_t> CountDocRows(Db& db, const DocQuery& query, std::string_view sort_until);

// Inserts or replaces row (its version field is ignored) and returns the new version.
// kConflict naming collection/key and both versions when expected_version is given and differs
// from the stored version (0 = absent); nothing is written then.
// REQUIRES: a write transaction is open.
Result<int64_t> UpsertDoc(Db& db, const DocRow& row, std::optional<int64_t> expected_version);

// Deletes (collection, key) if present. REQUIRES: a write transaction is open.
Status RemoveDoc(Db& db, std::string_view collection, std::string_view key);

// Increments counter `name` (created at 1) and returns its new value.
// REQUIRES: a write transaction is open. Errors: kInvalidArgument (empty name), as Db.
Result<int64_t> IncrementSequence(Db& db, std::string_view name);

// The current value of counter `name`, 0 if it was never incremented.
Result<int64_t> SelectSequence(Db& db, std::string_view name);

}  // namespace chancery::store::internal
