// The audit hash chain and checkpoint text format (docs/format/audit-log.md).
#include "chancery/audit/audit_log.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include <sodium.h>

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
constexpr size_t kHashHexLength = 64;
constexpr size_t kSignatureHexLength = 128;

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

Status CheckpointError(std::string_view what) {
  return Corruption("audit checkpoint: " + std::string(what));
}

// Parses a decimal int64 with no sign and no leading zeros (docs/format/audit-log.md §5).
bool ParseSize(std::string_view text, int64_t* out) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) {
    return false;
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
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

std::string Checkpoint::Encode() const {
  return std::to_string(size) + " " + head_hash + " " + signature;
}

Result<Checkpoint> Checkpoint::Decode(std::string_view text) {
  // docs/format/audit-log.md §5: "<size> <head_hash> <signature>", one optional final LF.
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  const size_t first = text.find(' ');
  const size_t second = first == std::string_view::npos ? first : text.find(' ', first + 1);
  if (second == std::string_view::npos) {
    return CheckpointError("expected \"<size> <head_hash> <signature>\"");
  }
  Checkpoint checkpoint;
  if (!ParseSize(text.substr(0, first), &checkpoint.size)) {
    return CheckpointError("size is not a canonical decimal number");
  }
  checkpoint.head_hash = std::string(text.substr(first + 1, second - first - 1));
  checkpoint.signature = std::string(text.substr(second + 1));
  const bool empty_chain = checkpoint.size == 0 && checkpoint.head_hash.empty();
  if (!empty_chain &&
      (checkpoint.size == 0 || !internal::IsLowerHex(checkpoint.head_hash, kHashHexLength))) {
    return CheckpointError("head_hash must be 64 lower-case hex digits (empty iff size is 0)");
  }
  if (!internal::IsLowerHex(checkpoint.signature, kSignatureHexLength)) {
    return CheckpointError("signature must be 128 lower-case hex digits");
  }
  return checkpoint;
}

}  // namespace chancery::audit
