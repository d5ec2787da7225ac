// The state machine of the FRUS SAX pass (frus_tei_collect.cc), kept free of libxml2 types:
// frus_tei_sax.cc feeds it start tags, end tags and character data. Not thread-safe; one per
// parse. docs/format/frus-tei.md §Mapping.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/strings.h"

#include "format/frus_tei_internal.h"

namespace chancery::format::internal {

// The elements the collector cares about.
enum class FrusTag : uint8_t {
  kOther,
  kTei,
  kDiv,
  kHead,
  kNote,
  kGloss,
  kPersName,
  kDateline,
  kPlaceName,
  kDate,
  kBlock,
  kItem,
  kList,
  kRef,
  kSigned,
  kLb,
  kCell,
  kTitle,
  kIdno,
};

// What to do with an element's sink when it closes.
enum class FrusRole : uint8_t {
  kNone,
  kDocDiv,
  kDocHead,
  kParty,
  kNote,
  kDateline,
  kPlace,
  kBlock,
  kToListItem,
  kToList,
  kToListHead,
  kRef,
  kSigned,
  kVolumeTitle,
  kPersonEntry,
  kVolumeIdno,
  kTitleStmt,
  kDivision,      // a non-document div outside documents (chapter, compilation, ...)
  kDivisionHead,  // its first head
  kDivisionNote,  // a note in that head: dropped
};

struct FrusFrame {
  FrusRole role = FrusRole::kNone;
  uint32_t sinks_before = 0;
  uint32_t floor_before = 0;
  std::string aux;    // corresp, ref target, person id, note type
  bool flag = false;  // party: from; note: n="0"
  bool person = false;
  std::string marker;  // note: "[n]" when it stands in the body text
};

struct FrusSink {
  std::string text;
  bool block = false;
};

// Attributes of a SAX2 start tag: 5 pointers each (localname, prefix, URI, value, end).
class FrusAttributes {
 public:
  FrusAttributes(int count, const unsigned char** values) : count_(count), values_(values) {}

  // The value of the attribute `name` (no prefix) or, with `xml`, of xml:`name`.
  std::string_view Get(const char* name, bool xml = false) const {
    for (int i = 0; i < count_; ++i) {
      const unsigned char** attr = values_ + 5 * i;
      const bool has_xml_prefix =
          attr[1] != nullptr && std::strcmp(reinterpret_cast<const char*>(attr[1]), "xml") == 0;
      if (has_xml_prefix == xml && std::strcmp(reinterpret_cast<const char*>(attr[0]), name) == 0) {
        const char* begin = reinterpret_cast<const char*>(attr[3]);
        return {begin, static_cast<size_t>(attr[4] - attr[3])};
      }
    }
    return {};
  }

 private:
  int count_;
  const unsigned char** values_;
};

class FrusCollector {
 public:
  explicit FrusCollector(FrusRawVolume* out) : out_(out) {}

  // A start tag with its SAX2 attributes and line. Returns false when parsing should stop (the
  // root element is not TEI).
  bool Start(const char* localname, int nb_attributes, const unsigned char** attributes,
             int64_t line);
  // An end tag; REQUIRES: matches a Start.
  void End();

  // Character data, routed to the open sinks.
  void Text(const char* text, size_t len) {
    for (size_t i = floor_; i < sinks_.size(); ++i) {
      sinks_[i].text.append(text, len);
    }
  }

  bool saw_root() const { return saw_root_; }

  bool root_is_tei() const { return root_is_tei_; }

  size_t completed_documents() const { return completed_; }

 private:
  FrusRawDocument& Doc() { return out_->documents[open_docs_.back()]; }

  void PushSink(bool blocking, bool block = false) {
    sinks_.push_back(FrusSink{std::string(), block});
    if (blocking) {
      floor_ = sinks_.size() - 1;
    }
  }

  std::string PopSinkText(const FrusFrame& frame) {
    return std::move(sinks_[frame.sinks_before].text);
  }

  void FlushBlock(std::string* text) {
    if (Trim(*text).empty()) {
      text->clear();
      return;
    }
    Doc().paragraphs.push_back(std::move(*text));
    text->clear();
  }

  void StartVolumeElement(FrusTag tag, std::string_view name, const FrusAttributes& attrs,
                          FrusFrame* frame);
  void StartDocument(const FrusAttributes& attrs, FrusFrame* frame);
  void StartDocElement(FrusTag tag, const FrusAttributes& attrs, FrusFrame* frame);
  void StartBlock(FrusFrame* frame, FrusRole role);
  void EndDocElement(const FrusFrame& frame);

  FrusRawVolume* out_;
  int64_t line_ = 0;
  std::vector<FrusFrame> frames_;
  std::vector<FrusSink> sinks_;
  size_t floor_ = 0;
  std::vector<size_t> open_docs_;
  size_t completed_ = 0;
  // Heads of the open non-document divisions outside documents ("" until the head is read).
  std::vector<std::string> divisions_;
  bool in_division_head_ = false;
  int note_depth_ = 0;
  bool in_doc_head_ = false;
  bool in_dateline_ = false;
  bool date_taken_ = false;
  bool saw_root_ = false;
  bool root_is_tei_ = false;
  bool title_complete_ = false;
  bool in_title_stmt_ = false;
};

}  // namespace chancery::format::internal
