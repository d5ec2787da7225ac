// FRUS TEI import: one printed volume of the Foreign Relations of the United States, as the
// Office of the Historian encodes it in TEI P5 XML (../shared/corpus/frus/README.md), becomes one
// model::Cable per <div type="document">. The mapping from TEI to model fields and the anomaly
// kinds are specified in docs/format/frus-tei.md.
//
// The parser is a single streaming SAX pass over the volume (libxml2); it never builds a DOM.
// FRUS documents are published: their classification and precedence are historical metadata
// (Cable::original_marking, Cable::precedence); Cable::current_label is left empty for the
// importer to set at the policy's public level. Pure functions; thread-safe (libxml2 is
// initialized once, on first use).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format {

// Something in the source that the importer could not map cleanly. The document is kept
// (possibly without the affected field); anomalies are reported, never fatal.
struct FrusAnomaly {
  std::string volume;    // volume id, e.g. "frus1864p3"
  std::string document;  // document xml:id ("d12"); empty for volume-level anomalies
  int64_t line = 0;      // 1-based line in the volume XML; 0 when unknown
  std::string kind;  // stable kind, see docs/format/frus-tei.md §Anomalies ("invalid-date", ...)
  std::string message;  // lower case, human readable
};

struct FrusVolume {
  std::string id;                       // "frus1961-63v22"
  std::string title;                    // titleStmt/title[@type='complete'], whitespace collapsed
  std::vector<model::Cable> documents;  // in document order; each passes model::Validate
  std::vector<FrusAnomaly> anomalies;
};

// True if `path` ends in ".xml" or ".xml.zst" and `head` (the first bytes of the file, raw or
// zstd-compressed; 4 KiB is plenty) shows a TEI root element in the TEI namespace with a FRUS
// volume id (TEI/@xml:id or idno[@type='frus'] starting "frus").
bool LooksLikeFrusTei(std::string_view path, std::string_view head);

// Reads the whole file at `path`; when it ends in ".zst" or starts with the zstd magic number,
// decompresses it (streaming, all frames). Errors: kIoError "<path>: <reason>" when the file
// cannot be opened or read; kCorruption "<path>: <reason>" for invalid or truncated zstd data or
// output larger than 1 GiB.
Result<std::string> ReadFileMaybeZstd(const std::string& path);
// The same for bytes already read from `path` (named in errors; its ".zst" ending or the magic
// number says whether to decompress).
Result<std::string> DecompressMaybeZstd(std::string data, const std::string& path);

// Parses one FRUS volume. `filename` is used in messages and, when the XML names no volume id,
// as the id (its base name without ".xml"/".xml.zst"). On success every document is mapped as
// docs/format/frus-tei.md specifies; fields that are missing or malformed become anomalies.
// Errors: kCorruption "<filename>:<line>:<column>: <message>" when the XML is not well formed
// before the first document is complete, or the root is not a TEI element; when broken markup
// comes later, the documents read so far are returned with a "markup-error" anomaly instead.
// kInvalidArgument when `xml` is larger than 2 GiB.
Result<FrusVolume> ParseFrusVolume(std::string_view xml, std::string_view filename);

}  // namespace chancery::format
