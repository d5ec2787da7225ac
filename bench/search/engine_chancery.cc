// Chancery, as shipped: records::Records (store, audit, index) fed by Import as the
// administrator, searched as the benchmark subject (SECRET + ECON, partial clearance). Two query
// paths are measured: "chancery" is Records::Search end to end (index catch-up, access
// decision, label-filtered search, audit entry); "chancery-index" is the label-filtered
// SearchIndex::Search alone over the subject's visible access classes.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "chancery/records/records.h"
#include "chancery/search/search_index.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"
#include "chancery/store/store.h"

#include "chancery_facets.h"
#include "corpus.h"
#include "engine.h"

namespace chancery::bench {
namespace {

// Records takes whole days as model dates: FirstDay() and LastDay() give back the same range.
records::SearchRequest RequestFor(const Query& query) {
  records::SearchRequest request;
  request.query = query.text;
  if (query.from_day.has_value()) {
    request.from = DateFromDays(*query.from_day);
  }
  if (query.to_day.has_value()) {
    request.to = DateFromDays(*query.to_day);
  }
  if (query.facets) {
    search::SearchQuery facets;
    RequestFacets(&facets);
    request.facets = facets.facets;
    request.facet_limit = facets.facet_limit;
  }
  return request;
}

class ChanceryEngine final : public Engine {
 public:
  explicit ChanceryEngine(std::string dir) : dir_(std::move(dir)) {}

  std::string Name() const override { return "chancery"; }

  std::vector<std::string> Modes() const override { return {"chancery", "chancery-index"}; }

  Status Ingest(const std::vector<model::Cable>& docs) override;
  Status Finish() override;
  Status Reopen() override;
  Status OpenClients(int threads) override;
  Result<SearchOutcome> Search(const Query& query, int thread, int mode) override;

  Result<uint64_t> SizeOnDisk(bool index_only) override {
    return DirectoryBytes(index_only ? dir_ + "/chancery.db.index" : dir_);
  }

 private:
  Status Open();
  records::RecordsOptions Options() const;
  Result<std::vector<int64_t>> VisibleClasses();

  std::string dir_;
  std::unique_ptr<records::Records> records_;
  security::Subject subject_;
  std::unique_ptr<search::SearchIndex> index_;
  std::vector<int64_t> visible_;
};

records::RecordsOptions ChanceryEngine::Options() const {
  records::RecordsOptions options;
  options.db_path = dir_ + "/chancery.db";
  return options;
}

Status ChanceryEngine::Open() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  records::RecordsOptions options = Options();
  // CHANCERY_BENCH_INDEX_PARTS: parts per access class of the index (default: the store's
  // default, one).
  if (const char* parts = std::getenv("CHANCERY_BENCH_INDEX_PARTS"); parts != nullptr) {
    options.index_parts = static_cast<uint32_t>(std::strtoul(parts, nullptr, 10));
  }
  CHANCERY_ASSIGN_OR_RETURN(records_,
                            records::Records::Init(options, security::DefaultPolicyText()));
  return Status::Ok();
}

Status ChanceryEngine::Ingest(const std::vector<model::Cable>& docs) {
  if (!records_) {
    CHANCERY_RETURN_IF_ERROR(Open());
  }
  std::vector<model::Cable> copy = docs;
  return records_->Import(records_->Administrator("bench"), std::move(copy), {}).status();
}

Status ChanceryEngine::Finish() {
  const security::Subject admin = records_->Administrator("bench");
  records::UserSpec analyst{"analyst", {kSubjectLevel, {kSubjectCategory}, {}, {}}, false};
  CHANCERY_RETURN_IF_ERROR(records_->AddUser(admin, analyst));
  CHANCERY_ASSIGN_OR_RETURN(subject_, records_->ResolveSubject("analyst"));
  return records_->CatchUpIndex();
}

Status ChanceryEngine::Reopen() {
  CHANCERY_ASSIGN_OR_RETURN(records_, records::Records::Open(Options()));
  CHANCERY_ASSIGN_OR_RETURN(subject_, records_->ResolveSubject("analyst"));
  return Status::Ok();
}

// The subject's visible access classes, decided as Records decides them (records/access.cc).
Result<std::vector<int64_t>> ChanceryEngine::VisibleClasses() {
  store::StoreOptions options;
  options.path = Options().db_path;
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenSqliteStore(options));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AccessClassRow> rows, store->AccessClasses());
  std::vector<int64_t> visible;
  for (const store::AccessClassRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(security::AccessClass access_class,
                              security::AccessClass::FromKey(row.key));
    if (security::Decide(records_->policy(), subject_, access_class, security::Action::kRead)
            .allowed) {
      visible.push_back(row.id);
    }
  }
  return visible;
}

Status ChanceryEngine::OpenClients(int) {
  if (!index_) {
    CHANCERY_ASSIGN_OR_RETURN(visible_, VisibleClasses());
    CHANCERY_ASSIGN_OR_RETURN(index_, search::OpenXapianIndex({dir_ + "/chancery.db.index"}));
  }
  return Status::Ok();
}

Result<SearchOutcome> ChanceryEngine::Search(const Query& query, int, int mode) {
  search::SearchResults results;
  if (mode == 0) {
    CHANCERY_ASSIGN_OR_RETURN(results, records_->Search(subject_, RequestFor(query)));
  } else {
    search::SearchQuery q;
    q.text = query.text;
    q.from_day = query.from_day;
    q.to_day = query.to_day;
    q.visible_classes = visible_;
    RequestExactCounts(&q);
    if (query.facets) {
      RequestFacets(&q);
    }
    CHANCERY_ASSIGN_OR_RETURN(results, index_->Search(q));
  }
  SearchOutcome outcome;
  outcome.total = results.total;
  for (const search::Hit& hit : results.hits) {
    outcome.ids.push_back(hit.id);
  }
  outcome.facet_values = FacetValues(results);
  return outcome;
}

}  // namespace

Result<std::unique_ptr<Engine>> MakeChanceryEngine(const std::string& work_dir) {
  return std::unique_ptr<Engine>(std::make_unique<ChanceryEngine>(work_dir + "/chancery"));
}

}  // namespace chancery::bench
