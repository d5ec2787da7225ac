// Checks and encodings shared by every Store backend (SQLite, PostgreSQL).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/status.h"
#include "chancery/store/store.h"

namespace chancery::store::internal {

// Rejects a bad batch before any write (empty ids, names or keys; audit events without
// options.audit_hash) with kInvalidArgument naming the item.
Status ValidateBatch(const WriteBatch& batch, const StoreOptions& options);

// The `ids` column encoding (docs/store.md "Schema"): for each id, "<decimal length>:<bytes>".
std::string EncodeIds(const std::vector<std::string>& ids);
// Inverse of EncodeIds; false if `text` is not a valid encoding.
bool DecodeIds(std::string_view text, std::vector<std::string>* ids);

// kInvalidArgument naming the empty part when `collection` or `key` is empty.
Status ValidateDocKey(std::string_view collection, std::string_view key);

}  // namespace chancery::store::internal
