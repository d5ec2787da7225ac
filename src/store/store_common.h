// Checks and encodings shared by every Store backend (SQLite, PostgreSQL).
#pragma once

#include <functional>
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

// Calls a Transact callback, turning an escaping exception into kInternal (our callers' code
// should not throw, but one that does must not leave the group's other callers waiting).
Status CallTransactFn(const std::function<Status(Txn&)>& fn, Txn& txn);

// Marks this thread as running `store`'s Transact callbacks for the object's lifetime (restoring
// the previous mark: a callback may use a second store). A callback that calls back into that
// store would wait for the connection its own thread holds; CheckNotInCallback catches it.
class RunningStoreScope {
 public:
  explicit RunningStoreScope(const Store* store);
  ~RunningStoreScope();
  RunningStoreScope(const RunningStoreScope&) = delete;
  RunningStoreScope& operator=(const RunningStoreScope&) = delete;

 private:
  const Store* previous_;
};

// kFailedPrecondition "<op> on <where> called from inside a transact callback; use its txn" when
// this thread is running `store`'s callbacks.
Status CheckNotInCallback(const Store* store, const char* op, const std::string& where);

}  // namespace chancery::store::internal
