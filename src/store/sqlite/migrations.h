// Schema migrations of the SQLite store (docs/store.md "Schema" and "Migrations").
#pragma once

#include <cstdint>

#include "chancery/base/status.h"

#include "store/sqlite/sqlite_db.h"

namespace chancery::store::internal {

// PRAGMA application_id of every Chancery store ("CHNC").
inline constexpr int64_t kChanceryApplicationId = 0x43484E43;

// The schema version this build writes: the number of the last migration.
int64_t LatestSchemaVersion();

// Brings the database up to LatestSchemaVersion() in one transaction; an empty database is
// initialized first. Safe against another process migrating the same file at the same time.
// Errors: kCorruption (not a Chancery store, or a schema newer than this build), kIoError,
// kUnavailable.
Status Migrate(Db& db);

}  // namespace chancery::store::internal
