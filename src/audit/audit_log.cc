// The audit hash chain and checkpoint text format (docs/format/audit-log.md).
#include "chancery/audit/audit_log.h"

#include <cstdint>
#include <string>
#include <vector>

#include <sodium.h>

#include "chancery/audit/tlog.h"
#include "chancery/base/check.h"
#include "chancery/base/strings.h"

#include "audit/audit_internal.h"

namespace chancery::audit {
namespace internal {

void EnsureSodium() {
  // A function-local static is initialized exactly once, even with concurrent callers.
  static const int init_result = sodium_init();
  CHANCERY_CHECK(init_result >= 0);
}

bool IsLowerHex(std::string_view s, size_t length) {
  if (s.size() != length) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace internal

namespace {

// docs/format/audit-log.md §2: the domain string that opens every canonical encoding.
constexpr std::string_view kEntryDomain = "chancery-audit-entry-v1";

// Appends `value` as 8 bytes, big-endian (two's complement for signed values).
void AppendU64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xffU));
  }
}

void AppendField(std::string* out, std::string_view bytes) {
  AppendU64(out, bytes.size());
  out->append(bytes);
}

}  // namespace

std::string CanonicalBytes(const model::AuditEvent& event) {
  // docs/format/audit-log.md §2: fixed field order, every field length-prefixed.
  std::string out;
  AppendField(&out, kEntryDomain);
  AppendU64(&out, static_cast<uint64_t>(event.seq));
  AppendU64(&out, static_cast<uint64_t>(event.time_micros));
  AppendField(&out, event.actor);
  AppendField(&out, event.action);
  AppendField(&out, event.target);
  AppendField(&out, event.decision);
  AppendU64(&out, event.ids.size());
  for (const std::string& id : event.ids) {
    AppendField(&out, id);
  }
  AppendField(&out, event.prev_hash);
  return out;
}

std::string LeafHash(const model::AuditEvent& event) {
  const Hash leaf = RecordHash(CanonicalBytes(event));
  return {reinterpret_cast<const char*>(leaf.data()), leaf.size()};
}

std::string HashEvent(const model::AuditEvent& event) {
  internal::EnsureSodium();
  const std::string bytes = CanonicalBytes(event);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

Status ChainVerifier::Add(const model::AuditEvent& event) {
  if (!error_.ok()) {
    return error_;
  }
  // docs/format/audit-log.md §4: the entry is named by the position it should hold.
  const int64_t position = size_ + 1;
  std::string what;
  if (event.seq != position) {
    what = "seq is " + std::to_string(event.seq) + ", expected " + std::to_string(position);
  } else if (event.prev_hash != head_hash_) {
    what = position == 1
               ? std::string("prev_hash of the first entry is not empty")
               : "prev_hash does not match the hash of entry " + std::to_string(position - 1);
  } else if (event.hash != HashEvent(event)) {
    what = "hash does not match the entry's contents";
  }
  if (!what.empty()) {
    error_ = Corruption("audit entry " + std::to_string(position) + ": " + what);
    return error_;
  }
  size_ = position;
  head_hash_ = event.hash;
  return Status::Ok();
}

}  // namespace chancery::audit
