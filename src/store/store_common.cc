#include "store/store_common.h"

#include <charconv>
#include <exception>
#include <string>

namespace chancery::store::internal {

// Rejects a bad batch before any transaction starts, so a bad item writes nothing.
Status ValidateBatch(const WriteBatch& batch, const StoreOptions& options) {
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const RecordWrite& record = batch.records[i];
    if (record.id.empty()) {
      return InvalidArgument("record " + std::to_string(i) + " of the batch has an empty id");
    }
    if (record.access_class_key.empty()) {
      return InvalidArgument("record " + record.id + " has an empty access class key");
    }
  }
  for (const UserRow& user : batch.users) {
    if (user.name.empty()) {
      return InvalidArgument("a user in the batch has an empty name");
    }
  }
  for (const auto& [key, value] : batch.meta) {
    if (key.empty()) {
      return InvalidArgument("a meta entry in the batch has an empty key");
    }
  }
  if (!batch.audit.empty() && (!options.audit_hash || !options.audit_tree)) {
    return InvalidArgument(
        "audit events given but StoreOptions.audit_hash or audit_tree is not set");
  }
  return Status::Ok();
}

std::string EncodeIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    out += std::to_string(id.size());
    out += ':';
    out += id;
  }
  return out;
}

bool DecodeIds(std::string_view text, std::vector<std::string>* ids) {
  ids->clear();
  while (!text.empty()) {
    const size_t colon = text.find(':');
    size_t length = 0;
    if (colon == std::string_view::npos || colon == 0) {
      return false;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + colon, length);
    if (ec != std::errc() || end != text.data() + colon || length > text.size() - colon - 1) {
      return false;
    }
    ids->emplace_back(text.substr(colon + 1, length));
    text.remove_prefix(colon + 1 + length);
  }
  return true;
}

Status ValidateDocKey(std::string_view collection, std::string_view key) {
  if (collection.empty()) {
    return InvalidArgument("doc with key \"" + std::string(key) + "\" has an empty collection");
  }
  if (key.empty()) {
    return InvalidArgument("doc in collection " + std::string(collection) + " has an empty key");
  }
  return Status::Ok();
}

namespace {

thread_local const Store* running_store = nullptr;

}  // namespace

Status CallTransactFn(const std::function<Status(Txn&)>& fn, Txn& txn) {
  try {
    return fn(txn);
  } catch (const std::exception& e) {
    return Internal(std::string("transact callback threw: ") + e.what());
  } catch (...) {
    return Internal("transact callback threw a non-standard exception");
  }
}

RunningStoreScope::RunningStoreScope(const Store* store) : previous_(running_store) {
  running_store = store;
}

RunningStoreScope::~RunningStoreScope() {
  running_store = previous_;
}

Status CheckNotInCallback(const Store* store, const char* op, const std::string& where) {
  if (running_store == store) {
    return FailedPrecondition(std::string(op) + " on " + where +
                              " called from inside a transact callback; use its txn");
  }
  return Status::Ok();
}

}  // namespace chancery::store::internal
