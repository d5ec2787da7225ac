// The OAI-PMH 2.0 data provider (docs/oai.md; design: docs/decisions/0014-oai-pmh.md).
//
// Items are the records the anonymous public may read, decided by the one access decision
// (security::Decide with Records::ResolveSubject(nullopt)), and the records that once were and
// no longer are (listed as deleted, forever: deletedRecord "persistent"). Nothing else is ever
// named, counted or described in a response.
//
// Datestamps are visibility stamps: the store's change log is followed by a stamping step that
// gives every change the public can see a monotonic stamp number and a datestamp read inside a
// write transaction after the change committed; a response's responseDate and its snapshot
// are read together inside a write transaction too (the fence). So every change a response did
// not show carries a datestamp >= that responseDate, and an incremental harvest from it misses
// nothing (proof in the decision record). Lists are paged by keyset resumption tokens over
// (datestamp, stamp) bounded by the stamp at the first page: a record is never repeated within a
// harvest, one that did not change during it is never skipped, and one that changed is in the
// incremental harvest from the first page's responseDate (each page carries its own).
//
// Thread safety: Handle and CatchUp may be called from several threads and processes at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/records/records.h"

namespace chancery::archive {

struct OaiOptions {
  std::string repository_name = "Chancery reading room";
  // The namespace of item identifiers: "oai:<repository_identifier>:<record id>". A domain name.
  std::string repository_identifier = "chancery.example";
  // The provider's base URL as harvesters reach it ("http://host:port/oai"): the request element.
  std::string base_url = "http://localhost/oai";
  std::string admin_email = "archivist@chancery.example";
  // Where the `chancery` format's XML schema (docs/format/oai-chancery.xsd) is served: its
  // <schema> in ListMetadataFormats and the records' xsi:schemaLocation. "" = base_url with its
  // last path segment replaced by "schemas/oai-chancery-record-1.xsd" (chanceryd serves it there).
  std::string schema_url;
  // Where a record's permalink page lives; dc:identifier is this + record id.
  std::string record_url_base = "http://localhost/records/";
  // Records (or headers) per page of ListRecords / ListIdentifiers; at least 1.
  size_t page_size = 100;
  // How long a resumption token stays valid.
  int64_t token_seconds = 24 * 3600;
  // Time source; nullptr = the system clock. Not owned.
  const Clock* clock = nullptr;
};

// A request's arguments in the order given (a GET query string or a POST form body, decoded).
using OaiArgs = std::vector<std::pair<std::string, std::string>>;

class OaiProvider {
 public:
  // Opens the provider over `records` (borrowed; must outlive it). Creates the token key on
  // first use (kept in the store).
  static Result<std::unique_ptr<OaiProvider>> Open(records::Records& records, OaiOptions options);

  virtual ~OaiProvider() = default;

  // Answers one request with the complete XML response (always HTTP 200, text/xml). Every
  // malformed or unanswerable request is an OAI-PMH error element in that XML (badVerb,
  // badArgument, badResumptionToken, cannotDisseminateFormat, idDoesNotExist, noRecordsMatch,
  // noMetadataFormats, noSetHierarchy). An error status only when the store fails; then no
  // part of a page is returned. Each answered list or record is audited as one read by the
  // public (action "oai.<verb>", the ids returned).
  virtual Result<std::string> Handle(const OaiArgs& args) = 0;

  // The badArgument response for a request whose arguments could not even be decoded (a
  // malformed %-escape, a POST body of another media type); `why` says what was wrong.
  virtual Result<std::string> BadArgument(std::string_view why) = 0;

  // Stamps every change of the store's change log not stamped yet. Handle does this first.
  virtual Status CatchUp() = 0;
};

}  // namespace chancery::archive
