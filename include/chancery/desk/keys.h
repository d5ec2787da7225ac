// KeyRing: the users' Ed25519 signing keys and their registration (docs/desk.md "Keys"). Private
// keys are files in a key directory (one per user, 0600, the directory 0700); public keys are
// registered in the store (collection "desk.public-key", body = the hex key) and each
// registration, or change of key, is appended to the audit chain as `key.register` (target = the
// user, decision "ok: ed25519 <hex key>"), whose seq is kept beside the key so that a proof bundle
// can say where its signer's key is registered (docs/format/proof.md §6.1).
//
// Used by the desk (approvals, releases) and the archive (publication signatures). A KeyRing
// borrows the store; it holds no other state and is as thread-safe as the store.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "chancery/audit/audit_log.h"
#include "chancery/base/result.h"
#include "chancery/model/audit_event.h"
#include "chancery/store/store.h"

namespace chancery::desk {

// A user's registered public key and the audit entry that registered it.
struct KeyInfo {
  std::string user;
  std::string public_key_hex;
  // seq of the `key.register` entry for this key; 0 when the key was registered before
  // registrations were audited and has not signed since.
  int64_t audit_seq = 0;
};

// Builds the audit event of a registration: the caller fills actor and time. The KeyRing sets
// action, target and decision.
using AuditFn = std::function<model::AuditEvent()>;

class KeyRing {
 public:
  // `store` must outlive the KeyRing. `key_dir` holds the private key files.
  KeyRing(store::Store& store, std::string key_dir);

  // The signing key of `user`, created on first use, inside `txn`. Registers its public key in
  // the store when it is absent or different, and appends a `key.register` audit entry (event
  // from `audit`) when the key has no audited registration yet; both in `txn`. Errors: kIoError
  // (key directory or file), kCorruption (unreadable key file), the store's.
  Result<audit::Signer> SignerFor(store::Txn& txn, std::string_view user, const AuditFn& audit);

  // The registered key of `user`. kNotFound "no registered key for USER".
  Result<KeyInfo> PublicKey(std::string_view user);
  static Result<KeyInfo> PublicKey(store::Store& store, std::string_view user);
  // The same inside a transaction.
  static Result<KeyInfo> PublicKeyIn(store::Txn& txn, std::string_view user);

 private:
  store::Store& store_;
  std::string key_dir_;
};

}  // namespace chancery::desk
