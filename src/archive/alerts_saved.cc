// Saving, listing and removing searches and renewing or revoking their feeds
// (include/chancery/archive/alerts.h). Each change is validated whole, then written with its
// feed row and audit entry in one transaction; a refusal stores only its `deny` entry.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "chancery/audit/signing.h"
#include "chancery/base/clock.h"

#include "archive/alerts_internal.h"

namespace chancery::archive::internal {
namespace {

std::string NewToken() {
  return audit::RandomHex(16);
}

bool ValidSavedId(std::string_view id) {
  if (id.size() != 15 || id.substr(0, 3) != "ss-") {
    return false;
  }
  return std::all_of(id.begin() + 3, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Status NoSaved(std::string_view id) {
  return NotFound("no saved search " + std::string(id));
}

}  // namespace

model::AuditEvent AlertsImpl::Event(const security::Subject& actor, std::string action,
                                    std::string target, std::string decision) const {
  model::AuditEvent e;
  e.time_micros = SystemClock().NowMicros();
  e.actor = actor.name;
  e.action = std::move(action);
  e.target = std::move(target);
  e.decision = std::move(decision);
  return e;
}

void AlertsImpl::AuditOnly(model::AuditEvent event) {
  store::WriteBatch batch;
  batch.audit.push_back(std::move(event));
  batch.durability = store::Durability::kProcessCrash;
  (void)store().Write(std::move(batch));  // a refusal is reported even if its entry is not
}

Result<std::pair<SavedSearch, int64_t>> AlertsImpl::Owned(const security::Subject& owner,
                                                          std::string_view id) {
  if (!ValidSavedId(id)) {
    return NoSaved(id);
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc, store().GetDoc(kSaved, id));
  if (!doc || doc->group != owner.name) {
    return NoSaved(id);  // another reader's search is exactly a missing one
  }
  CHANCERY_ASSIGN_OR_RETURN(SavedSearch s, SavedFromJson(doc->body));
  return std::make_pair(std::move(s), doc->version);
}

Status AlertsImpl::WriteSaved(const security::Subject& owner, const SavedSearch& s,
                              int64_t expected, const std::string& old_token, std::string action,
                              std::string detail) {
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(SavedDoc(s), expected).status());
    if (!old_token.empty() && old_token != s.feed_token) {
      CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kFeeds, audit::Sha256Hex(old_token)));
    }
    if (!s.feed_token.empty() && s.feed_token != old_token) {
      store::DocRow feed;
      feed.collection = std::string(kFeeds);
      feed.key = audit::Sha256Hex(s.feed_token);
      feed.body = s.id;
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(feed, 0).status());
    }
    if (expected == 0) {
      CHANCERY_RETURN_IF_ERROR(txn.NextSequence(kSavedGeneration).status());
    }
    store::WriteBatch batch;
    batch.audit.push_back(Event(owner, std::move(action), s.id, "ok" + detail));
    return txn.Write(std::move(batch)).status();
  });
  return done;
}

Result<SavedSearch> AlertsImpl::Save(const security::Subject& owner, const SavedSearchSpec& spec) {
  const auto deny = [&](Status s) -> Status {
    AuditOnly(Event(owner, "saved.add", spec.query, "deny: " + s.ToString()));
    return s;
  };
  // Only a registered reader owns a search: the feed is decided for them at delivery time.
  if (!records_.ResolveSubject(std::string_view(owner.name)).ok()) {
    return deny(PermissionDenied("sign in to save a search"));
  }
  if (Result<search::SearchQuery> q = QueryOf(spec); !q.ok()) {
    return deny(q.status());
  }
  store::DocQuery mine;
  mine.collection = std::string(kSaved);
  mine.group = owner.name;
  mine.limit = kMaxSavedSearchesPerOwner + 1;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(mine));
  if (rows.size() >= kMaxSavedSearchesPerOwner) {
    return deny(FailedPrecondition("at most " + std::to_string(kMaxSavedSearchesPerOwner) +
                                   " saved searches per reader: remove one first"));
  }
  SavedSearch s;
  s.id = "ss-" + audit::RandomHex(6);
  s.owner = owner.name;
  s.spec = spec;
  if (s.spec.name.empty()) {
    // The query, cut at a character boundary within 200 bytes.
    size_t cut = std::min<size_t>(spec.query.size(), 200);
    while (cut < spec.query.size() && cut > 0 &&
           (static_cast<unsigned char>(spec.query[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    s.spec.name = spec.query.empty() ? "Everything" : spec.query.substr(0, cut);
  }
  s.created_micros = SystemClock().NowMicros();
  // Alerts start after what the store holds now: saving is not an alert for the backlog.
  CHANCERY_ASSIGN_OR_RETURN(s.since_seq, store().LastChangeSeq());
  s.feed_token = NewToken();
  if (Status w = WriteSaved(owner, s, 0, "", "saved.add", ""); !w.ok()) {
    return deny(w);
  }
  return s;
}

Result<std::vector<SavedSearch>> AlertsImpl::List(const security::Subject& owner) {
  store::DocQuery mine;
  mine.collection = std::string(kSaved);
  mine.group = owner.name;
  mine.limit = kMaxSavedSearchesPerOwner + 10;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(mine));
  std::vector<SavedSearch> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(SavedSearch s, SavedFromJson(row.body));
    out.push_back(std::move(s));
  }
  return out;
}

Result<SavedSearch> AlertsImpl::Get(const security::Subject& owner, std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(auto owned, Owned(owner, id));
  return owned.first;
}

Status AlertsImpl::Remove(const security::Subject& owner, std::string_view id) {
  Result<std::pair<SavedSearch, int64_t>> owned = Owned(owner, id);
  if (!owned.ok()) {
    AuditOnly(Event(owner, "saved.remove", std::string(id), "deny: " + owned.status().ToString()));
    return owned.status();
  }
  const SavedSearch& s = owned->first;
  return store().Transact([&](store::Txn& txn) -> Status {
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(SavedDoc(s), owned->second).status());  // still ours
    CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kSaved, s.id));
    if (!s.feed_token.empty()) {
      CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kFeeds, audit::Sha256Hex(s.feed_token)));
    }
    for (bool more = true; more;) {
      store::DocQuery q;
      q.collection = std::string(kMatches);
      q.group = s.id;
      q.limit = 1000;
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, txn.ListDocs(q));
      for (const store::DocRow& row : rows) {
        CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kMatches, row.key));
      }
      more = rows.size() == q.limit;
    }
    CHANCERY_RETURN_IF_ERROR(txn.NextSequence(kSavedGeneration).status());
    store::WriteBatch batch;
    batch.audit.push_back(Event(owner, "saved.remove", s.id, "ok"));
    return txn.Write(std::move(batch)).status();
  });
}

Result<SavedSearch> AlertsImpl::RenewFeed(const security::Subject& owner, std::string_view id) {
  Result<std::pair<SavedSearch, int64_t>> owned = Owned(owner, id);
  if (!owned.ok()) {
    AuditOnly(Event(owner, "saved.feed", std::string(id), "deny: " + owned.status().ToString()));
    return owned.status();
  }
  SavedSearch s = owned->first;
  s.feed_token = NewToken();
  CHANCERY_RETURN_IF_ERROR(
      WriteSaved(owner, s, owned->second, owned->first.feed_token, "saved.feed", " renew"));
  return s;
}

Status AlertsImpl::RevokeFeed(const security::Subject& owner, std::string_view id) {
  Result<std::pair<SavedSearch, int64_t>> owned = Owned(owner, id);
  if (!owned.ok()) {
    AuditOnly(Event(owner, "saved.feed", std::string(id), "deny: " + owned.status().ToString()));
    return owned.status();
  }
  SavedSearch s = owned->first;
  s.feed_token.clear();
  return WriteSaved(owner, s, owned->second, owned->first.feed_token, "saved.feed", " revoke");
}

}  // namespace chancery::archive::internal

namespace chancery::archive {

Result<std::unique_ptr<Alerts>> Alerts::Open(records::Records& records) {
  return std::unique_ptr<Alerts>(new internal::AlertsImpl(records));
}

}  // namespace chancery::archive
