// Private helpers of the cable text format (docs/format/cable-text.md), shared by
// cable_text_parse.cc, cable_text_header.cc and cable_text_render.cc. Pure functions; thread-safe.
// Value-level errors are kInvalidArgument with a bare message; the parser adds "file:line:col"
// and the key name and turns them into kCorruption.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"
#include "chancery/model/label.h"

namespace chancery::format::internal {

// Header keys in canonical order (docs/format/cable-text.md §4, §8.1).
enum class Key : int {
  kId = 0,
  kOrganization,
  kOffice,
  kFrom,
  kInternalReference,
  kDirection,
  kKind,
  kDocumentType,
  kSerial,
  kDate,
  kDrafted,
  kApproved,
  kReleased,
  kEarliest,
  kLatest,
  kPlace,
  kClassification,
  kCaveats,
  kReleasableTo,
  kMarking,
  kCurrentClassification,
  kCurrentCaveats,
  kCurrentReleasableTo,
  kPrecedence,
  kDrafter,
  kApprovedBy,
  kTo,
  kInfo,
  kDisseminatedTo,
  kAlsoInformed,
  kPersons,
  kTitle,
  kSubject,
  kSummary,
  kRef,
  kNote,
  kArchiveRepository,
  kArchiveReference,
  kOriginalLanguage,
  kLanguage,
  kTranslator,
  kCredits,
  kSourceUrl,
  kCitation,
  kContents,
  kCollection,
  kCollectionTitle,
  kChapter,
  kCollectionPosition,
  kSubjects,
  kPlaces,
  kScopeNote,
  kTranslationOf,
  kCount,  // not a key
};

// The canonical spelling, e.g. "Releasable-To".
std::string_view KeyName(Key key);
// Case-insensitive lookup (§3.2); nullopt for a key the format does not define.
std::optional<Key> LookupKey(std::string_view name);
// True for keys that may repeat (§3.3, "L" in §4).
bool IsListKey(Key key);

// §6.1 items.
struct Item {
  std::string name;
  // Attribute key and value (nullopt for a flag such as `group`), in order; keys unique.
  std::vector<std::pair<std::string, std::optional<std::string>>> attrs;
};

// Splits raw text on `sep` where it is not escaped; pieces keep their escapes.
std::vector<std::string_view> SplitUnescaped(std::string_view raw, char sep);
// Removes escapes (§6.1) and trims. Error: "dangling backslash".
Result<std::string> UnescapeTrim(std::string_view raw);
// Parses one raw item (§6.1).
Result<Item> ParseItem(std::string_view raw);
// Parses a ';'-separated list of items; an empty value is an empty list.
Result<std::vector<Item>> ParseItems(std::string_view raw);
// Escapes a name (§8.2).
std::string EscapeName(std::string_view name);

// Renders one item: the escaped name, then " {k=v, ...}" when `attrs` is non-empty (a flag has an
// empty value and `is_flag`); "{}" when both are empty.
struct RenderAttr {
  std::string_view key;
  std::string value;
  bool is_flag = false;
};

std::string RenderItem(std::string_view name, const std::vector<RenderAttr>& attrs);

// §6.2 precedence.
model::Precedence ParsePrecedence(std::string_view value);
std::string RenderPrecedence(const model::Precedence& precedence);

// §5.1 label names: error "invalid label name \"x\"".
Status CheckLabelName(std::string_view name);
// §5.2: names separated by ','; checked, not yet normalized.
Result<std::vector<std::string>> ParseLabelList(std::string_view value);
// §7.2 banner (without the parentheses); the result is normalized.
Result<model::Label> ParseBanner(std::string_view banner);

// Header state while parsing (docs/format/cable-text.md §3-§5).
struct HeaderState {
  model::Cable cable;
  bool marking_present = false;  // a Marking key was seen (§5.3)
  bool current_present = false;  // any Current-* key was seen (§5.4)
};

// Applies one recognized header line's value to `state` (§4). Errors are kInvalidArgument with a
// bare message; the caller adds position and key.
Status ApplyHeader(Key key, std::string_view value, HeaderState* state);
// Completes the marking and current label after the last header line (§5.3, §5.4).
void FinishHeader(HeaderState* state);

// Parses a decimal integer (optional leading '-') that fits T.
Result<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max);

}  // namespace chancery::format::internal
