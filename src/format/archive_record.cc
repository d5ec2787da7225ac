// Archive record import: preamble (record date, title), sections (Citation, Summary, Credits,
// Original Language, Contents) and hand-over of the document blocks
// (docs/format/archive-record.md).
#include "chancery/format/archive_record.h"

#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/format/cable_text.h"

#include "format/archive_record_internal.h"

namespace chancery::format {
namespace internal {

bool EndsWithTerminalPunctuation(std::string_view text) {
  text = Trim(text);
  if (text.empty()) {
    return true;
  }
  auto ends_with = [text](std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
  };
  // Closing quotes and brackets end a sentence too: ." .' .) and the UTF-8 curly quotes.
  if (ends_with("\xe2\x80\x9d") || ends_with("\xe2\x80\x99")) {
    return true;
  }
  static constexpr std::string_view kTerminal = ".!?:;\"')";
  return kTerminal.find(text.back()) != std::string_view::npos;
}

bool StartsWithLower(std::string_view text) {
  text = Trim(text);
  return !text.empty() && std::islower(static_cast<unsigned char>(text.front())) != 0;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (end > start) {
      words.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return words;
}

size_t FindIgnoreCase(std::string_view haystack, std::string_view needle, size_t from) {
  if (needle.size() > haystack.size()) {
    return std::string_view::npos;
  }
  for (size_t i = from; i + needle.size() <= haystack.size(); ++i) {
    if (EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace internal

namespace {

using internal::Block;

// The sections the parser reads (§Sections); others are kept as "unparsed" notes.
enum class Section { kNone, kCitation, kSummary, kCredits, kOriginalLanguage, kContents, kOther };

constexpr size_t kMaxSectionHeaderWords = 6;

// "Citation:" and the like: one short line of words ending in a colon.
bool IsSectionHeader(std::string_view line) {
  line = Trim(line);
  if (line.size() < 2 || line.back() != ':' || line.find(": ") != std::string_view::npos) {
    return false;
  }
  const auto words = internal::Words(line);
  return words.size() <= kMaxSectionHeaderWords &&
         std::isupper(static_cast<unsigned char>(line.front())) != 0;
}

Section SectionOf(std::string_view header) {
  header = Trim(header);
  header.remove_suffix(1);
  if (EqualsIgnoreCase(header, "Citation")) {
    return Section::kCitation;
  }
  if (EqualsIgnoreCase(header, "Summary")) {
    return Section::kSummary;
  }
  if (EqualsIgnoreCase(header, "Credits")) {
    return Section::kCredits;
  }
  if (EqualsIgnoreCase(header, "Original Language")) {
    return Section::kOriginalLanguage;
  }
  if (EqualsIgnoreCase(header, "Contents")) {
    return Section::kContents;
  }
  return Section::kOther;
}

// Splits into blocks; a section header line always forms a block of its own.
std::vector<Block> SplitBlocks(std::string_view text) {
  std::vector<Block> blocks;
  bool open = false;
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    ++line_no;
    std::string_view raw = text.substr(start, end - start);
    const std::string_view line = Trim(raw);
    start = end + 1;
    if (line.empty()) {
      open = false;
      continue;
    }
    const bool header = IsSectionHeader(line) && SectionOf(line) != Section::kOther;
    if (open && !header && !IsSectionHeader(blocks.back().text)) {
      blocks.back().text += " ";
      blocks.back().text += line;
      continue;
    }
    const size_t column = raw.find_first_not_of(" \t") + 1;
    blocks.push_back(Block{std::string(line), line_no, column});
    open = !header;
  }
  return blocks;
}

// "Translation - English", "Original Scan", "Transcript - Chinese".
bool IsContentsEntry(std::string_view text) {
  for (std::string_view kind : {"Translation", "Transcript", "Original", "Scan"}) {
    if (StartsWith(text, kind) && internal::Words(text).size() <= 4) {
      return true;
    }
  }
  return false;
}

Status ErrorAt(std::string_view filename, size_t line, size_t column, std::string_view message) {
  std::string out;
  if (!filename.empty()) {
    out += std::string(filename) + ":";
  }
  out += std::to_string(line) + ":" + std::to_string(column) + ": " + std::string(message);
  return Corruption(out);
}

struct Parts {
  std::vector<Block> preamble;
  std::vector<Block> document;
  const Block* citation_header = nullptr;
  const Block* citation = nullptr;
};

void AddToSection(Section section, const Block& block, model::Cable* cable) {
  auto append = [&block](std::string* field) {
    *field += field->empty() ? "" : " ";
    *field += block.text;
  };
  switch (section) {
    case Section::kSummary:
      append(&cable->summary);
      break;
    case Section::kCredits:
      append(&cable->archival.credits);
      break;
    case Section::kOriginalLanguage:
      append(&cable->archival.original_language);
      break;
    case Section::kContents: {
      cable->archival.contents += cable->archival.contents.empty() ? "" : "; ";
      cable->archival.contents += block.text;
      const size_t dash = block.text.find(" - ");
      if (cable->archival.language.empty() && dash != std::string::npos) {
        cable->archival.language = std::string(Trim(block.text.substr(dash + 3)));
      }
      break;
    }
    case Section::kCitation:
    case Section::kNone:
    case Section::kOther:
      cable->notes.push_back({"unparsed", block.text});
      break;
  }
}

// §Sections: walks the blocks, filling section fields and collecting preamble and document.
Parts ReadSections(const std::vector<Block>& blocks, model::Cable* cable) {
  Parts parts;
  Section section = Section::kNone;
  size_t in_section = 0;  // blocks read in the current section
  for (const Block& b : blocks) {
    const bool document_started = !parts.document.empty();
    // Once the Contents entries are read, a header-like line ("Dear Comrade Minister:") is
    // already part of the document.
    const bool in_contents = section == Section::kContents && in_section > 0;
    if (!document_started && IsSectionHeader(b.text) &&
        !(in_contents && SectionOf(b.text) == Section::kOther)) {
      section = SectionOf(b.text);
      in_section = 0;
      if (section == Section::kCitation) {
        parts.citation_header = &b;
      } else if (section == Section::kOther) {
        cable->notes.push_back({"unparsed", b.text});
      }
      continue;
    }
    const bool document = document_started ||
                          (section == Section::kContents && !IsContentsEntry(b.text)) ||
                          (section == Section::kOriginalLanguage && in_section >= 1);
    ++in_section;
    if (document) {
      parts.document.push_back(b);
    } else if (section == Section::kNone) {
      parts.preamble.push_back(b);
    } else if (section == Section::kCitation && parts.citation == nullptr) {
      parts.citation = &b;
    } else {
      AddToSection(section, b, cable);
    }
  }
  return parts;
}

// §Preamble: the record date block and the title block(s).
Status ReadPreamble(const Parts& parts, std::string_view filename, size_t last_line,
                    model::Cable* cable) {
  bool have_date = false;
  for (const Block& b : parts.preamble) {
    internal::RecordDate date;
    if (!have_date && internal::ParseRecordDate(b.text, &date)) {
      have_date = true;
      cable->date = date.date;
      cable->earliest = date.earliest;
      cable->latest = date.latest;
      if (date.approximate) {
        cable->notes.push_back({"date", b.text});
      }
    } else if (!have_date && internal::StartsWithMonth(b.text) && b.text.size() < 40) {
      return ErrorAt(filename, b.line, b.column, "malformed record date '" + b.text + "'");
    } else if (cable->title.empty()) {
      cable->title = b.text;
    } else {
      cable->notes.push_back({"unparsed", b.text});
    }
  }
  const size_t line = parts.citation_header != nullptr ? parts.citation_header->line : last_line;
  if (cable->title.empty()) {
    return ErrorAt(filename, line, 1, "missing title before the citation");
  }
  if (!have_date) {
    return ErrorAt(filename, line, 1, "missing record date before the citation");
  }
  return Status::Ok();
}

// §Translations: a record whose Contents list a translation ("Translation - English") into
// another language than its original language is that translation; the file holds no original,
// so the original is not held here.
void MarkTranslation(model::Cable* cable) {
  const model::ArchivalDescription& a = cable->archival;
  bool translation = false;
  for (const std::string& entry : SplitTrimmed(a.contents, ';')) {
    translation = translation || StartsWith(entry, "Translation");
  }
  if (translation && !a.original_language.empty() && !a.language.empty() &&
      !EqualsIgnoreCase(a.original_language, a.language)) {
    cable->translation_of.not_held = true;
  }
}

}  // namespace

bool LooksLikeArchiveRecord(std::string_view text) {
  constexpr size_t kMaxLines = 60;
  size_t line_no = 0;
  size_t start = 0;
  while (start < text.size() && line_no < kMaxLines) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (Trim(text.substr(start, end - start)) == "Citation:") {
      return true;
    }
    ++line_no;
    start = end + 1;
  }
  return false;
}

Result<model::Cable> ParseArchiveRecord(std::string_view text, std::string_view filename) {
  std::string_view body = text;
  if (StartsWith(body, "\xef\xbb\xbf")) {
    body.remove_prefix(3);
  }
  const std::vector<Block> blocks = SplitBlocks(body);
  const size_t last_line = blocks.empty() ? 1 : blocks.back().line;
  model::Cable cable;
  const Parts parts = ReadSections(blocks, &cable);
  if (parts.citation_header == nullptr) {
    return ErrorAt(filename, last_line, 1, "missing citation section");
  }
  CHANCERY_RETURN_IF_ERROR(ReadPreamble(parts, filename, last_line, &cable));
  if (parts.citation == nullptr) {
    return ErrorAt(filename, parts.citation_header->line, 1, "empty citation section");
  }
  cable.archival.citation = parts.citation->text;
  internal::ParseCitation(cable.archival.citation, &cable.archival);
  internal::ParseDocument(parts.document, &cable);
  MarkTranslation(&cable);
  cable.id = internal::IdFromSourceUrl(cable.archival.source_url);
  if (cable.id.empty()) {
    cable.id = DeriveId(text);
  }
  return cable;
}

}  // namespace chancery::format
