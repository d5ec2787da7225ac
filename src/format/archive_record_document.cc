// The document inside an archive record: contents header, approval/serial/precedence line,
// addressee line, body, signature block and enclosure (docs/format/archive-record.md §Document).
#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"

#include "format/archive_record_internal.h"

namespace chancery::format::internal {
namespace {

constexpr size_t kMaxHeaderLength = 400;
constexpr size_t kMaxSignatureLength = 250;
constexpr size_t kMaxTitleLength = 400;

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The LaTeX artefacts of archive transcriptions: "\times" is the multiplication sign.
std::string NormalizeText(std::string s) {
  s = ReplaceAll(std::move(s), "$\\times$", "\xc3\x97");
  return ReplaceAll(std::move(s), "\\times", "\xc3\x97");
}

model::DocumentKind KindOf(std::string_view word) {
  const std::string w = AsciiLower(word);
  if (w == "telegram" || w == "cable") {
    return model::DocumentKind::kTelegram;
  }
  if (w == "airgram") {
    return model::DocumentKind::kAirgram;
  }
  if (w == "letter") {
    return model::DocumentKind::kLetter;
  }
  if (w == "memorandum" || w == "memo" || w == "minutes") {
    return model::DocumentKind::kMemorandum;
  }
  if (w == "note") {
    return model::DocumentKind::kNote;
  }
  if (w == "report") {
    return model::DocumentKind::kReport;
  }
  if (w == "instruction" || w == "directive" || w == "circular") {
    return model::DocumentKind::kOther;
  }
  return model::DocumentKind::kUnknown;
}

// A prose date, or the word "Undated" standing in for one (date left unset).
bool FindDateOrUndated(std::string_view text, size_t* pos, size_t* len, model::Date* out) {
  if (FindProseDate(text, pos, len, out)) {
    return true;
  }
  static constexpr std::string_view kUndated = "Undated";
  for (size_t at = text.find(kUndated); at != std::string_view::npos;
       at = text.find(kUndated, at + 1)) {
    const size_t end = at + kUndated.size();
    if ((at == 0 || text[at - 1] == ' ') && (end == text.size() || text[end] == ' ')) {
      *pos = at;
      *len = kUndated.size();
      *out = model::Date();
      return true;
    }
  }
  return false;
}

// "<office> of the <organization> <internal reference> <date> <organization> <type>" (§Header).
bool ParseHeader(std::string_view text, model::Cable* cable) {
  size_t pos = 0;
  size_t len = 0;
  model::Date drafted;
  if (text.size() > kMaxHeaderLength || !FindDateOrUndated(text, &pos, &len, &drafted)) {
    return false;
  }
  const std::string_view before = Trim(text.substr(0, pos));
  const std::string_view after = Trim(text.substr(pos + len));
  const auto words = Words(after);
  size_t kind_at = words.size();
  for (size_t i = words.size(); i-- > 0 && kind_at == words.size();) {
    if (KindOf(words[i]) != model::DocumentKind::kUnknown) {
      kind_at = i;
    }
  }
  if (kind_at == words.size() || EndsWithTerminalPunctuation(after)) {
    return false;
  }
  size_t type_at = kind_at;
  for (size_t i = 0; i < kind_at; ++i) {
    const std::string_view tail = after.substr(static_cast<size_t>(words[i].data() - after.data()));
    if (!LeadingMarking(tail).empty()) {
      type_at = i;
      break;
    }
  }
  const auto type_offset = static_cast<size_t>(words[type_at].data() - after.data());
  cable->drafted = drafted;
  cable->document_type = std::string(after.substr(type_offset));
  cable->kind = KindOf(words[kind_at]);
  cable->organization = std::string(Trim(after.substr(0, type_offset)));
  const std::string_view marking = LeadingMarking(cable->document_type);
  if (!marking.empty()) {
    SetMarking(marking, cable);
  }
  const size_t org = cable->organization.empty() ? std::string_view::npos
                                                 : before.find(" of the " + cable->organization);
  if (org == std::string_view::npos) {
    cable->office = std::string(before);
    return true;
  }
  cable->office = std::string(before.substr(0, org));
  cable->internal_reference = std::string(
      Trim(before.substr(org + std::string_view(" of the ").size() + cable->organization.size())));
  return true;
}

// "(63) B-Yin-692": series "B-Yin", year 1963, number 692 (§Serial).
model::Serial ParseSerial(std::string_view text, int32_t century) {
  model::Serial serial;
  serial.original = std::string(Trim(text));
  std::string_view rest = serial.original;
  if (rest.size() > 2 && rest.front() == '(') {
    const size_t close = rest.find(')');
    const std::string_view year = rest.substr(1, close - 1);
    if (close != std::string_view::npos && (year.size() == 2 || year.size() == 4) &&
        year.find_first_not_of("0123456789") == std::string_view::npos) {
      serial.year = std::stoi(std::string(year)) + (year.size() == 2 ? century : 0);
      rest = Trim(rest.substr(close + 1));
    }
  }
  size_t digits = rest.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(rest[digits - 1])) != 0) {
    --digits;
  }
  constexpr size_t kMaxDigits = 15;
  if (digits < rest.size() && rest.size() - digits <= kMaxDigits) {
    serial.number = std::stoll(std::string(rest.substr(digits)));
    rest = rest.substr(0, digits);
  }
  while (!rest.empty() && (rest.back() == '-' || rest.back() == ' ' || rest.back() == '/')) {
    rest.remove_suffix(1);
  }
  serial.series = std::string(rest);
  return serial;
}

// The earliest of `keys` in `text` at or after `from`, or text.size().
constexpr std::array<std::string_view, 6> kApprovalKeys = {
    "Approved by ", " Sent ", "Outgoing ", "Incoming ", "Priority: ", "Precedence: "};

size_t NextKey(std::string_view text, size_t from, const std::array<std::string_view, 6>& keys) {
  size_t best = text.size();
  for (std::string_view k : keys) {
    const size_t at = text.find(k, from);
    best = at < best ? at : best;
  }
  return best;
}

void SetPrecedence(std::string_view verbatim, model::Precedence* precedence) {
  model::PrecedenceRank rank = model::PrecedenceRank::kUnknown;
  if (model::ParsePrecedenceRank(verbatim, &rank) && rank != model::PrecedenceRank::kUnknown) {
    precedence->rank = rank;  // the canonical name itself: no original spelling to keep
    return;
  }
  precedence->original = std::string(verbatim);
}

// One keyed part of the approval line: `key` is one of kApprovalKeys.
void ApplyApprovalPart(std::string_view key, std::string_view value, model::Cable* cable) {
  if (key == "Approved by ") {
    for (std::string& name : SplitNameList(value)) {
      cable->approvals.push_back({std::move(name), model::ApprovalState::kApproved, {}, {}});
    }
    return;
  }
  if (key == " Sent ") {
    model::Date sent;
    if (ParseProseDate(value, &sent)) {
      cable->released = sent;
    } else {
      cable->notes.push_back({"sent", std::string(value)});
    }
    return;
  }
  if (key == "Outgoing " || key == "Incoming ") {
    const int32_t century = cable->date.IsSet() ? cable->date.Year() / 100 * 100 : 1900;
    cable->direction =
        key == "Outgoing " ? model::Direction::kOutgoing : model::Direction::kIncoming;
    cable->serial = ParseSerial(value, century);
    return;
  }
  SetPrecedence(value, &cable->precedence);
}

// "Approved by A and B Sent <when>, Outgoing <serial> Priority: <precedence>" (§Approval line).
bool ParseApprovalLine(std::string_view text, model::Cable* cable) {
  if (!StartsWith(text, "Approved by ") && text.find("Priority: ") == std::string_view::npos &&
      text.find("Precedence: ") == std::string_view::npos) {
    return false;
  }
  const size_t first = NextKey(text, 0, kApprovalKeys);
  if (first > 0) {  // words before the first key are kept, never dropped
    cable->notes.push_back({"unparsed", std::string(Trim(text.substr(0, first)))});
  }
  for (size_t at = first; at < text.size();) {
    std::string_view key;
    for (std::string_view k : kApprovalKeys) {
      key = key.empty() && StartsWith(text.substr(at), k) ? k : key;
    }
    const size_t end = NextKey(text, at + key.size(), kApprovalKeys);
    std::string_view value = Trim(text.substr(at + key.size(), end - at - key.size()));
    if (!value.empty() && value.back() == ',') {
      value.remove_suffix(1);
    }
    ApplyApprovalPart(key, value, cable);
    at = end;
  }
  return true;
}

// A signature block: a run of capitalized body names ending in a date (§Signature).
bool ParseSignature(std::string_view text, model::Cable* cable) {
  size_t pos = 0;
  size_t len = 0;
  model::Date date;
  if (text.size() > kMaxSignatureLength || !FindDateOrUndated(text, &pos, &len, &date) ||
      pos + len != text.size() || pos == 0) {
    return false;
  }
  const std::string_view names = Trim(text.substr(0, pos));
  if (names.find_first_of(".,;:\"") != std::string_view::npos) {
    return false;
  }
  for (std::string_view w : Words(names)) {
    const bool small = w == "of" || w == "and" || w == "the" || w == "for" || w == "on" ||
                       w == "in" || w == "to" || w == "at";
    if (!small && std::isupper(static_cast<unsigned char>(w.front())) == 0) {
      return false;
    }
  }
  cable->originators = SplitOriginators(names, {cable->organization, cable->office});
  if (!cable->released.IsSet() && date.IsSet()) {
    cable->released = date;
  } else if (date.IsSet() && !(cable->released == date)) {
    cable->notes.push_back({"signature", std::string(text)});  // a second date: keep it
  }
  return true;
}

std::vector<Block> RejoinPageBreaks(std::vector<Block> blocks) {
  std::vector<Block> out;
  for (Block& b : blocks) {
    b.text = NormalizeText(std::move(b.text));
    if (!out.empty() && !EndsWithTerminalPunctuation(out.back().text) && StartsWithLower(b.text)) {
      out.back().text += " " + b.text;
      continue;
    }
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace

void ParseDocument(std::vector<Block> blocks, model::Cable* cable) {
  blocks = RejoinPageBreaks(std::move(blocks));
  size_t end = blocks.size();
  std::vector<std::string> closing;
  while (end > 0 && IsClosingNote(blocks[end - 1].text)) {
    closing.insert(closing.begin(), blocks[--end].text);
  }
  size_t i = 0;
  if (i < end && ParseHeader(blocks[i].text, cable)) {
    ++i;
  }
  if (i < end && ParseApprovalLine(blocks[i].text, cable)) {
    ++i;
  }
  if (i < end && ParseAddresseeLine(blocks[i].text, cable)) {
    ++i;
  }
  bool signed_off = false;
  for (; i < end && !signed_off; ++i) {
    signed_off = ParseSignature(blocks[i].text, cable);
    if (!signed_off) {
      cable->body.push_back({blocks[i].text, std::nullopt});
    }
  }
  if (i < end) {
    model::Enclosure enclosure;
    if (!EndsWithTerminalPunctuation(blocks[i].text) && blocks[i].text.size() <= kMaxTitleLength) {
      enclosure.title = blocks[i++].text;
    }
    for (; i < end; ++i) {
      enclosure.paragraphs.push_back({blocks[i].text, std::nullopt});
    }
    cable->enclosures.push_back(std::move(enclosure));
  }
  for (const std::string& note : closing) {
    if (!ParseClosingNote(note, cable)) {
      cable->notes.push_back({"unparsed", note});
    }
  }
  AddBodyCaveats(cable);
}

}  // namespace chancery::format::internal
