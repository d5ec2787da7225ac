// POCOM: the Office of the Historian's authority data for U.S. Principal Officers and Chiefs of
// Mission (../shared/corpus/pocom/README.md). This reader turns the data folders (people/,
// missions-countries/, missions-orgs/, positions-principals/, roles-country-chiefs/) into plain
// rows; the archive's name authorities (include/chancery/archive/authorities.h) map them to
// authority records. `people-pending/`, `concurrent-appointments/` and `code-tables/` are not
// read.
//
// Input: a `.tar.zst` (as shipped), a plain `.tar`, or a directory holding the unpacked `pocom/`
// folder (or its contents). Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"

namespace chancery::format {

struct PocomPerson {
  std::string id;                     // "kohler-foy-david"
  std::string surname;                // "Kohler"
  std::string forename;               // "Foy David"
  std::string genname;                // "Jr." when given
  std::vector<std::string> altnames;  // "Foy D. Kohler"
  std::string birth;                  // "1908", "" when unknown
  std::string death;                  // "1990", "" when unknown or living
  std::string file;  // the entry it came from ("pocom/people/k/kohler-foy-david.xml")
};

// One post held: a chief of mission to a country or an organization, or a principal position.
struct PocomTenure {
  std::string id;             // "ru-1962-kohl-01"
  std::string person_id;      // "kohler-foy-david"
  std::string role_title_id;  // "ambassador-e-p"
  std::string post_id;        // territory-id ("russia"), org mission id or position id
  std::string post_kind;      // "country", "organization" or "principal"
  std::string appointed;      // ISO date as given ("1962-08-20"), "" when not given
  std::string started;        // credentials presented / entry on duty
  std::string ended;
  std::string note;
  std::string file;
};

// A post: a country mission ("russia" named "Russia"), an organization mission or a principal
// position (their names/singular), or a role title (kind "role").
struct PocomPost {
  std::string id;
  std::string kind;  // "country", "organization", "principal", "role"
  std::string name;
};

struct PocomData {
  std::vector<PocomPerson> people;   // people/ in path order
  std::vector<PocomTenure> tenures;  // every chief and principal, in path then document order
  std::vector<PocomPost> posts;      // countries, organizations, positions and role titles
};

// Bounds on what a POCOM archive may hold (the real data: 5,016 entries, the largest 83 KB, at
// most 3 altnames a person), so that a crafted archive cannot make every later authority read
// slow (adversarial review R1).
inline constexpr size_t kMaxPocomEntries = 50000;
inline constexpr size_t kMaxPocomEntryBytes = size_t{1} << 20;  // 1 MiB
inline constexpr size_t kMaxPocomAltnames = 63;  // + "Surname, Forename": 64 variants

// Called with the bytes ReadPocom reads, as it reads them: for a file, once with `name` "" and
// the whole file as stored (compressed or not); for a directory, once per XML file in name
// order with its path relative to the directory. (The archive's authority load hashes them.)
using PocomBytesObserver = std::function<void(std::string_view name, std::string_view bytes)>;

// Reads POCOM from `path`. Errors: kNotFound / kIoError naming the path; kCorruption
// "<path>!<entry>: ..." for a damaged archive or XML that is not well formed (with line and
// column); kInvalidArgument "<path>!<entry>: <field> ..." for a record missing its id or a
// person's surname, or a date that is not a real YYYY, YYYY-MM or YYYY-MM-DD ("1963-13-45");
// kInvalidArgument "<path>!<entry>: ..." for an entry over kMaxPocomEntryBytes or a person with
// more than kMaxPocomAltnames altnames, and "<path>: ..." for more than kMaxPocomEntries entries;
// kInvalidArgument when no people/ folder is found.
Result<PocomData> ReadPocom(const std::string& path, const PocomBytesObserver& observer = {});

}  // namespace chancery::format
