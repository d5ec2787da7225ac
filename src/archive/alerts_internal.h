// Private parts of saved searches and alerts (include/chancery/archive/alerts.h): the stored
// rows (alerts_rows.cc), saving and feeds (alerts_saved.cc), evaluation (alerts_run.cc) and
// delivery (alerts_read.cc).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/alerts.h"
#include "chancery/archive/authorities.h"
#include "chancery/model/audit_event.h"
#include "chancery/search/matcher.h"
#include "chancery/store/store.h"

namespace chancery::archive::internal {

inline constexpr std::string_view kSaved = "alerts.saved";       // key = id, group = owner
inline constexpr std::string_view kFeeds = "alerts.feed";        // key = sha256(token) -> id
inline constexpr std::string_view kMatches = "alerts.match";     // key = id/record, group = id
inline constexpr std::string_view kAlertState = "alerts.state";  // key "seq"
inline constexpr std::string_view kSitemap = "sitemap.record";   // key = record id
// Bumped whenever a saved search is added or removed: the evaluator reloads its queries then.
inline constexpr std::string_view kSavedGeneration = "alerts.saved-generation";

std::string SavedToJson(const SavedSearch& s);
Result<SavedSearch> SavedFromJson(std::string_view json);
store::DocRow SavedDoc(const SavedSearch& s);

// A match row: search, record, seq, when.
struct MatchRow {
  std::string search_id;
  std::string record_id;
  int64_t seq = 0;
  int64_t micros = 0;
};

store::DocRow MatchDoc(const MatchRow& m);
Result<MatchRow> MatchFromDoc(const store::DocRow& doc);

// The search query a saved search stands for (validated: kInvalidArgument naming the field).
Result<search::SearchQuery> QueryOf(const SavedSearchSpec& spec);

class AlertsImpl : public Alerts {
 public:
  explicit AlertsImpl(records::Records& records) : records_(records) {}

  Result<SavedSearch> Save(const security::Subject& owner, const SavedSearchSpec& spec) override;
  Result<std::vector<SavedSearch>> List(const security::Subject& owner) override;
  Result<SavedSearch> Get(const security::Subject& owner, std::string_view id) override;
  Status Remove(const security::Subject& owner, std::string_view id) override;
  Result<SavedSearch> RenewFeed(const security::Subject& owner, std::string_view id) override;
  Status RevokeFeed(const security::Subject& owner, std::string_view id) override;
  Result<std::vector<Alert>> List(const security::Subject& owner, std::string_view id,
                                  size_t limit) override;
  Result<AlertFeed> Feed(std::string_view token, size_t limit) override;
  Result<AlertRun> Run() override;
  Result<std::vector<SitemapEntry>> Sitemap() override;

 private:
  store::Store& store() { return records_.store(); }

  const security::Policy& policy() const { return records_.policy(); }

  model::AuditEvent Event(const security::Subject& actor, std::string action, std::string target,
                          std::string decision) const;
  void AuditOnly(model::AuditEvent event);
  // The owner's saved search row and its version, or kNotFound "no saved search ID".
  Result<std::pair<SavedSearch, int64_t>> Owned(const security::Subject& owner,
                                                std::string_view id);
  // Writes the search (replacing `expected`, 0 for new) with its feed row and audit entry.
  Status WriteSaved(const security::Subject& owner, const SavedSearch& s, int64_t expected,
                    const std::string& old_token, std::string action, std::string detail);
  // One batch of the catch-up; *more when there may be others.
  Status RunSome(AlertRun* run, bool* more);
  // Reloads the compiled saved queries when the generation moved.
  Status LoadQueries();
  // The alerts of `ids`, for `subject` as now, newest first, at most `limit`.
  Result<std::vector<Alert>> Deliver(const security::Subject& subject,
                                     const std::vector<std::string>& ids, size_t limit);

  struct Compiled {
    std::string id;
    int64_t since_seq = 0;
    search::CompiledQuery query;
  };

  records::Records& records_;
  std::mutex run_mu_;  // one catch-up at a time in this process
  int64_t loaded_generation_ = -1;
  std::vector<Compiled> compiled_;
  // person: clauses are expanded as the reading room expands them (docs/authorities.md).
  std::unique_ptr<Authorities> authorities_;
};

}  // namespace chancery::archive::internal
