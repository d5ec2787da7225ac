// Private parts of the OAI-PMH provider (include/chancery/archive/oai.h): the visibility log
// (oai_log.cc), arguments and resumption tokens (oai_args.cc), XML (oai_xml.cc, oai_metadata.cc)
// and the verbs (oai_provider.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/oai.h"
#include "chancery/base/clock.h"
#include "chancery/model/cable.h"
#include "chancery/records/records.h"
#include "chancery/store/store.h"

namespace chancery::archive::internal {

// Store collections of the visibility log.
inline constexpr std::string_view kOaiState = "oai.state";  // key "log" (LogState), "secret"
inline constexpr std::string_view kOaiItem = "oai.item";    // key = record id (OaiItem)
// One row per (set, item): group = set spec (kAllSet for every item), sort = ListSort(d, s),
// key = group + "\n" + record id, body = OaiItem JSON.
inline constexpr std::string_view kOaiList = "oai.list";
inline constexpr std::string_view kOaiSet = "oai.set";  // key = set spec, body = {"name": ...}
inline constexpr std::string_view kAllSet = "*";

// The log's head: the change-log seq followed so far, the last stamp and its datestamp.
struct LogState {
  int64_t seq = 0;
  int64_t stamp = 0;
  int64_t datestamp = 0;  // UTC seconds since the epoch
  int64_t version = 0;    // of the state row (0 = none yet)
};

struct OaiSet {
  std::string spec;
  std::string name;
  friend bool operator==(const OaiSet&, const OaiSet&) = default;
};

// An item as the log holds it: its last public-visibility change.
struct OaiItem {
  std::string id;
  int64_t stamp = 0;
  int64_t datestamp = 0;
  bool deleted = false;
  int64_t version = 0;  // the record version that was public (for a deleted item: the last)
  std::vector<std::string> sets;  // set specs, ancestors included
};

std::string ItemToJson(const OaiItem& item);
Result<OaiItem> ItemFromJson(std::string_view id, std::string_view json);
// "%012d%012d": ordered as (datestamp, stamp), which is the stamp order.
std::string ListSort(int64_t datestamp, int64_t stamp);
// The inverse; false for a malformed key.
bool SplitListSort(std::string_view sort, int64_t* datestamp, int64_t* stamp);

// The sets of a public record, each with its ancestor: collection, collection:<id>, type,
// type:<kind>, decade, decade:<1960s>.
std::vector<OaiSet> SetsOf(const model::Cable& cable);

Result<LogState> ReadLogState(store::Store& store);

// One stamping pass over at most `limit` changes; *more when there may be others.
Status StampSome(records::Records& records, const Clock& clock, size_t limit, bool* more);
// Stamps until the log has followed the whole change log.
Status StampAll(records::Records& records, const Clock& clock);

// The token key (created on first use).
Result<std::string> TokenSecret(store::Store& store);

// --- requests ---

enum class OaiError : int8_t {
  kNone = 0,
  kBadArgument,
  kBadResumptionToken,
  kBadVerb,
  kCannotDisseminateFormat,
  kIdDoesNotExist,
  kNoRecordsMatch,
  kNoMetadataFormats,
  kNoSetHierarchy,
};
std::string_view OaiErrorCode(OaiError e);

// A list request's position, carried in a resumption token.
struct ListCursor {
  std::string verb;        // ListIdentifiers | ListRecords
  std::string prefix;      // metadataPrefix
  std::string set;         // "" = all
  int64_t from = -1;       // UTC seconds, inclusive; -1 = none
  int64_t until = -1;      // inclusive; -1 = none
  int64_t snapshot = 0;    // the last stamp when the list began: later stamps are not in it
  int64_t snapshot_d = 0;  // its datestamp
  std::string after;       // ListSort of the last item delivered ("" = start)
  int64_t delivered = 0;   // items before this page (the cursor attribute)
  int64_t size = 0;        // completeListSize
  int64_t expires = 0;     // UTC seconds
  // The first page's responseDate: every change the list does not show is stamped at or after
  // it (docs/decisions/0014-oai-pmh.md §3). Each page still answers with its own responseDate.
  int64_t time = 0;
};

// "v1,<fields>,<tag>" where tag is a keyed hash over the fields. Only URL-safe characters.
std::string EncodeToken(const ListCursor& cursor, std::string_view secret);
// nullopt for a token that is malformed, forged (tag mismatch) or expired at `now`.
std::optional<ListCursor> DecodeToken(std::string_view token, std::string_view secret, int64_t now);

// "YYYY-MM-DD" (day granularity) or "YYYY-MM-DDThh:mm:ssZ"; nullopt otherwise (including an
// impossible date). *day_granularity tells which.
std::optional<int64_t> ParseUtc(std::string_view text, bool* day_granularity);
std::string FormatUtc(int64_t seconds);  // YYYY-MM-DDThh:mm:ssZ

// --- XML ---

// Escapes text for XML content and attributes; drops characters XML 1.0 forbids and replaces
// invalid UTF-8 with U+FFFD.
std::string XmlEscape(std::string_view text);

// The metadata element of a record in `prefix` ("oai_dc" or "chancery").
std::string DublinCore(const model::Cable& cable, const OaiOptions& options);
std::string ChanceryRecord(const model::Cable& cable, int64_t version, const OaiOptions& options);

inline constexpr std::string_view kChanceryNamespace = "urn:chancery:oai-record:1";
// Where chanceryd serves docs/format/oai-chancery.xsd, relative to the provider's base URL's
// folder (OaiOptions::schema_url).
inline constexpr std::string_view kChancerySchemaFile = "schemas/oai-chancery-record-1.xsd";

// Identifier of a record id, and back ("" when `identifier` is not one of ours).
std::string OaiIdentifier(const OaiOptions& options, std::string_view record_id);
std::string RecordIdOf(const OaiOptions& options, std::string_view identifier);

}  // namespace chancery::archive::internal
