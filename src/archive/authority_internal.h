// Private pieces of the name authorities (include/chancery/archive/authorities.h): the stored
// JSON, name normalization and matching, and the two loaders' parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/authorities.h"
#include "chancery/base/result.h"
#include "chancery/format/pocom.h"

namespace chancery::archive::internal {

inline constexpr std::string_view kAuthorityCollection = "authority";
inline constexpr std::string_view kLinkCollection = "authority.link";        // volume|name
inline constexpr std::string_view kLinkRecCollection = "authority.linkrec";  // record id
inline constexpr std::string_view kLinkedSeqMeta = "authority.linked_seq";
inline constexpr std::string_view kGeneration = "authority.generation";

std::string AuthorityToJson(const Authority& a);
Result<Authority> AuthorityFromJson(std::string_view json);

// Lower-cased ASCII words of a name; punctuation and blanks separate words, bytes >= 0x80 are
// kept as part of words. "Kohler, Foy D." -> {"kohler", "foy", "d"}.
std::vector<std::string> NameTokens(std::string_view name);
std::string NormalizedName(std::string_view name);  // tokens joined by one space
// "frus:asakai-koichiro": the tokens joined by '-'.
std::string Slug(std::string_view name);

// A person's name in parts, from "Surname, Forename" (FRUS lists) or "Forename Surname", with
// titles ("Admiral", "General", "Mr.", "Dr.", ...) and service suffixes ("USA", "USN") dropped.
struct PersonName {
  std::string surname;             // lower case
  std::vector<std::string> given;  // lower case words
  std::string display;             // "Foy D. Kohler"
};

PersonName ParsePersonName(std::string_view name);
// True if the given names are compatible: the first is equal (or an initial of the other) and
// so is every later one that both have.
bool GivenCompatible(const std::vector<std::string>& a, const std::vector<std::string>& b);

// True if `name` holds a review's redaction marker ("[name not declassified; 25X1], Tal").
bool HoldsRedactionMarker(std::string_view name);
// True if a persons-list name may be linked and may make an authority of its own: it has two
// words or more once titles are dropped (not "Bundy" from a FRUS title's "(Bundy)") and holds no
// redaction marker.
bool LinkableName(std::string_view name);
// The forms running text uses for a persons-list name "Surname, Given[, Suffix]": given names
// first ("Quixley, Bartholomew Z." -> "Bartholomew Z. Quixley"; "Smith, John, Jr." -> "John
// Smith Jr."), then, if it differs, without initials ("Bartholomew Quixley"). None for a name
// without a comma.
std::vector<std::string> RunningForms(std::string_view name);

// A real calendar day, month or year: YYYY (0001-9999), YYYY-MM or YYYY-MM-DD (Gregorian, with
// leap years).
bool IsIsoDate(std::string_view d);
// The first / last day an ISO date of any precision covers ("1962" -> "1962-01-01" /
// "1962-12-31"); "" stays "".
std::string FirstDay(std::string_view d);
std::string LastDay(std::string_view d);

// An authority file (docs/format/authorities.md). `source` names the file in errors.
Result<std::vector<Authority>> ParseAuthorityFile(std::string_view text, std::string_view source);
// POCOM rows as authorities: persons (with posts held), country and organization posts and
// principal offices.
std::vector<Authority> AuthoritiesFromPocom(const format::PocomData& data);

// The years a FRUS volume covers, from its id ("frus1961-63v22" -> 1961..1963, "frus1943China"
// -> 1943..1943); false when the id holds no year.
bool VolumeYears(std::string_view volume, int* from, int* to);

}  // namespace chancery::archive::internal
