// The salted unit commitment (docs/format/proof.md §4-§5): seed tree, leaves, Merkle tree over
// the RFC 6962 range split, and the signed message.
#include "chancery/archive/commitment.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "chancery/audit/signing.h"

#include "archive/commitment_internal.h"

namespace chancery::archive {
namespace internal {
namespace {

// docs/format/proof.md §5: domain-separation tags.
constexpr std::string_view kSeedLeftTag = "chancery-seed-left-v2\n";
constexpr std::string_view kSeedRightTag = "chancery-seed-right-v2\n";
constexpr std::string_view kUnitTag = "chancery-unit-v2\n";
constexpr std::string_view kNodeTag = "chancery-node-v2\n";
constexpr std::string_view kEmptyTag = "chancery-empty-v2\n";

// Lower-case hex digit values; -1 for every other byte.
constexpr std::array<int8_t, 256> kHexValue = [] {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (int c = '0'; c <= '9'; ++c) {
    table[static_cast<size_t>(c)] = static_cast<int8_t>(c - '0');
  }
  for (int c = 'a'; c <= 'f'; ++c) {
    table[static_cast<size_t>(c)] = static_cast<int8_t>(c - 'a' + 10);
  }
  return table;
}();

}  // namespace

std::string SubtreeHash(const std::vector<Field>& fields, const std::vector<LeafUnit>& units,
                        size_t lo, size_t hi, std::string_view seed) {
  if (hi - lo == 1) {
    const LeafUnit& unit = units[lo];
    return LeafHash(HexEncode(seed), fields[unit.field].pointer, unit.index, unit.text);
  }
  const size_t split = lo + SplitSize(hi - lo);
  return NodeHash(SubtreeHash(fields, units, lo, split, ChildSeed(seed, false)),
                  SubtreeHash(fields, units, split, hi, ChildSeed(seed, true)));
}

std::string Sha256(std::string_view bytes) {
  std::string raw;
  HexDecode(audit::Sha256Hex(bytes), 32, &raw);  // Sha256Hex is 64 lower-case digits
  return raw;
}

std::string ChildSeed(std::string_view parent_seed, bool right) {
  std::string bytes(right ? kSeedRightTag : kSeedLeftTag);
  bytes.append(parent_seed);
  return Sha256(bytes);
}

std::string LeafHash(std::string_view salt, std::string_view pointer, size_t index,
                     std::string_view text) {
  std::string bytes(kUnitTag);
  bytes.append(salt);
  bytes.push_back('\n');
  bytes.append(pointer);
  bytes.push_back('\n');
  bytes.append(std::to_string(index));
  bytes.push_back('\n');
  bytes.append(text);
  return Sha256(bytes);
}

std::string NodeHash(std::string_view left, std::string_view right) {
  std::string bytes(kNodeTag);
  bytes.append(left);
  bytes.append(right);
  return Sha256(bytes);
}

std::string EmptyRoot() {
  return Sha256(kEmptyTag);
}

size_t SplitSize(size_t n) {
  size_t k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

std::string HexEncode(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (char c : raw) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0F]);
  }
  return hex;
}

bool HexDecode(std::string_view hex, size_t size, std::string* raw) {
  if (hex.size() != size * 2) {
    return false;
  }
  raw->resize(size);
  char* out = raw->data();
  for (size_t i = 0; i < size; ++i) {
    const int high = kHexValue[static_cast<unsigned char>(hex[2 * i])];
    const int low = kHexValue[static_cast<unsigned char>(hex[2 * i + 1])];
    if ((high | low) < 0) {
      return false;
    }
    out[i] = static_cast<char>((high << 4) | low);
  }
  return true;
}

std::string TreeRoot(const std::vector<Field>& fields, const std::vector<LeafUnit>& units,
                     std::string_view seed) {
  if (units.empty()) {
    return EmptyRoot();
  }
  return SubtreeHash(fields, units, 0, units.size(), seed);
}

}  // namespace internal

Result<Commitment> Commit(const model::Cable& cable, std::string_view seed_hex) {
  Commitment commitment;
  commitment.seed_hex = seed_hex.empty() ? audit::RandomHex(32) : std::string(seed_hex);
  std::string seed;
  if (!internal::HexDecode(commitment.seed_hex, 32, &seed)) {
    return InvalidArgument("cable " + cable.id + ": a commitment seed is 64 lower-case hex digits");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> fields, CommittedFields(cable));
  const std::vector<internal::LeafUnit> units = internal::AllUnits(fields);
  commitment.root_hex = internal::HexEncode(internal::TreeRoot(fields, units, seed));
  commitment.units = static_cast<int64_t>(units.size());
  return commitment;
}

std::string CommitmentMessage(std::string_view kind, std::string_view record_id,
                              int64_t record_version, std::string_view root_hex) {
  std::string message = "chancery-commitment-v2\n";
  message.append(kind);
  message.push_back('\n');
  message.append(record_id);
  message.push_back('\n');
  message.append(std::to_string(record_version));
  message.push_back('\n');
  message.append(root_hex);
  message.push_back('\n');
  return message;
}

}  // namespace chancery::archive
