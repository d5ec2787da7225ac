// Saved searches, alerts and the public sitemap (docs/alerts.md; design:
// docs/decisions/0015-saved-searches-and-alerts.md).
//
// A signed-in reader saves a reading-room search: the query language of docs/search.md (the
// reading room's facet refinements are query clauses), a date range and the undated switch.
// From then on, every record written to the store (a new record, a publication `<id>.p<N>`, a
// new version) is matched against it; a match is an alert. Alerts are listed in the web UI and
// served as an Atom feed at a secret URL (`/feeds/<token>.atom`) the owner may renew or revoke.
//
// Access is decided at delivery time, never at match time: every listing and every feed asks
// the one access decision (security::Decide on the record's current access class) for the
// owner as they are now (their clearance resolved at that moment). A record the owner may not
// read now -- relabelled up, withdrawn, deleted, or their clearance lowered -- is left out, not
// counted, and changes nothing the owner observes. A record that becomes readable to them (a
// publication, a new version at a level they read, a clearance raised) is delivered if it
// matched after the search was saved.
//
// Evaluation: one cursor over the store's change log (`alerts.state`). Each catch-up reads the
// changes after it in batches, indexes the changed records in memory and runs every saved query
// over that small batch (search/matcher.h): the cost is (saved searches) x (a match over the
// batch), independent of the archive's size. Matches are rows of `alerts.match` (one per saved
// search and record: a record alerts once). Import and publication run it at their end (CLI and
// HTTP), every read catches up first, like the browse index, and `chancery alerts run` does it
// explicitly. The same pass keeps `sitemap.record`: when each record last changed, for the
// sitemap's lastmod. `person:` clauses are expanded through the name authorities.
//
// Everything is in the store (the source of truth), each change with its audit entry in one
// transaction: `saved.add`, `saved.remove`, `saved.feed` (renew/revoke), reads `alerts.list`
// and `alerts.feed`; a refusal stores nothing but a `deny` entry.
//
// Thread-safe. Borrows the Records, which must outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::archive {

// A search as its owner saves it (the reading room's search form, web/js/reading.js).
struct SavedSearchSpec {
  std::string name;   // 1-200 bytes on one line; "" takes the query (or "Everything")
  std::string query;  // docs/search.md; at most search::kMaxQueryBytes
  std::string from;   // "" or YYYY, YYYY-MM, YYYY-MM-DD (inclusive, as the reading room)
  std::string to;
  bool undated = false;  // with a range: undated records match too
  friend bool operator==(const SavedSearchSpec&, const SavedSearchSpec&) = default;
};

struct SavedSearch {
  std::string id;  // "ss-" and 12 hex digits (random)
  std::string owner;
  SavedSearchSpec spec;
  int64_t created_micros = 0;
  int64_t since_seq = 0;   // changes after this change-log seq alert
  std::string feed_token;  // 32 hex digits; "" when revoked. The feed is /feeds/<token>.atom
};

struct Alert {
  std::string search_id;
  std::string record_id;
  std::string title;           // model::DisplayTitle of the record as it is now
  std::string date;            // the record's date, ISO; "" when undated
  int64_t alerted_micros = 0;  // when the change was matched
  int64_t seq = 0;             // the change-log seq that matched
  friend bool operator==(const Alert&, const Alert&) = default;
};

struct AlertFeed {
  SavedSearch search;
  std::vector<Alert> alerts;  // newest first
};

// What one catch-up did (chancery alerts run).
struct AlertRun {
  int64_t from_seq = 0;
  int64_t to_seq = 0;
  int64_t records = 0;   // records matched (changes with a record)
  int64_t searches = 0;  // saved searches evaluated per batch (largest batch)
  int64_t matches = 0;   // new alerts written
  int64_t micros = 0;    // time spent matching (not reading or writing)
};

// One public record in the sitemap.
struct SitemapEntry {
  std::string id;
  int64_t lastmod_micros = 0;
  friend bool operator==(const SitemapEntry&, const SitemapEntry&) = default;
};

inline constexpr size_t kMaxSavedSearchesPerOwner = 200;
inline constexpr size_t kDefaultAlertLimit = 100;

class Alerts {
 public:
  static Result<std::unique_ptr<Alerts>> Open(records::Records& records);
  virtual ~Alerts() = default;

  // Saves a search for `owner` (a registered user; the anonymous public reader gets
  // kPermissionDenied "sign in to save a search"). The query is compiled as a search would be:
  // a malformed one is kInvalidArgument "query:1:<column>: <problem>" (field "from"/"to"/"name"
  // likewise named), and nothing is stored. At most kMaxSavedSearchesPerOwner per owner.
  virtual Result<SavedSearch> Save(const security::Subject& owner, const SavedSearchSpec& spec) = 0;
  // The owner's saved searches, oldest first.
  virtual Result<std::vector<SavedSearch>> List(const security::Subject& owner) = 0;
  // The owner's saved search `id`; another's, or none, is kNotFound "no saved search ID".
  virtual Result<SavedSearch> Get(const security::Subject& owner, std::string_view id) = 0;
  // Removes the search, its alerts and its feed (kNotFound as Get).
  virtual Status Remove(const security::Subject& owner, std::string_view id) = 0;
  // A new feed token (the old URL stops working at once); Revoke leaves none.
  virtual Result<SavedSearch> RenewFeed(const security::Subject& owner, std::string_view id) = 0;
  virtual Status RevokeFeed(const security::Subject& owner, std::string_view id) = 0;

  // The alerts of the owner's saved search `id` (every one of theirs when id is empty) that
  // the owner may read now, newest first, at most `limit`.
  virtual Result<std::vector<Alert>> List(const security::Subject& owner, std::string_view id,
                                          size_t limit) = 0;
  // The feed at `token`: the search and its alerts as its owner may read them now. An unknown
  // or revoked token, or an owner no longer registered, is kNotFound "no feed".
  virtual Result<AlertFeed> Feed(std::string_view token, size_t limit) = 0;

  // Brings alerts and sitemap rows up to the store's change log.
  virtual Result<AlertRun> Run() = 0;

  // Every record the anonymous public may read now, in id order, with when it last changed.
  virtual Result<std::vector<SitemapEntry>> Sitemap() = 0;
};

}  // namespace chancery::archive
