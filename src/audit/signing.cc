// SHA-256, salts and message signatures for signed workflow steps (include/chancery/audit/
// signing.h).
#include "chancery/audit/signing.h"

#include <sodium.h>

#include "chancery/base/strings.h"

#include "audit/audit_internal.h"

namespace chancery::audit {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string_view Chars(const unsigned char* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  internal::EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, Bytes(bytes), bytes.size());
  return HexEncode(Chars(digest, sizeof(digest)));
}

static_assert(sizeof(crypto_hash_sha256_state) <= 128);

Sha256Hasher::Sha256Hasher() {
  internal::EnsureSodium();
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_));
}

void Sha256Hasher::Update(std::string_view bytes) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_), Bytes(bytes),
                            bytes.size());
}

std::string Sha256Hasher::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), digest);
  return HexEncode(Chars(digest, sizeof(digest)));
}

std::string RandomHex(size_t n) {
  internal::EnsureSodium();
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return HexEncode(bytes);
}

std::string SignMessage(const Signer& signer, std::string_view message) {
  return signer.SignRaw(message);
}

Status VerifyMessage(std::string_view message, std::string_view signature_hex,
                     std::string_view public_key_hex) {
  internal::EnsureSodium();
  std::string public_key;
  std::string signature;
  if (!internal::IsLowerHex(public_key_hex, 2 * crypto_sign_PUBLICKEYBYTES) ||
      !HexDecode(public_key_hex, &public_key)) {
    return InvalidArgument("public key must be 64 lower-case hex digits");
  }
  if (!internal::IsLowerHex(signature_hex, 2 * crypto_sign_BYTES) ||
      !HexDecode(signature_hex, &signature)) {
    return InvalidArgument("signature must be 128 lower-case hex digits");
  }
  if (crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(),
                                  Bytes(public_key)) != 0) {
    return Corruption("signature does not verify");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  internal::EnsureSodium();
  if (password.empty() || password.size() > 1024) {
    return InvalidArgument("a password must have 1 to 1024 bytes");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("argon2id: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored, std::string_view password) {
  internal::EnsureSodium();
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  const std::string terminated(stored);  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  internal::EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof(bytes));
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof(out), bytes, sizeof(bytes),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

}  // namespace chancery::audit
