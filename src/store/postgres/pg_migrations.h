// Schema migrations of the PostgreSQL store (docs/store.md "PostgreSQL").
#pragma once

#include <cstdint>

#include "chancery/base/status.h"

#include "store/postgres/pg_conn.h"

namespace chancery::store::internal {

// The schema version this build writes: the number of the last PostgreSQL migration.
int64_t LatestPgSchemaVersion();

// Brings the store in the connection's current schema up to `target` (LatestPgSchemaVersion()
// unless a test asks for an older one), each migration in its own transaction, all under a
// session advisory lock so that nodes starting together migrate once. An empty schema is
// initialized only with `create`. Errors: kNotFound (no store here and not `create`),
// kCorruption (the schema holds tables that are not a Chancery store's, or a schema version newer
// than this build's), kUnavailable, kIoError.
Status MigratePg(PgConn& conn, bool create, int64_t target);

}  // namespace chancery::store::internal
