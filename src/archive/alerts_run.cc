// Evaluation of saved searches (include/chancery/archive/alerts.h, decision 0014): one cursor
// over the change log; each batch of changed records is indexed in memory and every saved
// query run over it. Matches and sitemap rows are written with the new cursor in one
// transaction, whose expected version keeps two processes from writing the same batch twice.
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/base/clock.h"
#include "chancery/format/json.h"

#include "archive/alerts_internal.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

constexpr size_t kBatch = 500;  // changes per transaction

}  // namespace

Status AlertsImpl::LoadQueries() {
  CHANCERY_ASSIGN_OR_RETURN(int64_t generation, store().PeekSequence(kSavedGeneration));
  if (generation == loaded_generation_) {
    return Status::Ok();
  }
  std::vector<Compiled> compiled;
  store::DocQuery q;
  q.collection = std::string(kSaved);
  q.limit = 1000;
  for (bool more = true; more;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(q));
    for (const store::DocRow& row : rows) {
      CHANCERY_ASSIGN_OR_RETURN(SavedSearch s, SavedFromJson(row.body));
      Result<search::SearchQuery> query = QueryOf(s.spec);
      if (!query.ok()) {
        continue;  // checked when saved; a later change of the query language drops it here
      }
      if (query->text.find("person:") != std::string::npos) {
        if (authorities_ == nullptr) {
          CHANCERY_ASSIGN_OR_RETURN(authorities_, Authorities::Open(records_));
        }
        if (Result<std::string> expanded = authorities_->ExpandQuery(query->text); expanded.ok()) {
          query->text = std::move(expanded).value();  // else as written, as a search would
        }
      }
      CHANCERY_ASSIGN_OR_RETURN(search::CompiledQuery c, search::CompiledQuery::Compile(*query));
      compiled.push_back({s.id, s.since_seq, std::move(c)});
    }
    more = rows.size() == q.limit;
    if (more) {
      q.after = rows.back().key;
    }
  }
  compiled_ = std::move(compiled);
  loaded_generation_ = generation;
  return Status::Ok();
}

Status AlertsImpl::RunSome(AlertRun* run, bool* more) {
  *more = false;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> state, store().GetDoc(kAlertState, "seq"));
  const int64_t cursor = state ? std::atoll(state->body.c_str()) : 0;
  const int64_t state_version = state ? state->version : 0;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::Change> changes,
                            store().ChangesSince(cursor, kBatch));
  if (changes.empty()) {
    return Status::Ok();
  }
  *more = changes.size() == kBatch;
  CHANCERY_RETURN_IF_ERROR(LoadQueries());
  const int64_t now = SystemClock().NowMicros();
  // The latest change of each record in the batch; the record as stored now.
  std::map<std::string, int64_t> latest;
  for (const store::Change& c : changes) {
    latest[c.record_id] = c.seq;
  }
  std::vector<model::Cable> cables;
  std::vector<int64_t> seqs;
  std::vector<store::DocRow> sitemap;
  std::vector<std::string> gone;
  cables.reserve(latest.size());
  for (const auto& [id, seq] : latest) {
    // The lookup columns first: most changes (a first evaluation of a large store) concern no
    // saved search and need no payload.
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta, store().GetRecordMeta(id));
    if (!meta) {
      gone.push_back(id);
      continue;
    }
    store::DocRow row;
    row.collection = std::string(kSitemap);
    row.key = id;
    row.body = Json({{"lastmod", now}, {"class", meta->access_class}}).dump();
    sitemap.push_back(std::move(row));
    bool wanted = false;
    for (const Compiled& c : compiled_) {
      wanted = wanted || c.since_seq < seq;
    }
    if (!wanted) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> rec, store().GetRecord(id));
    if (!rec) {
      continue;  // gone since the look-up: its delete is a later change
    }
    Result<model::Cable> cable = format::CableFromJson(rec->payload);
    if (!cable.ok()) {
      return Corruption("record " + id + ": " + std::string(cable.status().message()));
    }
    cables.push_back(std::move(cable).value());
    seqs.push_back(seq);
  }
  // Match: every saved search over the batch.
  std::vector<MatchRow> matches;
  if (!cables.empty()) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<const model::Cable*> pointers;
    for (const model::Cable& c : cables) {
      pointers.push_back(&c);
    }
    CHANCERY_ASSIGN_OR_RETURN(search::MatchBatch batch, search::MatchBatch::Of(pointers));
    for (const Compiled& c : compiled_) {
      CHANCERY_ASSIGN_OR_RETURN(std::vector<size_t> hits, batch.Match(c.query));
      for (size_t i : hits) {
        if (seqs[i] > c.since_seq) {
          matches.push_back({c.id, cables[i].id, seqs[i], now});
        }
      }
    }
    run->micros += std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();
    run->records += static_cast<int64_t>(cables.size());
    run->searches = std::max<int64_t>(run->searches, static_cast<int64_t>(compiled_.size()));
  }
  const int64_t to = changes.back().seq;
  int64_t written = 0;
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    written = 0;
    store::DocRow next;
    next.collection = std::string(kAlertState);
    next.key = "seq";
    next.body = std::to_string(to);
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(next, state_version).status());
    for (const MatchRow& m : matches) {
      const store::DocRow doc = MatchDoc(m);
      // A record alerts once per search (its first match); a search removed meanwhile, never.
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> saved, txn.GetDoc(kSaved, doc.group));
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> old, txn.GetDoc(kMatches, doc.key));
      if (saved && !old) {
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
        ++written;
      }
    }
    for (const store::DocRow& row : sitemap) {
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
    }
    for (const std::string& id : gone) {
      CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kSitemap, id));
    }
    return Status::Ok();
  });
  if (done.code() == StatusCode::kConflict) {
    *more = true;  // another process wrote this batch: read the cursor again
    return Status::Ok();
  }
  CHANCERY_RETURN_IF_ERROR(done);
  run->to_seq = to;
  run->matches += written;
  return Status::Ok();
}

Result<AlertRun> AlertsImpl::Run() {
  std::lock_guard<std::mutex> lock(run_mu_);
  AlertRun run;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> state, store().GetDoc(kAlertState, "seq"));
  run.from_seq = state ? std::atoll(state->body.c_str()) : 0;
  run.to_seq = run.from_seq;
  for (bool more = true; more;) {
    CHANCERY_RETURN_IF_ERROR(RunSome(&run, &more));
  }
  return run;
}

}  // namespace chancery::archive::internal
