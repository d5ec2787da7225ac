// Parsing of the cable text format: lines, header block, body, enclosures.
// docs/format/cable-text.md §2, §3, §7, §10.
#include <string>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/format/cable_text.h"

#include "format/cable_text_internal.h"

namespace chancery::format {
namespace {

using internal::HeaderState;
using internal::Key;

constexpr std::string_view kEnclosurePrefix = "=== Enclosure:";
constexpr std::string_view kDelimiterMark = "===";

bool IsKeyChar(char c, bool first) {
  const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return first ? alpha : (alpha || (c >= '0' && c <= '9') || c == '-');
}

class Parser {
 public:
  explicit Parser(std::string_view filename) : filename_(filename) {}

  Result<model::Cable> Run(std::string_view text);

 private:
  Status Error(size_t line, size_t col, std::string_view message) const;
  Status SplitLines(std::string_view text);
  Status ParseHeaderLine(size_t index);
  Status ParseBody(size_t first);
  Status FinishParagraph();
  Status StartEnclosure(size_t index);

  std::string_view filename_;
  std::vector<std::string_view> lines_;
  HeaderState state_;
  std::vector<bool> seen_ = std::vector<bool>(static_cast<size_t>(Key::kCount), false);
  // The paragraph being accumulated: its first line number and raw joined text (§7.1).
  size_t para_line_ = 0;
  std::string para_;
  std::vector<model::Paragraph>* target_ = nullptr;  // body or the current enclosure
};

Status Parser::Error(size_t line, size_t col, std::string_view message) const {
  std::string out;
  if (!filename_.empty()) {
    out += filename_;
    out += ':';
  }
  out += std::to_string(line) + ":" + std::to_string(col) + ": ";
  out += message;
  return Corruption(out);
}

// docs/format/cable-text.md §2.1
Status Parser::SplitLines(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const size_t cr = line.find('\r');
    if (cr != std::string_view::npos) {
      return Error(lines_.size() + 1, cr + 1, "carriage return inside line");
    }
    lines_.push_back(line);
    start = end + 1;
  }
  return Status::Ok();
}

// docs/format/cable-text.md §3.1-§3.3
Status Parser::ParseHeaderLine(size_t index) {
  const std::string_view line = lines_[index];
  const size_t line_no = index + 1;
  size_t colon = 0;
  while (colon < line.size() && IsKeyChar(line[colon], colon == 0)) {
    ++colon;
  }
  if (colon == 0 || colon >= line.size() || line[colon] != ':') {
    return Error(line_no, colon + 1, "expected \"Key: value\" header line");
  }
  const std::string_view name = line.substr(0, colon);
  const std::optional<Key> key = internal::LookupKey(name);
  if (!key.has_value()) {
    state_.cable.unparsed_headers.emplace_back(line);
    return Status::Ok();
  }
  const std::string_view key_name = internal::KeyName(*key);
  const size_t slot = static_cast<size_t>(*key);
  if (seen_[slot] && !internal::IsListKey(*key)) {
    return Error(line_no, 1, "duplicate key " + std::string(key_name));
  }
  seen_[slot] = true;
  const std::string_view rest = line.substr(colon + 1);
  const std::string_view value = Trim(rest);
  const size_t value_col = colon + 2 + (value.empty() ? 0 : rest.find(value.front()));
  const Status status = internal::ApplyHeader(*key, value, &state_);
  if (!status.ok()) {
    return Error(line_no, value_col,
                 std::string(status.message()) + " in " + std::string(key_name));
  }
  return Status::Ok();
}

// docs/format/cable-text.md §7.2, §7.3
Status Parser::FinishParagraph() {
  if (para_line_ == 0) {
    return Status::Ok();
  }
  model::Paragraph p;
  std::string_view text = para_;
  if (StartsWith(text, "((")) {
    const size_t close = text.find("))", 2);
    if (close == std::string_view::npos) {
      return Error(para_line_, 1, "unterminated portion mark");
    }
    Result<model::Label> label = internal::ParseBanner(text.substr(2, close - 2));
    if (!label.ok()) {
      return Error(para_line_, 3, label.status().message());
    }
    p.portion = std::move(label).value();
    text = text.substr(close + 2);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      text.remove_prefix(1);
    }
  }
  if (StartsWith(text, "\\")) {
    text.remove_prefix(1);
  }
  p.text = std::string(text);
  target_->push_back(std::move(p));
  para_line_ = 0;
  para_.clear();
  return Status::Ok();
}

// docs/format/cable-text.md §7.4
Status Parser::StartEnclosure(size_t index) {
  const std::string_view line = Trim(lines_[index]);
  if (!StartsWith(line, kEnclosurePrefix) || line.size() < kEnclosurePrefix.size() + 3 ||
      line.substr(line.size() - 3) != kDelimiterMark) {
    return Error(index + 1, 1, "malformed enclosure delimiter");
  }
  model::Enclosure enclosure;
  enclosure.title = std::string(Trim(line.substr(
      kEnclosurePrefix.size(), line.size() - kEnclosurePrefix.size() - kDelimiterMark.size())));
  state_.cable.enclosures.push_back(std::move(enclosure));
  target_ = &state_.cable.enclosures.back().paragraphs;
  return Status::Ok();
}

// docs/format/cable-text.md §7
Status Parser::ParseBody(size_t first) {
  target_ = &state_.cable.body;
  for (size_t i = first; i < lines_.size(); ++i) {
    const std::string_view line = Trim(lines_[i]);
    if (line.empty()) {
      CHANCERY_RETURN_IF_ERROR(FinishParagraph());
      continue;
    }
    if (StartsWith(line, kDelimiterMark)) {
      CHANCERY_RETURN_IF_ERROR(FinishParagraph());
      CHANCERY_RETURN_IF_ERROR(StartEnclosure(i));
      continue;
    }
    if (para_line_ == 0) {
      para_line_ = i + 1;
    } else {
      para_ += ' ';
    }
    para_ += line;
  }
  return FinishParagraph();
}

Result<model::Cable> Parser::Run(std::string_view text) {
  CHANCERY_RETURN_IF_ERROR(SplitLines(text));
  size_t index = 0;
  for (; index < lines_.size() && !Trim(lines_[index]).empty(); ++index) {
    CHANCERY_RETURN_IF_ERROR(ParseHeaderLine(index));
  }
  internal::FinishHeader(&state_);
  CHANCERY_RETURN_IF_ERROR(ParseBody(index + 1));
  model::Cable cable = std::move(state_.cable);
  // Guaranteed by the checks above (§10.2); kept as a guard against future keys.
  model::Cable check = cable;
  if (check.id.empty()) {
    check.id = "unset";
  }
  const Status valid = model::Validate(check);
  if (!valid.ok()) {
    return Error(1, 1, valid.message());
  }
  return cable;
}

}  // namespace

Result<model::Cable> ParseCableText(std::string_view text, std::string_view filename) {
  Parser parser(filename);
  return parser.Run(text);
}

}  // namespace chancery::format
