// The FRUS SAX pass's state machine (frus_tei_collector_internal.h): for every
// <div type="document">, collects the raw text of its head, notes, dateline, paragraphs and lists
// (docs/format/frus-tei.md §Mapping). Text is routed to "sinks": each open element of interest
// pushes a string that receives the character data beneath it. A blocking sink (paragraph, note,
// head, dateline) hides the sinks of its ancestors, so a footnote's text never reaches the
// paragraph around it.
#include <cstring>
#include <string>
#include <string_view>

#include "format/frus_tei_collector_internal.h"

namespace chancery::format::internal {
namespace {

struct TagName {
  const char* name;
  FrusTag tag;
};

constexpr TagName kTags[] = {
    {"p", FrusTag::kBlock},       {"hi", FrusTag::kOther},
    {"note", FrusTag::kNote},     {"lb", FrusTag::kLb},
    {"pb", FrusTag::kOther},      {"persName", FrusTag::kPersName},
    {"gloss", FrusTag::kGloss},   {"item", FrusTag::kItem},
    {"ref", FrusTag::kRef},       {"head", FrusTag::kHead},
    {"div", FrusTag::kDiv},       {"dateline", FrusTag::kDateline},
    {"date", FrusTag::kDate},     {"placeName", FrusTag::kPlaceName},
    {"list", FrusTag::kList},     {"cell", FrusTag::kCell},
    {"row", FrusTag::kBlock},     {"closer", FrusTag::kBlock},
    {"signed", FrusTag::kSigned}, {"salute", FrusTag::kBlock},
    {"opener", FrusTag::kBlock},  {"ab", FrusTag::kBlock},
    {"label", FrusTag::kBlock},   {"postscript", FrusTag::kBlock},
    {"byline", FrusTag::kBlock},  {"quote", FrusTag::kBlock},
    {"title", FrusTag::kTitle},   {"idno", FrusTag::kIdno},
    {"TEI", FrusTag::kTei},
};

FrusTag Classify(const char* name) {
  for (const TagName& entry : kTags) {
    if (std::strcmp(name, entry.name) == 0) {
      return entry.tag;
    }
  }
  return FrusTag::kOther;
}

}  // namespace

bool FrusCollector::Start(const char* localname, int nb_attributes,
                          const unsigned char** attributes, int64_t line) {
  line_ = line;
  const FrusTag tag = Classify(localname);
  const FrusAttributes attrs(nb_attributes, attributes);
  FrusFrame frame;
  frame.sinks_before = static_cast<uint32_t>(sinks_.size());
  frame.floor_before = static_cast<uint32_t>(floor_);
  if (!saw_root_) {
    saw_root_ = true;
    root_is_tei_ = tag == FrusTag::kTei;
    if (!root_is_tei_) {
      frames_.push_back(std::move(frame));
      return false;
    }
  }
  if (tag == FrusTag::kDiv && attrs.Get("type") == "document") {
    StartDocument(attrs, &frame);
  } else if (open_docs_.empty()) {
    StartVolumeElement(tag, localname, attrs, &frame);
  } else {
    StartDocElement(tag, attrs, &frame);
  }
  frames_.push_back(std::move(frame));
  return true;
}

void FrusCollector::StartVolumeElement(FrusTag tag, std::string_view name,
                                       const FrusAttributes& attrs, FrusFrame* frame) {
  if (tag == FrusTag::kTei) {
    out_->id = std::string(attrs.Get("id", /*xml=*/true));
  } else if (name == "titleStmt") {
    frame->role = FrusRole::kTitleStmt;
    in_title_stmt_ = true;
  } else if (tag == FrusTag::kTitle && in_title_stmt_ && !title_complete_) {
    frame->role = FrusRole::kVolumeTitle;
    frame->flag = attrs.Get("type") == "complete";
    PushSink(false);
  } else if (tag == FrusTag::kIdno && attrs.Get("type") == "frus" && out_->id.empty()) {
    frame->role = FrusRole::kVolumeIdno;
    PushSink(false);
  } else if (tag == FrusTag::kDiv) {
    frame->role = FrusRole::kDivision;
    divisions_.emplace_back();
  } else if (tag == FrusTag::kHead && !frames_.empty() &&
             frames_.back().role == FrusRole::kDivision && divisions_.back().empty()) {
    frame->role = FrusRole::kDivisionHead;
    in_division_head_ = true;
    PushSink(true);
  } else if (tag == FrusTag::kNote && in_division_head_) {
    frame->role = FrusRole::kDivisionNote;  // a footnote in a division head: not part of it
    PushSink(true);
  } else if (tag == FrusTag::kLb && in_division_head_) {
    Text(" ", 1);
  } else if (tag == FrusTag::kPersName && !attrs.Get("id", true).empty()) {
    frame->role = FrusRole::kPersonEntry;
    frame->aux = std::string(attrs.Get("id", true));
    PushSink(false);
  }
}

void FrusCollector::StartDocument(const FrusAttributes& attrs, FrusFrame* frame) {
  FrusRawDocument doc;
  doc.xml_id = std::string(attrs.Get("id", true));
  doc.n = std::string(attrs.Get("n"));
  doc.line = line_;
  for (const std::string& head : divisions_) {
    if (!head.empty() && head != "\x01") {
      doc.divisions.push_back(head);
    }
  }
  if (!open_docs_.empty()) {
    doc.parent_id = Doc().xml_id;
  }
  out_->documents.push_back(std::move(doc));
  open_docs_.push_back(out_->documents.size() - 1);
  frame->role = FrusRole::kDocDiv;
  PushSink(true, true);
  in_doc_head_ = false;
  in_dateline_ = false;
  date_taken_ = false;
}

void FrusCollector::StartBlock(FrusFrame* frame, FrusRole role) {
  if (sinks_.empty() || !sinks_[floor_].block) {
    Text(" ", 1);  // a paragraph inside a note or head: keep words apart
    return;
  }
  FlushBlock(&sinks_[floor_].text);
  frame->role = role;
  PushSink(true, true);
}

void FrusCollector::StartDocElement(FrusTag tag, const FrusAttributes& attrs, FrusFrame* frame) {
  FrusRawDocument& doc = Doc();
  const FrusRole parent = frames_.empty() ? FrusRole::kNone : frames_.back().role;
  switch (tag) {
    case FrusTag::kHead:
      if (parent == FrusRole::kDocDiv && !doc.has_head) {
        frame->role = FrusRole::kDocHead;
        doc.has_head = true;
        in_doc_head_ = true;
        PushSink(true);
      } else if (parent == FrusRole::kToList) {
        frame->role = FrusRole::kToListHead;
        PushSink(true);
      } else {
        StartBlock(frame, FrusRole::kBlock);
      }
      return;
    case FrusTag::kNote:
      frame->role = FrusRole::kNote;
      frame->aux = std::string(attrs.Get("type"));
      frame->flag = attrs.Get("n") == "0";
      if (!sinks_.empty() && sinks_[floor_].block && frame->aux != "source" &&
          frame->aux != "summary") {
        // A footnote inside the body text: its number stays where the printed page shows it.
        const std::string_view n = attrs.Get("n");
        frame->marker =
            "[" + (n.empty() ? std::to_string(doc.footnotes.size() + 1) : std::string(n)) + "]";
        Text(frame->marker.data(), frame->marker.size());
      }
      ++note_depth_;
      PushSink(true);
      return;
    case FrusTag::kGloss:
    case FrusTag::kPersName: {
      const std::string_view type = attrs.Get("type");
      if (in_doc_head_ && note_depth_ == 0 && (type == "from" || type == "to")) {
        frame->role = FrusRole::kParty;
        frame->flag = type == "from";
        frame->person = tag == FrusTag::kPersName;
        frame->aux = std::string(attrs.Get("corresp"));
        PushSink(false);
      } else if (tag == FrusTag::kPersName && !attrs.Get("corresp").empty()) {
        doc.text_persons.emplace_back(attrs.Get("corresp"));
      }
      return;
    }
    case FrusTag::kDateline:
      if (!doc.has_dateline && note_depth_ == 0 && !in_doc_head_) {
        frame->role = FrusRole::kDateline;
        doc.has_dateline = true;
        in_dateline_ = true;
        PushSink(true);
      } else {
        StartBlock(frame, FrusRole::kBlock);
      }
      return;
    case FrusTag::kPlaceName:
      if (in_dateline_ && doc.place.empty()) {
        frame->role = FrusRole::kPlace;
        PushSink(false);
      }
      return;
    case FrusTag::kDate:
      if (in_dateline_ && !date_taken_) {
        date_taken_ = true;
        doc.when = std::string(attrs.Get("when"));
        doc.from = std::string(attrs.Get("from"));
        doc.to = std::string(attrs.Get("to"));
        doc.not_before = std::string(attrs.Get("notBefore"));
        doc.not_after = std::string(attrs.Get("notAfter"));
        doc.date_line = line_;
      }
      return;
    case FrusTag::kBlock:
      StartBlock(frame, FrusRole::kBlock);
      return;
    case FrusTag::kItem:
      StartBlock(frame, parent == FrusRole::kToList ? FrusRole::kToListItem : FrusRole::kBlock);
      return;
    case FrusTag::kList:
      if (attrs.Get("type") == "to" && note_depth_ == 0) {
        frame->role = FrusRole::kToList;
        doc.to_lists.emplace_back();
      }
      return;
    case FrusTag::kRef:
      frame->role = FrusRole::kRef;
      frame->aux = std::string(attrs.Get("target"));
      PushSink(false);
      return;
    case FrusTag::kSigned:
      frame->role = FrusRole::kSigned;
      PushSink(false);
      return;
    case FrusTag::kLb:
    case FrusTag::kCell:
      Text(" ", 1);
      return;
    default:
      return;
  }
}

void FrusCollector::End() {
  if (frames_.empty()) {
    return;  // guaranteed by libxml2: every end has a start
  }
  FrusFrame frame = std::move(frames_.back());
  frames_.pop_back();
  switch (frame.role) {
    case FrusRole::kNone:
      break;
    case FrusRole::kVolumeTitle:
      if (out_->title.empty() || frame.flag) {
        out_->title = CollapseSpace(PopSinkText(frame));
        title_complete_ = frame.flag;
      }
      break;
    case FrusRole::kTitleStmt:
      in_title_stmt_ = false;
      break;
    case FrusRole::kVolumeIdno:
      out_->id = CollapseSpace(PopSinkText(frame));
      break;
    case FrusRole::kPersonEntry:
      out_->persons.emplace(frame.aux, CollapseSpace(PopSinkText(frame)));
      break;
    case FrusRole::kDivision:
      divisions_.pop_back();
      break;
    case FrusRole::kDivisionHead:
      // "\x01" marks a division whose head was read, even when empty, so a later head is not it.
      in_division_head_ = false;
      divisions_.back() = CollapseSpace(PopSinkText(frame));
      if (divisions_.back().empty()) {
        divisions_.back() = "\x01";
      }
      break;
    case FrusRole::kDivisionNote:
      break;
    case FrusRole::kDocDiv:
      FlushBlock(&sinks_[frame.sinks_before].text);
      open_docs_.pop_back();
      ++completed_;
      in_doc_head_ = false;
      break;
    default:
      EndDocElement(frame);
      break;
  }
  sinks_.resize(frame.sinks_before);
  floor_ = frame.floor_before;
}

void FrusCollector::EndDocElement(const FrusFrame& frame) {
  FrusRawDocument& doc = Doc();
  switch (frame.role) {
    case FrusRole::kDocHead:
      doc.head = PopSinkText(frame);
      in_doc_head_ = false;
      break;
    case FrusRole::kParty:
      doc.parties.push_back({PopSinkText(frame), frame.aux, frame.person, frame.flag});
      break;
    case FrusRole::kNote: {
      --note_depth_;
      std::string text = PopSinkText(frame);
      if (frame.aux == "summary") {
        doc.summaries.push_back(std::move(text));
      } else if (frame.aux == "source" ||
                 (in_doc_head_ && (frame.flag || StartsWith(Trim(text), "Source:")))) {
        doc.source_notes.push_back(std::move(text));
      } else {
        doc.footnotes.push_back(std::move(text));
        doc.footnote_markers.push_back(frame.marker);
      }
      break;
    }
    case FrusRole::kDateline:
      doc.dateline = PopSinkText(frame);
      in_dateline_ = false;
      break;
    case FrusRole::kPlace:
      doc.place = PopSinkText(frame);
      break;
    case FrusRole::kToListItem:
      if (!doc.to_lists.empty()) {
        doc.to_lists.back().items.push_back(sinks_[frame.sinks_before].text);
      }
      FlushBlock(&sinks_[frame.sinks_before].text);
      break;
    case FrusRole::kBlock:
      FlushBlock(&sinks_[frame.sinks_before].text);
      break;
    case FrusRole::kToListHead:
      if (!doc.to_lists.empty()) {
        doc.to_lists.back().head = PopSinkText(frame);
      }
      break;
    case FrusRole::kRef:
      doc.refs.emplace_back(frame.aux, PopSinkText(frame));
      break;
    case FrusRole::kSigned:
      doc.signers.push_back(PopSinkText(frame));
      break;
    default:
      break;
  }
}

}  // namespace chancery::format::internal
