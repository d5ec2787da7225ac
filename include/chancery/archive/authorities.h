// Name authorities (docs/authorities.md): people, offices and posts, organizations, and the
// controlled subject vocabulary, each with a preferred name, variant names, dates and sources.
// Loaded from POCOM (the Office of the Historian's chiefs of mission and principal officers,
// format/pocom.h) and from authority files of our own (docs/format/authorities.md); the persons
// named in public records (FRUS volumes' persons lists) are linked to them by name and dates as
// a step derived from the store's change log (`Link`), and a name that links to none becomes an
// authority of its own.
//
// Access: authorities are public reference data. They come only from POCOM, from files an
// administrator loads, and from records the public reader may read (Link decides each record
// with security::Decide for the public reader and ignores the rest), so no record a reader may
// not read shapes any authority. What a reader sees of the records (the records that mention a
// person, the counts by year) is computed through Records::Search as that reader, so it counts
// only records the reader may read.
//
// Storage: the store's doc collections (`authority`, `authority.link`, `authority.linkrec`),
// every load and link in one transaction with its audit entry: a failed load stores nothing.
// Thread-safe; the in-memory name index is rebuilt when another writer changed the collection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::archive {

enum class AuthorityKind : int8_t { kPerson = 0, kOffice, kOrganization, kSubject };
// "person", "office", "organization", "subject".
std::string_view AuthorityKindName(AuthorityKind kind);
bool ParseAuthorityKind(std::string_view name, AuthorityKind* kind);

// A post held: a chief of mission to a country or organization, a principal office, or any
// office a file names. Dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD), "" when unknown.
struct PostHeld {
  std::string post;       // post id ("russia", "secretary") or a free name from a file
  std::string post_name;  // "Russia", "Secretary of State"
  std::string role;       // "Ambassador Extraordinary and Plenipotentiary"
  std::string appointed;
  std::string started;  // entered on duty / presented credentials
  std::string ended;
  std::string seat;    // the city the holder resided at when the source says ("Taipei"), else ""
  std::string source;  // "pocom:ru-1962-kohl-01", "seed-people.jsonl:3"
  friend bool operator==(const PostHeld&, const PostHeld&) = default;
};

struct Authority {
  // "pocom:<person id>", "pocom-post:<post id>", "frus:<name slug>", or a file's own id.
  std::string id;
  AuthorityKind kind = AuthorityKind::kPerson;
  std::string name;                   // preferred name
  std::vector<std::string> variants;  // every other name it is known by (no duplicates)
  std::string birth;                  // person: birth; organization: founded ("" unknown)
  std::string death;                  // person: death; organization: dissolved
  std::vector<PostHeld> posts;
  std::vector<std::string> sources;  // where it comes from ("POCOM people/k/...", volume ids)
  std::string note;
  std::string broader;  // subject: the broader term's id ("" for a top term)
  std::string origin;   // "pocom", "file", "frus"
  // Years in which the sources name the person (FRUS volumes' coverage), "" when unknown.
  std::string active_from;
  std::string active_to;
  friend bool operator==(const Authority&, const Authority&) = default;
};

// Bounds on an authority file (docs/format/authorities.md): the real files have at most 5
// variants an authority and lines under 1 KB; POCOM at most 4 (format/pocom.h). More is refused
// so that a crafted file cannot slow every later authority read (adversarial review R1).
inline constexpr size_t kMaxVariants = 64;
inline constexpr size_t kMaxAuthorityLineBytes = size_t{1} << 20;

// Every name of an authority, the preferred first.
std::vector<std::string> AllNames(const Authority& a);

struct LoadResult {
  int64_t added = 0;    // new authorities
  int64_t updated = 0;  // replaced (a re-load of the same source)
  int64_t people = 0;   // of which persons (POCOM: 4,261)
};

struct LinkResult {
  int64_t records = 0;   // changed records examined
  int64_t names = 0;     // person names linked (volume, name) pairs seen for the first time
  int64_t matched = 0;   // of which linked to an existing authority
  int64_t created = 0;   // of which new authorities of their own
  int64_t last_seq = 0;  // change-log position linked through
};

// A record that mentions an authority, as the reader may see it.
struct Mention {
  std::string id;
  std::string title;
  std::string date;
};

// What a reader sees of one authority.
struct AuthorityView {
  Authority authority;
  uint64_t records = 0;                                   // records the reader may read naming it
  std::vector<std::pair<std::string, uint64_t>> by_year;  // chronological
  std::vector<Mention> mentions;                          // the first `limit`, date ascending
  std::string query;                                      // the search that finds them
};

// A chief of mission (or holder of a principal post) on a day.
struct ChiefAnswer {
  Authority person;
  PostHeld post;
};

class Authorities {
 public:
  // Over the records' store (Records::store()); borrows `records`, which must outlive it.
  static Result<std::unique_ptr<Authorities>> Open(records::Records& records);
  virtual ~Authorities() = default;

  // Administrative (the local operator or an administrator; kPermissionDenied otherwise).
  // POCOM from a .tar.zst, .tar or directory (format::ReadPocom): one transaction, one audit
  // entry "authority.load". A re-load replaces its authorities.
  virtual Result<LoadResult> LoadPocom(const security::Subject& actor, const std::string& path) = 0;
  // An authority file (docs/format/authorities.md). kInvalidArgument "<path>:<line>: <field>:
  // ..." for malformed JSON, an unknown or duplicate field, a date that is no real calendar
  // date, a bad kind, a reserved or malformed id, a duplicate id (naming the earlier line), more
  // than kMaxVariants variants or a line over kMaxAuthorityLineBytes; nothing is stored then.
  // Both loads audit the absolute path and the SHA-256 of the bytes read (a file as stored; a
  // POCOM directory: of its XML files' names and bytes in name order).
  virtual Result<LoadResult> LoadFile(const security::Subject& actor, const std::string& path) = 0;
  // Links the persons of public records changed since the last link (the change log) to
  // authorities; see docs/authorities.md "Linking". Audited as "authority.link".
  virtual Result<LinkResult> Link(const security::Subject& actor) = 0;

  // Reading. Authorities are public; the mentions are searched as `reader`.
  // `name_or_id`: an id, else a name matched as Find matches; kNotFound "no authority NAME";
  // kFailedPrecondition listing the candidates when a name matches several equally well.
  virtual Result<AuthorityView> Show(const security::Subject& reader, std::string_view name_or_id,
                                     uint32_t limit = 20) = 0;
  // Authorities any of whose names holds every word of `text` (case-insensitive), best first:
  // a whole-name match before a partial one, then by preferred name. Empty text: none.
  virtual Result<std::vector<Authority>> Find(std::string_view text,
                                              std::optional<AuthorityKind> kind, size_t limit) = 0;
  // Who held `post` on `day` (YYYY-MM-DD): a city of the post table (PostTable(): the posts
  // whose mission sat in that city on that day, none when no U.S. mission sat there), a POCOM
  // country or organization id, or a principal position id. A post held ends at its end date,
  // else at the holder's death or when the next holder of the post started; an appointment never
  // taken up (no start date, a later holder) is not held. kInvalidArgument for an unknown post, a
  // personal rank ("career-ambassador": not a post held on a day) or a bad day.
  virtual Result<std::vector<ChiefAnswer>> Chief(std::string_view post, std::string_view day) = 0;
  // Rewrites each `person:NAME` clause of a search query (docs/search.md) that names a person
  // authority into `(person:NAME OR "variant" OR ...)`, every name of every person NAME matches
  // (at most 8 authorities; more, or past the query's term cap, leaves the clause as written).
  virtual Result<std::string> ExpandQuery(std::string_view query) = 0;

  // The controlled subject vocabulary: authorities of kind subject (loaded with LoadFile).
  virtual Result<std::vector<Authority>> Subjects() = 0;
  // The subject whose id, name or variant is `term` (case-insensitive); kNotFound "unknown
  // subject TERM" otherwise.
  virtual Result<Authority> CheckSubject(std::string_view term) = 0;
};

// Where a U.S. mission sat: from `from` to `to` (ISO days, "" open) the mission `post` (a
// POCOM post id) was in `city`. A holder whose source names another seat ("resident at
// Stockholm" for Norway) is not at `city`; with `stated_only`, only holders whose source names
// `city` are (the Republic of China's ambassadors "resident at Taipei" while the post "china"
// also held the Liaison Office in Peking).
struct PostSeat {
  std::string city;  // lower case: "peking"
  std::string post;  // "china"
  std::string from;
  std::string to;
  bool stated_only = false;
};

// The post table, a city's rows in date order; docs/authorities.md lists it.
const std::vector<PostSeat>& PostTable();
// The POCOM post ids that are personal ranks, not posts one holds on a day.
bool IsPersonalRank(std::string_view post);

}  // namespace chancery::archive
