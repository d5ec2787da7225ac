// RFC 6962 Merkle tree over stored hashes, in the layout of Go's sumdb/tlog (docs/format/
// audit-log.md §8). The recursions follow RFC 9162 §2.1.3-§2.1.4: split a range [lo, hi) at the
// largest power of two k < hi - lo.
#include "chancery/audit/tlog.h"

#include <bit>
#include <cstring>

#include <sodium.h>

#include "chancery/audit/audit_log.h"
#include "chancery/base/check.h"
#include "chancery/base/strings.h"

#include "audit/audit_internal.h"

namespace chancery::audit {
namespace {

Hash Sha256Of(std::string_view prefix, std::string_view a, std::string_view b) {
  internal::EnsureSodium();
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  auto update = [&state](std::string_view bytes) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  };
  update(prefix);
  update(a);
  update(b);
  Hash out;
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

std::string_view View(const Hash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

// The largest power of two strictly less than n, and its log2. REQUIRES: n > 1.
int64_t MaxPow2(int64_t n, int* level) {
  int l = 0;
  while ((int64_t{1} << (l + 1)) < n) {
    ++l;
  }
  if (level != nullptr) {
    *level = l;
  }
  return int64_t{1} << l;
}

// Indexes of the perfect subtrees that make up [lo, hi), largest first.
void SubTreeIndex(int64_t lo, int64_t hi, std::vector<int64_t>* need) {
  while (lo < hi) {
    int level = 0;
    const int64_t k = MaxPow2(hi - lo + 1, &level);
    CHANCERY_CHECK((lo & (k - 1)) == 0);  // Guaranteed by the split arithmetic.
    need->push_back(StoredHashIndex(level, lo >> level));
    lo += k;
  }
}

// Consumes the hashes SubTreeIndex(lo, hi) asked for (from *pos) and folds them.
Hash SubTreeHash(int64_t lo, int64_t hi, const std::vector<Hash>& hashes, size_t* pos) {
  size_t count = 0;
  for (int64_t l = lo; l < hi; ++count) {
    l += MaxPow2(hi - l + 1, nullptr);
  }
  CHANCERY_CHECK(*pos + count <= hashes.size());
  Hash h = hashes[*pos + count - 1];
  for (size_t i = count - 1; i-- > 0;) {
    h = NodeHash(hashes[*pos + i], h);
  }
  *pos += count;
  return h;
}

void LeafProofIndex(int64_t lo, int64_t hi, int64_t n, std::vector<int64_t>* need) {
  if (lo + 1 == hi) {
    return;
  }
  const int64_t k = MaxPow2(hi - lo, nullptr);
  if (n < lo + k) {
    LeafProofIndex(lo, lo + k, n, need);
    SubTreeIndex(lo + k, hi, need);
  } else {
    SubTreeIndex(lo, lo + k, need);
    LeafProofIndex(lo + k, hi, n, need);
  }
}

void LeafProof(int64_t lo, int64_t hi, int64_t n, const std::vector<Hash>& hashes, size_t* pos,
               std::vector<Hash>* proof) {
  if (lo + 1 == hi) {
    return;  // the verifier has the leaf hash
  }
  const int64_t k = MaxPow2(hi - lo, nullptr);
  Hash other;
  if (n < lo + k) {
    LeafProof(lo, lo + k, n, hashes, pos, proof);
    other = SubTreeHash(lo + k, hi, hashes, pos);
  } else {
    other = SubTreeHash(lo, lo + k, hashes, pos);
    LeafProof(lo + k, hi, n, hashes, pos, proof);
  }
  proof->push_back(other);
}

bool RunLeafProof(const std::vector<Hash>& p, size_t len, int64_t lo, int64_t hi, int64_t n,
                  const Hash& leaf, Hash* out) {
  if (lo + 1 == hi) {
    if (len != 0) {
      return false;  // no hash may be left over
    }
    *out = leaf;
    return true;
  }
  if (len == 0) {
    return false;
  }
  const int64_t k = MaxPow2(hi - lo, nullptr);
  Hash sub;
  if (n < lo + k) {
    if (!RunLeafProof(p, len - 1, lo, lo + k, n, leaf, &sub)) {
      return false;
    }
    *out = NodeHash(sub, p[len - 1]);
  } else {
    if (!RunLeafProof(p, len - 1, lo + k, hi, n, leaf, &sub)) {
      return false;
    }
    *out = NodeHash(p[len - 1], sub);
  }
  return true;
}

void TreeProofIndex(int64_t lo, int64_t hi, int64_t n, std::vector<int64_t>* need) {
  if (n == hi) {
    if (lo != 0) {
      SubTreeIndex(lo, hi, need);
    }
    return;
  }
  const int64_t k = MaxPow2(hi - lo, nullptr);
  if (n <= lo + k) {
    TreeProofIndex(lo, lo + k, n, need);
    SubTreeIndex(lo + k, hi, need);
  } else {
    SubTreeIndex(lo, lo + k, need);
    TreeProofIndex(lo + k, hi, n, need);
  }
}

void TreeProof(int64_t lo, int64_t hi, int64_t n, const std::vector<Hash>& hashes, size_t* pos,
               std::vector<Hash>* proof) {
  if (n == hi) {
    if (lo != 0) {
      proof->push_back(SubTreeHash(lo, hi, hashes, pos));
    }
    return;
  }
  const int64_t k = MaxPow2(hi - lo, nullptr);
  Hash other;
  if (n <= lo + k) {
    TreeProof(lo, lo + k, n, hashes, pos, proof);
    other = SubTreeHash(lo + k, hi, hashes, pos);
  } else {
    other = SubTreeHash(lo, lo + k, hashes, pos);
    TreeProof(lo + k, hi, n, hashes, pos, proof);
  }
  proof->push_back(other);
}

// Recomputes (old tree hash, new tree hash) of [lo, hi) from the proof's first `len` hashes.
bool RunTreeProof(const std::vector<Hash>& p, size_t len, int64_t lo, int64_t hi, int64_t n,
                  const Hash& old_tree, Hash* old_out, Hash* new_out) {
  if (n == hi) {
    if (lo == 0) {
      if (len != 0) {
        return false;
      }
      *old_out = old_tree;
      *new_out = old_tree;
      return true;
    }
    if (len != 1) {
      return false;
    }
    *old_out = p[0];
    *new_out = p[0];
    return true;
  }
  if (len == 0) {
    return false;
  }
  const int64_t k = MaxPow2(hi - lo, nullptr);
  Hash sub_old;
  Hash sub_new;
  if (n <= lo + k) {
    if (!RunTreeProof(p, len - 1, lo, lo + k, n, old_tree, &sub_old, &sub_new)) {
      return false;
    }
    *old_out = sub_old;
    *new_out = NodeHash(sub_new, p[len - 1]);
  } else {
    if (!RunTreeProof(p, len - 1, lo + k, hi, n, old_tree, &sub_old, &sub_new)) {
      return false;
    }
    *old_out = NodeHash(p[len - 1], sub_old);
    *new_out = NodeHash(p[len - 1], sub_new);
  }
  return true;
}

Result<std::vector<Hash>> ReadAll(const HashReader& r, const std::vector<int64_t>& indexes) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Hash> hashes, r(indexes));
  if (hashes.size() != indexes.size()) {
    return Corruption("audit tree: asked for " + std::to_string(indexes.size()) +
                      " stored hashes, got " + std::to_string(hashes.size()));
  }
  return hashes;
}

}  // namespace

Hash RecordHash(std::string_view data) {
  return Sha256Of(std::string_view("\x00", 1), data, {});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  return Sha256Of("\x01", View(left), View(right));
}

Hash EmptyTreeHash() {
  return Sha256Of({}, {}, {});
}

int64_t StoredHashIndex(int level, int64_t n) {
  // Level L's n'th hash is written right after level L+1's 2n+1'th hash: walk down to level 0,
  // whose n'th hash is at n + n/2 + n/4 + ..., then add back the levels.
  for (int l = level; l > 0; --l) {
    n = 2 * n + 1;
  }
  int64_t i = 0;
  for (; n > 0; n >>= 1) {
    i += n;
  }
  return i + level;
}

int64_t StoredHashCount(int64_t n) {
  if (n == 0) {
    return 0;
  }
  int64_t count = StoredHashIndex(0, n - 1) + 1;
  for (auto i = static_cast<uint64_t>(n - 1); (i & 1U) != 0; i >>= 1) {
    ++count;
  }
  return count;
}

Result<std::vector<Hash>> StoredHashesForLeaf(int64_t n, const Hash& leaf, const HashReader& r) {
  // Each trailing 1 bit of n completes a subtree, which needs the hash of its left sibling.
  const int m = std::countr_zero(static_cast<uint64_t>(n + 1));
  std::vector<int64_t> indexes(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) {
    indexes[static_cast<size_t>(m - 1 - i)] = StoredHashIndex(i, (n >> i) - 1);
  }
  std::vector<Hash> old;
  if (m > 0) {
    CHANCERY_ASSIGN_OR_RETURN(old, ReadAll(r, indexes));
  }
  std::vector<Hash> out = {leaf};
  Hash h = leaf;
  for (int i = 0; i < m; ++i) {
    h = NodeHash(old[static_cast<size_t>(m - 1 - i)], h);
    out.push_back(h);
  }
  return out;
}

Result<Hash> TreeHash(int64_t n, const HashReader& r) {
  if (n == 0) {
    return EmptyTreeHash();
  }
  std::vector<int64_t> indexes;
  SubTreeIndex(0, n, &indexes);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Hash> hashes, ReadAll(r, indexes));
  size_t pos = 0;
  return SubTreeHash(0, n, hashes, &pos);
}

Result<std::vector<Hash>> ProveLeaf(int64_t t, int64_t n, const HashReader& r) {
  if (t < 0 || n < 0 || n >= t) {
    return InvalidArgument("inclusion proof: leaf " + std::to_string(n) +
                           " is not in a tree of size " + std::to_string(t));
  }
  std::vector<int64_t> indexes;
  LeafProofIndex(0, t, n, &indexes);
  std::vector<Hash> proof;
  if (indexes.empty()) {
    return proof;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Hash> hashes, ReadAll(r, indexes));
  size_t pos = 0;
  LeafProof(0, t, n, hashes, &pos, &proof);
  return proof;
}

Status CheckLeaf(const std::vector<Hash>& proof, int64_t t, const Hash& tree, int64_t n,
                 const Hash& leaf) {
  Hash computed;
  if (t < 0 || n < 0 || n >= t || !RunLeafProof(proof, proof.size(), 0, t, n, leaf, &computed) ||
      computed != tree) {
    return Corruption("inclusion proof does not verify (leaf " + std::to_string(n) +
                      ", tree size " + std::to_string(t) + ")");
  }
  return Status::Ok();
}

Result<std::vector<Hash>> ProveTree(int64_t t, int64_t n, const HashReader& r) {
  if (t < 1 || n < 1 || n > t) {
    return InvalidArgument("consistency proof: sizes " + std::to_string(n) + " -> " +
                           std::to_string(t) + " (need 1 <= old <= new)");
  }
  std::vector<int64_t> indexes;
  TreeProofIndex(0, t, n, &indexes);
  std::vector<Hash> proof;
  if (indexes.empty()) {
    return proof;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Hash> hashes, ReadAll(r, indexes));
  size_t pos = 0;
  TreeProof(0, t, n, hashes, &pos, &proof);
  return proof;
}

Status CheckTree(const std::vector<Hash>& proof, int64_t t, const Hash& tree, int64_t n,
                 const Hash& old_tree) {
  Hash old_computed;
  Hash new_computed;
  if (t < 1 || n < 1 || n > t ||
      !RunTreeProof(proof, proof.size(), 0, t, n, old_tree, &old_computed, &new_computed) ||
      old_computed != old_tree || new_computed != tree) {
    return Corruption("consistency proof does not verify (" + std::to_string(n) + " -> " +
                      std::to_string(t) + ")");
  }
  return Status::Ok();
}

std::string HashToBase64(const Hash& hash) {
  internal::EnsureSodium();
  char out[64];
  sodium_bin2base64(out, sizeof(out), hash.data(), hash.size(), sodium_base64_VARIANT_ORIGINAL);
  return out;
}

bool HashFromBase64(std::string_view text, Hash* hash) {
  internal::EnsureSodium();
  unsigned char buffer[64];
  size_t length = 0;
  const char* end = nullptr;
  if (text.size() != 44 ||
      sodium_base642bin(buffer, sizeof(buffer), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size() || length != hash->size()) {
    return false;
  }
  std::memcpy(hash->data(), buffer, hash->size());
  return true;
}

std::string HashToHex(const Hash& hash) {
  return HexEncode(View(hash));
}

HashReader HexHashReader(
    std::function<Result<std::vector<std::string>>(const std::vector<int64_t>&)> read) {
  return
      [read = std::move(read)](const std::vector<int64_t>& indexes) -> Result<std::vector<Hash>> {
        CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> hex, read(indexes));
        std::vector<Hash> hashes(hex.size());
        for (size_t i = 0; i < hex.size(); ++i) {
          std::string raw;
          if (hex[i].size() != 64 || !HexDecode(hex[i], &raw)) {
            return Corruption("audit tree hash " + std::to_string(indexes.at(i)) +
                              " is not 64 hex digits");
          }
          std::memcpy(hashes[i].data(), raw.data(), raw.size());
        }
        return hashes;
      };
}

Result<std::vector<std::pair<int64_t, std::string>>> StoredHashesForEvent(
    const model::AuditEvent& event,
    const std::function<Result<std::vector<std::string>>(const std::vector<int64_t>&)>& read) {
  const std::string leaf = LeafHash(event);
  Hash leaf_hash;
  std::memcpy(leaf_hash.data(), leaf.data(), leaf_hash.size());
  if (event.seq < 1) {
    return InvalidArgument("audit entry seq " + std::to_string(event.seq) + " is not positive");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Hash> hashes,
                            StoredHashesForLeaf(event.seq - 1, leaf_hash, HexHashReader(read)));
  std::vector<std::pair<int64_t, std::string>> out;
  out.reserve(hashes.size());
  int64_t index = StoredHashCount(event.seq - 1);
  for (const Hash& h : hashes) {
    out.emplace_back(index++, HashToHex(h));
  }
  return out;
}

void CompactRange::Add(const Hash& leaf, std::vector<Hash>* stored) {
  stack_.push_back(leaf);
  if (stored != nullptr) {
    stored->push_back(leaf);
  }
  for (auto n = static_cast<uint64_t>(size_); (n & 1U) != 0; n >>= 1) {
    const Hash right = stack_.back();
    stack_.pop_back();
    stack_.back() = NodeHash(stack_.back(), right);
    if (stored != nullptr) {
      stored->push_back(stack_.back());
    }
  }
  ++size_;
}

Hash CompactRange::Root() const {
  if (stack_.empty()) {
    return EmptyTreeHash();
  }
  Hash h = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) {
    h = NodeHash(stack_[i], h);
  }
  return h;
}

}  // namespace chancery::audit
