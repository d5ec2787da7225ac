// Salted paragraph commitments (src/desk/desk_impl.h; ../shared/reference/cable-desk.md §D.4):
// each body paragraph is committed to as SHA-256 over a per-paragraph random salt and its text,
// and the release signs the Merkle root over those leaves, so that a later redaction can reveal
// some paragraphs with their salts and prove the rest by hash alone.
#include <string>
#include <vector>

#include "chancery/audit/signing.h"

#include "desk/desk_impl.h"

namespace chancery::desk::internal {

std::string ParagraphLeaf(std::string_view salt_hex, std::string_view text) {
  std::string bytes = "chancery-leaf\n";
  bytes.append(salt_hex);
  bytes.push_back('\n');
  bytes.append(text);
  return audit::Sha256Hex(bytes);
}

std::string MerkleRoot(const std::vector<std::string>& leaves_hex) {
  if (leaves_hex.empty()) {
    return audit::Sha256Hex("chancery-empty\n");
  }
  std::vector<std::string> level = leaves_hex;
  while (level.size() > 1) {
    std::vector<std::string> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      next.push_back(audit::Sha256Hex("chancery-node\n" + level[i] + "\n" + level[i + 1]));
    }
    if (level.size() % 2 == 1) {
      next.push_back(level.back());  // an odd node is promoted unchanged
    }
    level = std::move(next);
  }
  return level.front();
}

}  // namespace chancery::desk::internal
