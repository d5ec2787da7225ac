// The audit log's Merkle tree (docs/format/audit-log.md §8): RFC 6962 / RFC 9162 hashing, with
// the tree kept as "stored hashes" in the layout of Go's golang.org/x/mod/sumdb/tlog, so that
// every complete subtree's hash is written once, when its last leaf is appended, and never
// changes. From the stored hashes, the tree hash of any size and the inclusion and consistency
// proofs of RFC 9162 §2.1.3-§2.1.4 take O(log n) reads. Independent verifiers (Go's sumdb/tlog,
// tests/interop/) check what these functions produce.
//
// Pure functions over a HashReader that the caller backs with storage (the store's audit_hashes
// table). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/audit_event.h"

namespace chancery::audit {

// A SHA-256 value.
using Hash = std::array<uint8_t, 32>;

// Reads stored hashes by index (StoredHashIndex); returns them in the order asked. kNotFound or
// kCorruption when one is missing.
using HashReader = std::function<Result<std::vector<Hash>>(const std::vector<int64_t>& indexes)>;

// RFC 6962 §2.1: leaf hash SHA-256(0x00 || data) and interior hash SHA-256(0x01 || l || r).
Hash RecordHash(std::string_view data);
Hash NodeHash(const Hash& left, const Hash& right);
// SHA-256 of nothing: the RFC 6962 hash of the empty tree.
Hash EmptyTreeHash();

// Where the hash of the subtree at `level` (0 = leaves) with index `n` within that level is
// stored (Go tlog.StoredHashIndex). REQUIRES: level >= 0, n >= 0.
int64_t StoredHashIndex(int level, int64_t n);
// How many stored hashes a tree of n leaves has (Go tlog.StoredHashCount).
int64_t StoredHashCount(int64_t n);
// The stored hashes that appending leaf `n` (0-based, with hash `leaf`) adds, in index order
// starting at StoredHashCount(n): the leaf hash, then the hash of each subtree it completes.
Result<std::vector<Hash>> StoredHashesForLeaf(int64_t n, const Hash& leaf, const HashReader& r);

// The RFC 6962 tree hash of the first n leaves (EmptyTreeHash() for n == 0).
Result<Hash> TreeHash(int64_t n, const HashReader& r);

// The inclusion proof of leaf `n` in the tree of size `t` (RFC 9162 §2.1.3.1; Go
// tlog.ProveRecord). kInvalidArgument unless 0 <= n < t.
Result<std::vector<Hash>> ProveLeaf(int64_t t, int64_t n, const HashReader& r);
// OK iff `proof` shows leaf `n` with hash `leaf` in the tree of size `t` with hash `tree`;
// kCorruption "inclusion proof does not verify" otherwise.
Status CheckLeaf(const std::vector<Hash>& proof, int64_t t, const Hash& tree, int64_t n,
                 const Hash& leaf);

// The consistency proof that the tree of size `n` is a prefix of the tree of size `t` (RFC 9162
// §2.1.4.1; Go tlog.ProveTree). kInvalidArgument unless 1 <= n <= t.
Result<std::vector<Hash>> ProveTree(int64_t t, int64_t n, const HashReader& r);
// OK iff `proof` shows that the tree of size `n` with hash `old_tree` is a prefix of the tree of
// size `t` with hash `tree`; kCorruption "consistency proof does not verify" otherwise.
Status CheckTree(const std::vector<Hash>& proof, int64_t t, const Hash& tree, int64_t n,
                 const Hash& old_tree);

// Standard base64 (RFC 4648 §4, with padding) of a hash, and its inverse (false unless exactly
// 32 bytes).
std::string HashToBase64(const Hash& hash);
bool HashFromBase64(std::string_view text, Hash* hash);
std::string HashToHex(const Hash& hash);

// The store's hook (store::StoreOptions::audit_tree): the stored hashes, as (index, lower-case
// hex), that appending `event` (leaf event.seq - 1, leaf hash LeafHash(event)) adds to the tree,
// reading older hashes through `read` (hex, by index).
Result<std::vector<std::pair<int64_t, std::string>>> StoredHashesForEvent(
    const model::AuditEvent& event,
    const std::function<Result<std::vector<std::string>>(const std::vector<int64_t>&)>& read);
// A HashReader over hex hashes read by `read`; kCorruption for a value that is not 64 hex digits.
HashReader HexHashReader(
    std::function<Result<std::vector<std::string>>(const std::vector<int64_t>&)> read);

// Folds leaves into tree hashes without storage: used by the verifier, which recomputes every
// leaf from the entries. Root() after n Add() calls is TreeHash(n).
class CompactRange {
 public:
  // Adds the next leaf. With `stored`, appends the hashes this leaf adds to the stored tree, in
  // StoredHashIndex order from StoredHashCount(size()): the leaf, then each subtree it completes
  // (what StoredHashesForLeaf gives, without reading anything).
  void Add(const Hash& leaf, std::vector<Hash>* stored = nullptr);
  Hash Root() const;

  int64_t size() const { return size_; }

 private:
  int64_t size_ = 0;
  std::vector<Hash> stack_;  // perfect subtrees, largest first
};

}  // namespace chancery::audit
