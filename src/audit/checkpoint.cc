// C2SP tlog-checkpoint bodies in C2SP signed notes (docs/format/audit-log.md §9).
#include "chancery/audit/checkpoint.h"

#include <charconv>
#include <cstdio>
#include <cstring>

#include <sodium.h>

#include "chancery/audit/signing.h"
#include "chancery/base/check.h"
#include "chancery/base/strings.h"

#include "audit/audit_internal.h"

namespace chancery::audit {
namespace {

// U+2014 EM DASH, then a space: how every signature line of a signed note begins.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";
constexpr unsigned char kEd25519Algorithm = 0x01;

Status NoteError(std::string_view what) {
  return Corruption("checkpoint: " + std::string(what));
}

std::string Base64(std::string_view bytes) {
  internal::EnsureSodium();
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

bool Unbase64(std::string_view text, std::string* out) {
  internal::EnsureSodium();
  std::string buffer(text.size(), '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(buffer.data()), buffer.size(), text.data(),
                        text.size(), nullptr, &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return false;
  }
  buffer.resize(length);
  *out = std::move(buffer);
  return true;
}

bool ValidName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '+' || c <= ' ' || c == 0x7f) {
      return false;
    }
  }
  return true;
}

uint32_t KeyId(std::string_view name, std::string_view public_key) {
  std::string material(name);
  material += '\n';
  material += static_cast<char>(kEd25519Algorithm);
  material += public_key;
  std::string digest;
  CHANCERY_CHECK(HexDecode(Sha256Hex(material), &digest));  // Sha256Hex writes valid hex.
  return (static_cast<uint32_t>(static_cast<unsigned char>(digest[0])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(digest[1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(digest[2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(digest[3]));
}

std::string KeyIdBytes(uint32_t id) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) {
    out[static_cast<size_t>(i)] = static_cast<char>((id >> (24 - 8 * i)) & 0xffU);
  }
  return out;
}

bool ParseCanonicalSize(std::string_view text, int64_t* out) {
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

std::string Checkpoint::Body() const {
  std::string body = origin + "\n" + std::to_string(size) + "\n" + HashToBase64(root) + "\n";
  for (const std::string& line : extensions) {
    body += line + "\n";
  }
  return body;
}

Result<Checkpoint> Checkpoint::ParseBody(std::string_view body) {
  if (body.empty() || body.back() != '\n') {
    return NoteError("body does not end in a newline");
  }
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < body.size();) {
    const size_t end = body.find('\n', start);
    lines.push_back(body.substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() < 3) {
    return NoteError("body has " + std::to_string(lines.size()) + " lines, expected 3 or more");
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  if (!ValidName(checkpoint.origin)) {
    return NoteError("line 1: origin is empty or holds '+' or white space");
  }
  if (!ParseCanonicalSize(lines[1], &checkpoint.size)) {
    return NoteError("line 2: size is not a decimal number without sign or leading zeros");
  }
  if (!HashFromBase64(lines[2], &checkpoint.root)) {
    return NoteError("line 3: root hash is not 32 bytes of base64");
  }
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return NoteError("line " + std::to_string(i + 1) + ": empty extension line");
    }
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

std::string NoteVerifier::KeyString() const {
  char id[9];
  std::snprintf(id, sizeof(id), "%08x", key_id);
  std::string key_data(1, static_cast<char>(kEd25519Algorithm));
  key_data += public_key;
  return name + "+" + id + "+" + Base64(key_data);
}

Result<NoteVerifier> MakeVerifier(std::string_view name, const Signer& signer) {
  return MakeVerifier(name, signer.public_key_hex());
}

Result<NoteVerifier> MakeVerifier(std::string_view name, std::string_view public_key_hex) {
  if (!ValidName(name)) {
    return InvalidArgument("key name \"" + std::string(name) +
                           "\": empty, or holds '+' or white space");
  }
  NoteVerifier verifier;
  verifier.name = std::string(name);
  if (!internal::IsLowerHex(public_key_hex, 2 * crypto_sign_PUBLICKEYBYTES) ||
      !HexDecode(public_key_hex, &verifier.public_key)) {
    return InvalidArgument("public key is not 64 lower-case hex digits");
  }
  verifier.key_id = KeyId(verifier.name, verifier.public_key);
  return verifier;
}

Result<NoteVerifier> ParseVerifierKey(std::string_view text) {
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  const size_t first = text.find('+');
  const size_t second = first == std::string_view::npos ? first : text.find('+', first + 1);
  if (second == std::string_view::npos) {
    return InvalidArgument("verifier key: expected <name>+<key id>+<key data>");
  }
  NoteVerifier verifier;
  verifier.name = std::string(text.substr(0, first));
  const std::string_view id_hex = text.substr(first + 1, second - first - 1);
  std::string id_bytes;
  std::string key_data;
  if (!ValidName(verifier.name)) {
    return InvalidArgument("verifier key: bad name");
  }
  if (id_hex.size() != 8 || !internal::IsLowerHex(id_hex, 8) || !HexDecode(id_hex, &id_bytes)) {
    return InvalidArgument("verifier key: key id is not 8 lower-case hex digits");
  }
  if (!Unbase64(text.substr(second + 1), &key_data) ||
      key_data.size() != 1 + crypto_sign_PUBLICKEYBYTES ||
      static_cast<unsigned char>(key_data[0]) != kEd25519Algorithm) {
    return InvalidArgument("verifier key: key data is not base64 of 0x01 and 32 bytes");
  }
  verifier.public_key = key_data.substr(1);
  verifier.key_id = KeyId(verifier.name, verifier.public_key);
  if (KeyIdBytes(verifier.key_id) != id_bytes) {
    return InvalidArgument("verifier key: key id does not match the name and key");
  }
  return verifier;
}

std::string SignCheckpoint(const Signer& signer, const NoteVerifier& verifier,
                           const Checkpoint& checkpoint) {
  const std::string body = checkpoint.Body();
  std::string signature;
  CHANCERY_CHECK(HexDecode(signer.SignRaw(body), &signature));  // SignRaw writes valid hex.
  return body + "\n" + std::string(kSignaturePrefix) + verifier.name + " " +
         Base64(KeyIdBytes(verifier.key_id) + signature) + "\n";
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& verifier) {
  internal::EnsureSodium();
  if (note.empty() || note.back() != '\n') {
    return NoteError("note does not end in a newline");
  }
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return NoteError("note has no signature block");
  }
  const std::string_view body = note.substr(0, split + 1);
  std::string_view block = note.substr(split + 2);
  bool found = false;
  while (!block.empty()) {
    const size_t end = block.find('\n');
    const std::string_view line = block.substr(0, end);
    block.remove_prefix(end + 1);
    if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
      return NoteError("malformed signature line");
    }
    const std::string_view rest = line.substr(kSignaturePrefix.size());
    const size_t space = rest.find(' ');
    std::string sig;
    if (space == std::string_view::npos || !Unbase64(rest.substr(space + 1), &sig) ||
        sig.size() < 5) {
      return NoteError("malformed signature line");
    }
    if (rest.substr(0, space) != verifier.name || sig.substr(0, 4) != KeyIdBytes(verifier.key_id)) {
      continue;  // another signer's line, such as a witness cosignature
    }
    if (sig.size() != 4 + crypto_sign_BYTES ||
        crypto_sign_verify_detached(
            reinterpret_cast<const unsigned char*>(sig.data() + 4),
            reinterpret_cast<const unsigned char*>(body.data()), body.size(),
            reinterpret_cast<const unsigned char*>(verifier.public_key.data())) != 0) {
      return NoteError("signature by " + verifier.name + " does not verify");
    }
    found = true;
  }
  if (!found) {
    return NoteError("no signature by " + verifier.KeyString());
  }
  CHANCERY_ASSIGN_OR_RETURN(Checkpoint checkpoint, Checkpoint::ParseBody(body));
  if (checkpoint.origin != verifier.name) {
    return NoteError("origin " + checkpoint.origin + " is not the key's name " + verifier.name);
  }
  return checkpoint;
}

std::string OriginFor(const Signer& signer) {
  return OriginForPublicKey(signer.public_key_hex());
}

std::string OriginForPublicKey(std::string_view public_key_hex) {
  std::string public_key;
  if (!HexDecode(public_key_hex, &public_key)) {
    public_key = std::string(public_key_hex);
  }
  return "chancery/audit/" + Sha256Hex(public_key).substr(0, 16);
}

}  // namespace chancery::audit
