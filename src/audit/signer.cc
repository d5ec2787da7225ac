// Ed25519 checkpoint signing (RFC 8032 via libsodium) and the key file
// (docs/format/audit-log.md §6, §7).
#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chancery/audit/audit_log.h"
#include "chancery/base/check.h"
#include "chancery/base/strings.h"

#include "audit/audit_internal.h"

namespace chancery::audit {
namespace {

constexpr size_t kSeedHexLength = 2 * crypto_sign_SEEDBYTES;
constexpr size_t kPublicKeyHexLength = 2 * crypto_sign_PUBLICKEYBYTES;
constexpr size_t kMaxKeyFileBytes = 4096;

const unsigned char* Bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

Status ErrnoStatus(std::string_view what, const std::string& path) {
  return IoError(std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Reads a small file whole. kNotFound if it does not exist.
Result<std::string> ReadSmallFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return NotFound("audit key not found: " + path);
    }
    return ErrnoStatus("cannot open audit key", path);
  }
  std::string content;
  char buffer[512];
  while (content.size() <= kMaxKeyFileBytes) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      Status status = ErrnoStatus("cannot read audit key", path);
      ::close(fd);
      return status;
    }
    if (n == 0) {
      break;
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return content;
}

// Writes `content` to a new file `path` (mode 0600), durably. kAlreadyExists if it exists.
Status WriteNewFile(const std::string& path, const std::string& content) {
  // Written under a private name and then linked into place, so that a concurrent Load() never
  // sees a partly written key.
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return ErrnoStatus("cannot create audit key", temp);
  }
  const bool written =
      ::fchmod(fd, 0600) == 0 &&
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  Status status = written ? Status::Ok() : ErrnoStatus("cannot write audit key", temp);
  ::close(fd);
  if (status.ok() && ::link(temp.c_str(), path.c_str()) != 0) {
    status = errno == EEXIST ? AlreadyExists(path) : ErrnoStatus("cannot link audit key", path);
  }
  ::unlink(temp.c_str());
  return status;
}

}  // namespace

Result<Signer> Signer::Load(const std::string& path) {
  internal::EnsureSodium();
  CHANCERY_ASSIGN_OR_RETURN(std::string content, ReadSmallFile(path));
  if (!content.empty() && content.back() == '\n') {
    content.pop_back();
  }
  std::string seed;
  if (!internal::IsLowerHex(content, kSeedHexLength) || !HexDecode(content, &seed)) {
    sodium_memzero(content.data(), content.size());
    return Corruption("audit key " + path + ": expected 64 lower-case hex digits and a newline");
  }
  sodium_memzero(content.data(), content.size());
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(public_key, secret_key, Bytes(seed));
  sodium_memzero(seed.data(), seed.size());
  Signer signer;
  signer.secret_key_.assign(reinterpret_cast<const char*>(secret_key), sizeof(secret_key));
  signer.public_key_hex_ =
      HexEncode(std::string_view(reinterpret_cast<const char*>(public_key), sizeof(public_key)));
  sodium_memzero(secret_key, sizeof(secret_key));
  return signer;
}

Result<Signer> Signer::LoadOrCreate(const std::string& path) {
  Result<Signer> loaded = Load(path);
  if (loaded.ok() || loaded.status().code() != StatusCode::kNotFound) {
    return loaded;
  }
  unsigned char seed[crypto_sign_SEEDBYTES];
  randombytes_buf(seed, sizeof(seed));
  std::string content =
      HexEncode(std::string_view(reinterpret_cast<const char*>(seed), sizeof(seed))) + "\n";
  sodium_memzero(seed, sizeof(seed));
  Status written = WriteNewFile(path, content);
  sodium_memzero(content.data(), content.size());
  if (!written.ok() && written.code() != StatusCode::kAlreadyExists) {
    return written;
  }
  // Whoever won a creation race, the key now in place is the one to use.
  return Load(path);
}

std::string Signer::SignRaw(std::string_view message) const {
  CHANCERY_CHECK(secret_key_.size() == crypto_sign_SECRETKEYBYTES);
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), Bytes(secret_key_));
  return HexEncode(std::string_view(reinterpret_cast<const char*>(signature), sizeof(signature)));
}

}  // namespace chancery::audit
