// KeyRing (include/chancery/desk/keys.h, docs/desk.md "Keys").
#include "chancery/desk/keys.h"

#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "chancery/base/strings.h"

namespace chancery::desk {
namespace {

constexpr std::string_view kPublicKeys = "desk.public-key";  // key user, body hex key
// key user, body {"key": hex, "seq": audit seq of its key.register entry}
constexpr std::string_view kKeyRegistrations = "desk.key-registration";

Result<int64_t> RegisteredSeq(store::Txn& txn, std::string_view user, std::string_view key) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, txn.GetDoc(kKeyRegistrations, user));
  if (!row.has_value()) {
    return int64_t{0};
  }
  const nlohmann::json j = nlohmann::json::parse(row->body, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("key") || !j.contains("seq") || !j["key"].is_string() ||
      !j["seq"].is_number_integer()) {
    return Corruption(std::string(kKeyRegistrations) + "/" + std::string(user) + ": malformed");
  }
  return j["key"].get<std::string>() == key ? j["seq"].get<int64_t>() : int64_t{0};
}

Status Register(store::Txn& txn, std::string_view user, std::string_view key,
                const AuditFn& audit) {
  store::WriteBatch batch;
  model::AuditEvent event = audit();
  event.action = "key.register";
  event.target = std::string(user);
  event.decision = "ok: ed25519 " + std::string(key);
  batch.audit.push_back(std::move(event));
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, txn.Write(std::move(batch)));
  store::DocRow row;
  row.collection = std::string(kKeyRegistrations);
  row.key = std::string(user);
  row.body = nlohmann::json{{"key", key}, {"seq", written.last_audit_seq}}.dump();
  return txn.PutDoc(row).status();
}

template <typename Reader>
Result<KeyInfo> ReadKey(Reader& reader, std::string_view user) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> key, reader.GetDoc(kPublicKeys, user));
  if (!key.has_value() || key->body.empty()) {
    return NotFound("no registered key for " + std::string(user));
  }
  KeyInfo info{std::string(user), key->body, 0};
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> reg,
                            reader.GetDoc(kKeyRegistrations, user));
  if (reg.has_value()) {
    const nlohmann::json j = nlohmann::json::parse(reg->body, nullptr, false);
    if (j.is_object() && j.value("key", "") == info.public_key_hex && j.contains("seq") &&
        j["seq"].is_number_integer()) {
      info.audit_seq = j["seq"].get<int64_t>();
    }
  }
  return info;
}

}  // namespace

KeyRing::KeyRing(store::Store& store, std::string key_dir)
    : store_(store), key_dir_(std::move(key_dir)) {}

Result<audit::Signer> KeyRing::SignerFor(store::Txn& txn, std::string_view user,
                                         const AuditFn& audit) {
  std::error_code ec;
  std::filesystem::create_directories(key_dir_, ec);
  if (ec) {
    return IoError("cannot create key directory " + key_dir_ + ": " + ec.message());
  }
  // Private keys: the folder is the owner's alone whatever the umask (and an older, looser one is
  // repaired here); the key files themselves are written 0600 by Signer.
  std::filesystem::permissions(key_dir_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) {
    return IoError("cannot restrict key directory " + key_dir_ + ": " + ec.message());
  }
  // Hex of the name: any user name maps to a distinct, portable file name.
  const std::string path = key_dir_ + "/" + HexEncode(user) + ".key";
  CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, audit::Signer::LoadOrCreate(path));
  const std::string& key = signer.public_key_hex();
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, txn.GetDoc(kPublicKeys, user));
  if (!row.has_value() || row->body != key) {
    store::DocRow key_row;
    key_row.collection = std::string(kPublicKeys);
    key_row.key = std::string(user);
    key_row.body = key;
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(key_row).status());
  }
  CHANCERY_ASSIGN_OR_RETURN(int64_t seq, RegisteredSeq(txn, user, key));
  if (seq == 0) {
    CHANCERY_RETURN_IF_ERROR(Register(txn, user, key, audit));
  }
  return signer;
}

Result<KeyInfo> KeyRing::PublicKey(std::string_view user) {
  return PublicKey(store_, user);
}

Result<KeyInfo> KeyRing::PublicKey(store::Store& store, std::string_view user) {
  return ReadKey(store, user);
}

Result<KeyInfo> KeyRing::PublicKeyIn(store::Txn& txn, std::string_view user) {
  return ReadKey(txn, user);
}

}  // namespace chancery::desk
