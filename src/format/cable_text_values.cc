// Value syntax of the cable text format: keys, items, precedence, labels.
// docs/format/cable-text.md §4-§6.
#include <array>
#include <charconv>
#include <string>

#include "chancery/base/strings.h"

#include "format/cable_text_internal.h"

namespace chancery::format::internal {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(Key::kCount)> kKeyNames = {
    "Id",
    "Organization",
    "Office",
    "From",
    "Internal-Reference",
    "Direction",
    "Kind",
    "Document-Type",
    "Serial",
    "Date",
    "Drafted",
    "Approved",
    "Released",
    "Earliest",
    "Latest",
    "Place",
    "Classification",
    "Caveats",
    "Releasable-To",
    "Marking",
    "Current-Classification",
    "Current-Caveats",
    "Current-Releasable-To",
    "Precedence",
    "Drafter",
    "Approved-By",
    "To",
    "Info",
    "Disseminated-To",
    "Also-Informed",
    "Persons",
    "Title",
    "Subject",
    "Summary",
    "Ref",
    "Note",
    "Archive-Repository",
    "Archive-Reference",
    "Original-Language",
    "Language",
    "Translator",
    "Credits",
    "Source-URL",
    "Citation",
    "Contents",
    "Collection",
    "Collection-Title",
    "Chapter",
    "Collection-Position",
    "Subjects",
    "Places",
    "Scope-Note",
    "Translation-Of"};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Position of the first unescaped `c` at or after `from`, or npos.
size_t FindUnescaped(std::string_view raw, char c, size_t from) {
  for (size_t i = from; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      ++i;
    } else if (raw[i] == c) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string Escape(std::string_view text, std::string_view specials) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || specials.find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

Status ParseAttrs(std::string_view raw, Item* item) {
  if (Trim(raw).empty()) {
    return Status::Ok();
  }
  for (std::string_view piece : SplitUnescaped(raw, ',')) {
    const size_t eq = FindUnescaped(piece, '=', 0);
    CHANCERY_ASSIGN_OR_RETURN(std::string key, UnescapeTrim(piece.substr(0, eq)));
    if (key.empty()) {
      return InvalidArgument("empty attribute");
    }
    for (const auto& [existing, unused] : item->attrs) {
      if (existing == key) {
        return InvalidArgument("duplicate attribute \"" + key + "\"");
      }
    }
    std::optional<std::string> value;
    if (eq != std::string_view::npos) {
      CHANCERY_ASSIGN_OR_RETURN(value, UnescapeTrim(piece.substr(eq + 1)));
    }
    item->attrs.emplace_back(std::move(key), std::move(value));
  }
  return Status::Ok();
}

}  // namespace

std::string_view KeyName(Key key) {
  return kKeyNames[static_cast<size_t>(key)];
}

std::optional<Key> LookupKey(std::string_view name) {
  for (size_t i = 0; i < kKeyNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kKeyNames[i])) {
      return static_cast<Key>(i);
    }
  }
  return std::nullopt;
}

bool IsListKey(Key key) {
  switch (key) {
    case Key::kFrom:
    case Key::kApprovedBy:
    case Key::kTo:
    case Key::kInfo:
    case Key::kDisseminatedTo:
    case Key::kAlsoInformed:
    case Key::kPersons:
    case Key::kSubjects:
    case Key::kPlaces:
    case Key::kRef:
    case Key::kNote:
      return true;
    default:
      return false;
  }
}

std::vector<std::string_view> SplitUnescaped(std::string_view raw, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = FindUnescaped(raw, sep, start);
    if (end == std::string_view::npos) {
      out.push_back(raw.substr(start));
      return out;
    }
    out.push_back(raw.substr(start, end - start));
    start = end + 1;
  }
}

Result<std::string> UnescapeTrim(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\') {
      if (i + 1 == raw.size()) {
        return InvalidArgument("dangling backslash");
      }
      ++i;
    }
    out += raw[i];
  }
  return std::string(Trim(out));
}

Result<Item> ParseItem(std::string_view raw) {
  raw = Trim(raw);
  if (raw.empty()) {
    return InvalidArgument("empty item");
  }
  Item item;
  const size_t open = FindUnescaped(raw, '{', 0);
  CHANCERY_ASSIGN_OR_RETURN(item.name, UnescapeTrim(raw.substr(0, open)));
  if (open == std::string_view::npos) {
    return item;
  }
  const size_t close = FindUnescaped(raw, '}', open + 1);
  if (close == std::string_view::npos) {
    return InvalidArgument("unterminated \"{\"");
  }
  if (close + 1 != raw.size()) {
    return InvalidArgument("text after \"}\"");
  }
  CHANCERY_RETURN_IF_ERROR(ParseAttrs(raw.substr(open + 1, close - open - 1), &item));
  return item;
}

Result<std::vector<Item>> ParseItems(std::string_view raw) {
  std::vector<Item> items;
  if (Trim(raw).empty()) {
    return items;
  }
  for (std::string_view piece : SplitUnescaped(raw, ';')) {
    CHANCERY_ASSIGN_OR_RETURN(Item item, ParseItem(piece));
    items.push_back(std::move(item));
  }
  return items;
}

std::string EscapeName(std::string_view name) {
  return Escape(name, ";{}");
}

std::string RenderItem(std::string_view name, const std::vector<RenderAttr>& attrs) {
  std::string out = EscapeName(name);
  if (attrs.empty() && !name.empty()) {
    return out;
  }
  if (!name.empty()) {
    out += ' ';
  }
  out += '{';
  for (size_t i = 0; i < attrs.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += attrs[i].key;
    if (!attrs[i].is_flag) {
      out += '=';
      out += Escape(attrs[i].value, ";,{}=");
    }
  }
  out += '}';
  return out;
}

// docs/format/cable-text.md §6.2
model::Precedence ParsePrecedence(std::string_view value) {
  model::Precedence p;
  value = Trim(value);
  if (value.empty()) {
    return p;
  }
  if (ParsePrecedenceRank(value, &p.rank)) {
    return p;
  }
  const size_t open = value.find(" (");
  if (open != std::string_view::npos && value.back() == ')' &&
      ParsePrecedenceRank(Trim(value.substr(0, open)), &p.rank)) {
    p.original = std::string(Trim(value.substr(open + 2, value.size() - open - 3)));
    return p;
  }
  p.rank = model::PrecedenceRank::kUnknown;
  p.original = std::string(value);
  return p;
}

// docs/format/cable-text.md §8.3
std::string RenderPrecedence(const model::Precedence& precedence) {
  const std::string rank(model::PrecedenceRankName(precedence.rank));
  if (precedence.original.empty()) {
    return rank;
  }
  if (precedence.rank == model::PrecedenceRank::kUnknown &&
      ParsePrecedence(precedence.original) == precedence) {
    return precedence.original;
  }
  return rank + " (" + precedence.original + ")";
}

// docs/format/cable-text.md §5.1
Status CheckLabelName(std::string_view name) {
  static constexpr std::string_view kPunct = " '&+._-";
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    kPunct.find(c) != std::string_view::npos;
    if (!ok) {
      return InvalidArgument("invalid label name \"" + std::string(name) + "\"");
    }
  }
  const std::string upper = AsciiUpper(Trim(name));
  if (upper == "REL TO" || StartsWith(upper, "REL TO ")) {
    return InvalidArgument("invalid label name \"" + std::string(name) + "\"");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> ParseLabelList(std::string_view value) {
  std::vector<std::string> names = SplitTrimmed(value, ',');
  for (const std::string& name : names) {
    CHANCERY_RETURN_IF_ERROR(CheckLabelName(name));
  }
  return names;
}

// docs/format/cable-text.md §7.2
Result<model::Label> ParseBanner(std::string_view banner) {
  const auto bad = [&] {
    return InvalidArgument("invalid portion mark \"" + std::string(banner) + "\"");
  };
  model::Label label;
  size_t start = 0;
  size_t end = banner.find("//");
  label.classification = std::string(banner.substr(0, end));
  bool have_categories = false;
  bool have_groups = false;
  while (end != std::string_view::npos) {
    if (have_groups) {
      return bad();  // "REL TO" must be the last segment
    }
    start = end + 2;
    end = banner.find("//", start);
    const std::string_view segment = Trim(banner.substr(start, end - start));
    const std::string upper = AsciiUpper(segment);
    if (upper == "REL TO" || StartsWith(upper, "REL TO ")) {
      label.releasable_to = SplitTrimmed(segment.substr(6), ',');
      have_groups = true;
    } else if (have_categories) {
      return bad();
    } else {
      label.categories = SplitTrimmed(segment, '/');
      have_categories = true;
    }
  }
  for (const auto* names : {&label.categories, &label.releasable_to}) {
    for (const std::string& name : *names) {
      CHANCERY_RETURN_IF_ERROR(CheckLabelName(name));
    }
  }
  if (!CheckLabelName(label.classification).ok()) {
    return bad();
  }
  label.Normalize();
  return label;
}

Result<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max) {
  int64_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last || value < min || value > max ||
      IsSpace(text.front())) {
    return InvalidArgument("invalid number \"" + std::string(text) + "\"");
  }
  return value;
}

}  // namespace chancery::format::internal
