// The tamper-evident audit log's entries (docs/format/audit-log.md): their canonical bytes, the
// hash chain over them, and the Ed25519 key that signs checkpoints of the Merkle tree built over
// them (tlog.h, checkpoint.h). Uses libsodium. Pure functions and a small Signer; the store
// persists entries, this module defines and checks them. Thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "chancery/base/result.h"
#include "chancery/model/audit_event.h"

namespace chancery::audit {

// The canonical byte encoding of an entry (every field but `hash`, length-prefixed), as hashed.
std::string CanonicalBytes(const model::AuditEvent& event);
// hex(SHA-256(CanonicalBytes(event))). REQUIRES: seq and prev_hash already set.
std::string HashEvent(const model::AuditEvent& event);
// The entry's leaf in the Merkle tree: SHA-256(0x00 || CanonicalBytes(event)) as raw bytes.
// REQUIRES: seq and prev_hash already set.
std::string LeafHash(const model::AuditEvent& event);

// Incremental verifier: feed entries in stored order.
class ChainVerifier {
 public:
  // Checks entry n: seq == previous seq + 1 (first is 1), prev_hash == previous hash, and
  // hash == HashEvent(entry). Returns kCorruption "audit entry <seq>: <what>" for the first bad
  // entry; after an error, further calls return the same error.
  Status Add(const model::AuditEvent& event);

  // Continues a chain whose first `size` entries are checked elsewhere (moved out of the store,
  // docs/format/audit-log.md §14) and whose last hash is `head_hash`. REQUIRES: nothing added.
  void Resume(int64_t size, std::string head_hash) {
    size_ = size;
    head_hash_ = std::move(head_hash);
  }

  int64_t size() const { return size_; }

  const std::string& head_hash() const { return head_hash_; }

 private:
  int64_t size_ = 0;
  std::string head_hash_;
  Status error_;
};

// An Ed25519 key pair kept in a file beside the store (mode 0600).
class Signer {
 public:
  // Loads the key from `path`, creating it if absent. Errors: kIoError, kCorruption.
  static Result<Signer> LoadOrCreate(const std::string& path);
  // Loads an existing key. Errors: kNotFound, kIoError, kCorruption.
  static Result<Signer> Load(const std::string& path);
  // hex Ed25519 signature of `message` (checkpoint.h and signing.h build on it).
  std::string SignRaw(std::string_view message) const;

  const std::string& public_key_hex() const { return public_key_hex_; }

 private:
  std::string secret_key_;  // raw bytes
  std::string public_key_hex_;
};

}  // namespace chancery::audit
