// Digital objects' values: kinds, names, media types sniffed from magic bytes, the signed message
// of a redacted scan, and the JSON and base64 of their store rows (docs/archive.md "Digital
// objects").
#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "chancery/archive/files.h"

#include "archive/file_internal.h"

namespace chancery::archive {

std::string_view FileKindName(FileKind kind) {
  switch (kind) {
    case FileKind::kScan:
      return "scan";
    case FileKind::kRedactedScan:
      return "redacted-scan";
    case FileKind::kOther:
      return "other";
  }
  return "other";
}

Result<FileKind> ParseFileKind(std::string_view text) {
  for (FileKind k : {FileKind::kScan, FileKind::kRedactedScan, FileKind::kOther}) {
    if (FileKindName(k) == text) {
      return k;
    }
  }
  return InvalidArgument("file kind \"" + std::string(text) +
                         "\": expected scan, redacted-scan or other");
}

namespace {

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

// What bytes that are not an accepted type look like, for the error.
std::string LooksLike(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size() && i < 512 &&
         (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
    ++i;
  }
  const std::string_view rest = bytes.substr(i);
  if (StartsWith(rest, "<") || StartsWith(rest, "\xEF\xBB\xBF<")) {
    return "HTML, XML or SVG";
  }
  size_t printable = 0;
  const size_t n = std::min<size_t>(bytes.size(), 512);
  for (size_t k = 0; k < n; ++k) {
    const unsigned char c = static_cast<unsigned char>(bytes[k]);
    printable += (c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t' || c >= 0x80;
  }
  return printable == n ? "text" : "an unrecognised binary format";
}

}  // namespace

Result<std::string> SniffMediaType(std::string_view bytes) {
  if (bytes.empty()) {
    return InvalidArgument("the file is empty (0 bytes)");
  }
  if (StartsWith(bytes, "%PDF-")) {
    return std::string("application/pdf");
  }
  if (StartsWith(bytes, std::string_view("\x89PNG\r\n\x1a\n", 8))) {
    return std::string("image/png");
  }
  if (StartsWith(bytes, "\xFF\xD8\xFF")) {
    return std::string("image/jpeg");
  }
  if (StartsWith(bytes, std::string_view("II*\0", 4)) ||
      StartsWith(bytes, std::string_view("MM\0*", 4))) {
    return std::string("image/tiff");
  }
  if (bytes.size() >= 12 && StartsWith(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP") {
    return std::string("image/webp");
  }
  return InvalidArgument("the bytes are " + LooksLike(bytes) +
                         ", not PDF, PNG, JPEG, TIFF or WebP (the only types accepted)");
}

Status CheckFileName(std::string_view name) {
  const auto bad = [&](std::string_view why) {
    std::string shown;
    for (char c : name.substr(0, 160)) {
      const unsigned char u = static_cast<unsigned char>(c);
      shown += u < 0x20 || u == 0x7F ? '?' : c;
    }
    return InvalidArgument("file name \"" + shown + "\": " + std::string(why) +
                           " (a name is 1 to 128 letters, digits, '.', '_' or '-', not starting "
                           "with '.')");
  };
  if (name.empty() || name.size() > 128) {
    return bad(name.empty() ? "empty" : "too long");
  }
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos) {
    return bad("a path, not a name");
  }
  if (name.front() == '.') {
    return bad("starts with '.'");
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return bad("holds a character other than letters, digits, '.', '_' and '-'");
    }
  }
  return Status::Ok();
}

std::string FileMessage(const FileInfo& f) {
  return "chancery-file-v1\n" + f.record_id + "\n" + std::to_string(f.version) + "\n" + f.name +
         "\n" + f.media_type + "\n" + std::to_string(f.size) + "\n" + f.sha256 + "\n" +
         std::string(FileKindName(f.kind)) + "\nreplaces " + f.replaces + "\nreplaces-sha256 " +
         f.replaces_sha256 + "\n" + f.attached_by + "\n" + std::to_string(f.attached_micros) + "\n";
}

namespace internal {

namespace {

using Json = nlohmann::json;

std::string Padded(int64_t n) {
  std::string s = std::to_string(n);
  return std::string(s.size() < 6 ? 6 - s.size() : 0, '0') + s;
}

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string FileKey(std::string_view id, int64_t version, std::string_view name) {
  return std::string(id) + "/" + Padded(version) + "/" + std::string(name);
}

std::string ChunkKey(std::string_view file_key, int64_t n) {
  return std::string(file_key) + "/" + Padded(n);
}

std::string FileRef(std::string_view id, int64_t version, std::string_view name) {
  return std::string(id) + "/v" + std::to_string(version) + "/" + std::string(name);
}

bool ExtensionFits(std::string_view name, std::string_view media_type) {
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (media_type == "application/pdf") {
    return ext == "pdf";
  }
  if (media_type == "image/png") {
    return ext == "png";
  }
  if (media_type == "image/jpeg") {
    return ext == "jpg" || ext == "jpeg";
  }
  if (media_type == "image/tiff") {
    return ext == "tif" || ext == "tiff";
  }
  if (media_type == "image/webp") {
    return ext == "webp";
  }
  return false;
}

std::string FileInfoToJson(const FileInfo& f) {
  return Json{{"record", f.record_id},
              {"version", f.version},
              {"name", f.name},
              {"media_type", f.media_type},
              {"size", f.size},
              {"sha256", f.sha256},
              {"kind", std::string(FileKindName(f.kind))},
              {"attached_by", f.attached_by},
              {"attached", f.attached_micros},
              {"replaces", f.replaces},
              {"replaces_sha256", f.replaces_sha256},
              {"carried_from", f.carried_from},
              {"signature", f.signature},
              {"public_key", f.public_key}}
      .dump();
}

Result<FileInfo> FileInfoFromJson(std::string_view json) {
  try {
    const Json j = Json::parse(json);
    FileInfo f;
    f.record_id = j.at("record").get<std::string>();
    f.version = j.at("version").get<int64_t>();
    f.name = j.at("name").get<std::string>();
    f.media_type = j.at("media_type").get<std::string>();
    f.size = j.at("size").get<int64_t>();
    f.sha256 = j.at("sha256").get<std::string>();
    Result<FileKind> kind = ParseFileKind(j.at("kind").get<std::string>());
    if (!kind.ok()) {
      throw std::invalid_argument(std::string(kind.status().message()));
    }
    f.kind = *kind;
    f.attached_by = j.at("attached_by").get<std::string>();
    f.attached_micros = j.at("attached").get<int64_t>();
    f.replaces = j.value("replaces", "");
    f.replaces_sha256 = j.value("replaces_sha256", "");
    f.carried_from = j.value("carried_from", "");
    f.signature = j.value("signature", "");
    f.public_key = j.value("public_key", "");
    return f;
  } catch (const std::exception& e) {
    return Corruption(std::string("stored file row: ") + e.what());
  }
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{static_cast<uint8_t>(bytes[i])} << 16) |
                       (uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8) |
                       uint32_t{static_cast<uint8_t>(bytes[i + 2])};
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t{static_cast<uint8_t>(bytes[i])} << 16;
    if (i + 1 < bytes.size()) {
      v |= uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8;
    }
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  static const std::array<int8_t, 256> table = [] {
    std::array<int8_t, 256> t{};
    t.fill(-1);
    for (size_t k = 0; k < kAlphabet.size(); ++k) {
      t[static_cast<uint8_t>(kAlphabet[k])] = static_cast<int8_t>(k);
    }
    return t;
  }();
  if (text.size() % 4 != 0) {
    return Corruption("stored file chunk: base64 length not a multiple of 4");
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int32_t v = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      const int8_t d = table[static_cast<uint8_t>(c)];
      if (d < 0 || pad > 0) {
        return Corruption("stored file chunk: not base64");
      }
      v = (v << 6) | d;
    }
    out += static_cast<char>((v >> 16) & 0xFF);
    if (pad < 2) {
      out += static_cast<char>((v >> 8) & 0xFF);
    }
    if (pad < 1) {
      out += static_cast<char>(v & 0xFF);
    }
  }
  return out;
}

}  // namespace internal
}  // namespace chancery::archive
