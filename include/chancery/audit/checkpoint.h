// Signed checkpoints of the audit log's Merkle tree, in the C2SP formats (docs/format/
// audit-log.md §9): a tlog-checkpoint body ("<origin>\n<size>\n<base64 root>\n") inside a signed
// note ("\n— <key name> <base64(key id || Ed25519 signature)>\n"), with the verifier-key string
// "<name>+<key id hex>+<base64(0x01 || public key)>". These are the formats Go's
// golang.org/x/mod/sumdb/note reads, so anyone can check a checkpoint without Chancery.
//
// Pure functions and value types; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/base/result.h"

namespace chancery::audit {

struct Checkpoint {
  std::string origin;                   // the log's name; also the signing key's name
  int64_t size = 0;                     // entries in the tree
  Hash root{};                          // RFC 6962 tree hash of those entries
  std::vector<std::string> extensions;  // extra body lines, kept verbatim

  // The C2SP body: origin, size, base64 root and extension lines, each ending in "\n".
  std::string Body() const;
  // Parses a body. kCorruption naming the line for a malformed one (size with a sign or leading
  // zeros, a root that is not 32 bytes of base64, a missing line).
  static Result<Checkpoint> ParseBody(std::string_view body);
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// A note verifier: a key name and an Ed25519 public key.
struct NoteVerifier {
  std::string name;
  uint32_t key_id = 0;     // SHA-256(name || "\n" || 0x01 || public_key)[:4], big-endian
  std::string public_key;  // 32 raw bytes

  // "<name>+<8 hex digits>+<base64(0x01 || public_key)>".
  std::string KeyString() const;
};

// The verifier for `signer`'s key under `name`. kInvalidArgument for a name that is empty or
// holds '+', white space or a control character.
Result<NoteVerifier> MakeVerifier(std::string_view name, const Signer& signer);
// The same from a hex Ed25519 public key. kInvalidArgument also for a key that is not 64 hex
// digits.
Result<NoteVerifier> MakeVerifier(std::string_view name, std::string_view public_key_hex);
// Parses a verifier-key string (as KeyString() writes it; one trailing newline allowed).
// kInvalidArgument naming what is wrong, including a key id that does not match the key.
Result<NoteVerifier> ParseVerifierKey(std::string_view text);

// The signed note: checkpoint.Body(), a blank line, and one signature line by `signer` as
// `verifier.name`. REQUIRES: verifier was made from signer's key; checkpoint.origin is
// verifier.name.
std::string SignCheckpoint(const Signer& signer, const NoteVerifier& verifier,
                           const Checkpoint& checkpoint);

// Opens a signed checkpoint: finds the signature line by `verifier`'s name and key id, checks
// the Ed25519 signature over the body, parses the body, and checks that its origin is the key's
// name. Signature lines by other keys (witness cosignatures) are ignored. kCorruption for any
// failure, naming it: "checkpoint: no signature by KEY", "checkpoint: signature by KEY does not
// verify", "checkpoint: origin X is not the key's name Y", a malformed note or body.
Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& verifier);

// The origin a store's log has when signed by `signer`: "chancery/audit/" and the first 16 hex
// digits of SHA-256 of the public key. Tied to the key, so a log signed by another key is
// another log.
std::string OriginFor(const Signer& signer);
std::string OriginForPublicKey(std::string_view public_key_hex);

}  // namespace chancery::audit
