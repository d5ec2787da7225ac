// The tests' throw-away PostgreSQL cluster (ctest fixture "pg", scripts/pg-test-cluster): where
// it is, and databases of one's own on it.
#pragma once

#include <optional>
#include <string>

#include "chancery/base/result.h"

namespace chancery::testing {

// The cluster's base URL (database `chancery`) from CHANCERY_TEST_PG_URL_FILE, or
// CHANCERY_TEST_PG_DSN itself; std::nullopt when neither is set (not run under ctest).
// Fails the calling test (ADD_FAILURE) when the file is named but unreadable.
std::optional<std::string> PgBaseUrl();

// `base` with its database replaced by `database`.
std::string PgUrlFor(const std::string& base, const std::string& database);

// A database name unique to this process and `seed` (e.g. a test's temp directory).
std::string PgDatabaseName(const std::string& seed);

// Drops `database` on the cluster of `base`, disconnecting its sessions.
Status DropPgDatabase(const std::string& base, const std::string& database);

// Runs `sql` (one or more statements, no parameters) on its own connection to `url` and returns
// the first row's first column ("" when there is none). For tests that act on the server
// behind the store's back.
Result<std::string> PgQuery(const std::string& url, const std::string& sql);

}  // namespace chancery::testing
