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

}  // namespace chancery::audit
