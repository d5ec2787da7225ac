// FRUS TEI import entry points: detection, reading (optionally zstd-compressed) volumes, and
// ParseFrusVolume, which runs the SAX pass (frus_tei_sax.cc) and maps each document
// (frus_tei_document.cc). docs/format/frus-tei.md.
#include "chancery/format/frus_tei.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include <zstd.h>

#include "chancery/base/strings.h"

#include "format/frus_tei_context_internal.h"
#include "format/frus_tei_internal.h"
#include "format/frus_tei_quality_internal.h"

namespace chancery::format {
namespace {

constexpr size_t kMaxDecompressed = size_t{1} << 30;
constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool HasZstdMagic(std::string_view data) {
  return data.size() >= 4 && std::memcmp(data.data(), kZstdMagic, 4) == 0;
}

struct DStreamDeleter {
  void operator()(ZSTD_DStream* s) const { ZSTD_freeDStream(s); }
};

// Decompresses `data`, stopping once `limit` bytes are out. `complete` says whether the input
// ended at a frame boundary. Errors name `name`.
Result<std::string> Decompress(std::string_view data, std::string_view name, size_t limit,
                               bool* complete) {
  std::unique_ptr<ZSTD_DStream, DStreamDeleter> stream(ZSTD_createDStream());
  if (stream == nullptr) {
    return Corruption(std::string(name) + ": cannot create zstd stream");
  }
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  size_t last = 0;
  while (out.size() < limit) {
    ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
    last = ZSTD_decompressStream(stream.get(), &buffer, &in);
    if (ZSTD_isError(last) != 0) {
      return Corruption(std::string(name) + ": zstd: " + ZSTD_getErrorName(last));
    }
    out.append(chunk.data(), buffer.pos);
    if (in.pos == in.size && buffer.pos < buffer.size) {
      break;  // all input consumed and all output flushed
    }
  }
  *complete = last == 0 && in.pos == in.size;
  return out;
}

std::string_view BaseVolumeName(std::string_view filename) {
  const size_t slash = filename.find_last_of('/');
  if (slash != std::string_view::npos) {
    filename.remove_prefix(slash + 1);
  }
  for (std::string_view suffix : {".zst", ".xml"}) {
    if (EndsWith(filename, suffix)) {
      filename.remove_suffix(suffix.size());
    }
  }
  return filename;
}

// Persons tagged in the text (persName corresp="#p_CEZE1 #p_X") join Cable::persons under
// their name in the volume's persons list, once each, after the head's senders and recipients.
void LinkTextPersons(const internal::FrusRawVolume& volume, const internal::FrusRawDocument& raw,
                     model::Cable* cable) {
  for (const std::string& corresp : raw.text_persons) {
    for (const std::string& token : SplitTrimmed(corresp, ' ')) {
      std::string_view id = token;
      if (StartsWith(id, "#")) {
        id.remove_prefix(1);
      }
      const auto it = volume.persons.find(std::string(id));
      if (it == volume.persons.end() || it->second.empty()) {
        continue;
      }
      if (std::find(cable->persons.begin(), cable->persons.end(), it->second) ==
          cable->persons.end()) {
        cable->persons.push_back(it->second);
      }
    }
  }
}

}  // namespace

bool LooksLikeFrusTei(std::string_view path, std::string_view head) {
  if (!EndsWith(path, ".xml") && !EndsWith(path, ".xml.zst")) {
    return false;
  }
  std::string text;
  if (HasZstdMagic(head)) {
    bool complete = false;
    Result<std::string> plain = Decompress(head, path, 8192, &complete);
    if (!plain.ok()) {
      return false;
    }
    text = std::move(*plain);
    head = text;
  }
  return head.find("<TEI") != std::string_view::npos &&
         head.find("http://www.tei-c.org/ns/1.0") != std::string_view::npos &&
         (head.find("xml:id=\"frus") != std::string_view::npos ||
          head.find("<idno type=\"frus\">frus") != std::string_view::npos);
}

Result<std::string> ReadFileMaybeZstd(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    return IoError(path + ": " + std::strerror(errno));
  }
  std::string data;
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) {
    data.append(buffer, n);
  }
  if (std::ferror(file.get()) != 0) {
    return IoError(path + ": read error");
  }
  return DecompressMaybeZstd(std::move(data), path);
}

Result<std::string> DecompressMaybeZstd(std::string data, const std::string& path) {
  if (!EndsWith(path, ".zst") && !HasZstdMagic(data)) {
    return data;
  }
  bool complete = false;
  CHANCERY_ASSIGN_OR_RETURN(std::string plain,
                            Decompress(data, path, kMaxDecompressed + 1, &complete));
  if (plain.size() > kMaxDecompressed) {
    return Corruption(path + ": decompressed size exceeds 1 GiB");
  }
  if (!complete) {
    return Corruption(path + ": truncated zstd data");
  }
  return plain;
}

Result<FrusVolume> ParseFrusVolume(std::string_view xml, std::string_view filename) {
  if (xml.size() > static_cast<size_t>(INT_MAX)) {
    return InvalidArgument(std::string(filename) + ": volume larger than 2 GiB");
  }
  CHANCERY_ASSIGN_OR_RETURN(internal::FrusRawVolume raw, internal::ReadFrusRaw(xml, filename));
  FrusVolume volume;
  if (raw.id.empty()) {
    raw.id = std::string(BaseVolumeName(filename));
    volume.anomalies.push_back({raw.id, "", 0, "missing-volume-id",
                                "no TEI/@xml:id or idno[@type='frus']; id taken from file name"});
  }
  if (!model::IsValidId(raw.id + "-d1")) {
    return Corruption(std::string(filename) + ":1:1: invalid volume id \"" + raw.id + "\"");
  }
  volume.id = raw.id;
  volume.title = raw.title;
  volume.anomalies.insert(volume.anomalies.end(), raw.anomalies.begin(), raw.anomalies.end());
  volume.documents.reserve(raw.documents.size());
  for (size_t i = 0; i < raw.documents.size(); ++i) {
    volume.documents.push_back(
        internal::MapFrusDocument(raw, raw.documents[i], i + 1, &volume.anomalies));
    LinkTextPersons(raw, raw.documents[i], &volume.documents.back());
    internal::CheckFrusQuality(raw, raw.documents[i], volume.documents.back(), &volume.anomalies);
  }
  internal::ApplyFrusVolumeContext(raw, xml, &volume);
  // A document without a printed number (frus1861's nested ones) sorts with the one before it.
  int64_t previous = 0;
  for (model::Cable& cable : volume.documents) {
    if (cable.archival.position == 0) {
      cable.archival.position = previous;
    }
    previous = cable.archival.position;
  }
  return volume;
}

}  // namespace chancery::format
