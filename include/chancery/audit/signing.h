// General-purpose signing and hashing for signed workflow steps (the cable desk's approvals and
// releases): SHA-256, random salts, and Ed25519 signatures over arbitrary messages with the same
// key files as the audit checkpoint signer. Uses libsodium. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "chancery/audit/audit_log.h"
#include "chancery/base/result.h"

namespace chancery::audit {

// hex(SHA-256(bytes)), 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// SHA-256 of bytes given in pieces (a file streamed through it).
class Sha256Hasher {
 public:
  Sha256Hasher();
  void Update(std::string_view bytes);
  // hex digest of everything given; the hasher is spent afterwards.
  std::string HexDigest();

 private:
  alignas(64) unsigned char state_[128];  // crypto_hash_sha256_state (104 bytes)
};

// `n` bytes from the system CSPRNG, hex encoded (2n digits).
std::string RandomHex(size_t n);
// hex Ed25519 signature of `message` by `signer`'s key.
std::string SignMessage(const Signer& signer, std::string_view message);
// OK iff `signature_hex` is `public_key_hex`'s Ed25519 signature of `message`; kCorruption
// "signature does not verify" otherwise; kInvalidArgument for malformed hex.
Status VerifyMessage(std::string_view message, std::string_view signature_hex,
                     std::string_view public_key_hex);

// Password storage for sign-in (Argon2id, libsodium crypto_pwhash_str with the "interactive"
// limits: 2 passes, 64 MiB). The result is the self-describing "$argon2id$v=19$m=...,t=...,p=1$
// salt$hash" string. kInvalidArgument for an empty password or one over 1,024 bytes; kInternal
// if memory for the hash cannot be had.
Result<std::string> HashPassword(std::string_view password);
// True iff `password` matches `stored` (a HashPassword result). A malformed `stored` never
// matches. Takes as long for a wrong password as for a right one.
bool VerifyPassword(std::string_view stored, std::string_view password);
// A random token for sessions and API keys: 32 bytes, URL-safe base64 without padding.
std::string RandomToken();

}  // namespace chancery::audit
