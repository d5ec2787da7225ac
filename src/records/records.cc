// Records: opening, users, the audit trail and its checkpoint. Reads are in records_read.cc,
// imports in records_import.cc, index maintenance in index_feed.cc.
#include "chancery/records/records.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <utility>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "chancery/base/durable_file.h"
#include "chancery/base/strings.h"

#include "records/records_impl.h"

namespace chancery::records {

namespace {

constexpr std::string_view kPolicyKey = "policy.text";

search::IndexOptions IndexOptionsFor(const RecordsOptions& options) {
  search::IndexOptions index;
  index.dir = options.index_dir;
  index.parts = options.index_parts;
  return index;
}

store::StoreOptions MakeStoreOptions(const RecordsOptions& options, bool create) {
  store::StoreOptions so;
  so.path = options.db_path;
  so.create_if_missing = create;
  so.synchronous_full = options.synchronous_full;
  so.audit_hash = [](const model::AuditEvent& ev) { return audit::HashEvent(ev); };
  so.audit_tree = audit::StoredHashesForEvent;
  return so;
}

// Repairs the modes of an older store's secrets (issue 11 finding 9): the signing key and its
// checkpoint record 0600, the desk's key folder 0700 (its files are written 0600). The store's
// database files and the index repair their own. Best effort: files of another owner stay.
void RestrictSecrets(const RecordsOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& file : {options.key_path, options.key_path + ".checkpoint"}) {
    if (fs::is_regular_file(file, ec)) {
      fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write,
                      fs::perm_options::replace, ec);
    }
  }
  const std::string keys = options.SideFilePrefix() + ".keys";
  if (fs::is_directory(keys, ec)) {
    fs::permissions(keys, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
}

constexpr std::string_view kIdentityCollection = "chancery.store";
constexpr std::string_view kIdentityKey = "id";

std::string RandomHex(size_t bytes) {
  std::random_device random;
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < bytes; ++i) {
    const unsigned value = random() & 0xffU;
    out += kHex[value >> 4];
    out += kHex[value & 0xfU];
  }
  return out;
}

// The store's identity: a random id made once (by the first process to look, conflict-safe when
// several start together) and kept in the store, so that an index folder can say which store it
// was derived from.
Result<std::string> StoreIdentity(store::Store& st) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                              st.GetDoc(kIdentityCollection, kIdentityKey));
    if (row.has_value()) {
      return row->body;
    }
    const std::string id = RandomHex(16);
    Status made = st.Transact([&](store::Txn& txn) {
      return txn
          .PutDoc(store::DocRow{std::string(kIdentityCollection), std::string(kIdentityKey), "", "",
                                id, 0},
                  /*expected_version=*/0)
          .status();
    });
    if (made.ok()) {
      return id;
    }
    if (made.code() != StatusCode::kConflict) {
      return made;
    }
  }
  return Unavailable("store identity: could not read or make it");
}

}  // namespace

Status RecordsOptions::Validate() {
  if (db_path.empty()) {
    return InvalidArgument("no store path: pass --db PATH or set CHANCERY_DB");
  }
  if (store::IsPostgresUrl(db_path)) {
    if (index_dir.empty()) {
      return InvalidArgument(
          "a PostgreSQL store needs this node's own index folder: pass --index DIR (or set "
          "CHANCERY_INDEX)");
    }
    if (files_dir.empty()) {
      return InvalidArgument(
          "a PostgreSQL store needs the folder of its signing keys, the same on every node: pass "
          "--keys DIR (or set CHANCERY_KEYS); docs/deploy.md");
    }
  }
  if (index_dir.empty()) {
    index_dir = db_path + ".index";
  }
  if (key_path.empty()) {
    key_path = SideFilePrefix() + ".audit-key";
  }
  return Status::Ok();
}

std::string RecordsOptions::SideFilePrefix() const {
  return store::IsPostgresUrl(db_path) ? files_dir + "/chancery" : db_path;
}

Result<std::unique_ptr<Records>> Records::Init(RecordsOptions options, std::string_view policy_text,
                                               std::string_view policy_source) {
  CHANCERY_RETURN_IF_ERROR(options.Validate());
  const bool shared = store::IsPostgresUrl(options.db_path);
  if (!shared && std::filesystem::exists(options.db_path)) {
    return AlreadyExists("store " + options.db_path + " already exists");
  }
  CHANCERY_ASSIGN_OR_RETURN(security::Policy policy,
                            security::ParsePolicy(policy_text, policy_source));
  if (shared) {
    std::error_code ec;
    std::filesystem::create_directories(options.files_dir, ec);
    std::filesystem::permissions(options.files_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  CHANCERY_ASSIGN_OR_RETURN(auto st, store::OpenStore(MakeStoreOptions(options, true)));
  if (shared) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> existing, st->GetMeta(kPolicyKey));
    if (existing.has_value()) {
      return AlreadyExists("store " + store::RedactedLocation(options.db_path) + " already exists");
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, audit::Signer::LoadOrCreate(options.key_path));
  CHANCERY_ASSIGN_OR_RETURN(auto index, search::OpenXapianIndex(IndexOptionsFor(options)));
  // Whatever a previous store left at the index path, damaged or not, goes.
  CHANCERY_RETURN_IF_ERROR(index->Rebuild(0, [](search::SearchIndex&) { return Status::Ok(); }));
  CHANCERY_ASSIGN_OR_RETURN(std::string store_id, StoreIdentity(*st));
  std::filesystem::remove(options.index_dir + "/store-id");
  CHANCERY_RETURN_IF_ERROR(internal::ClaimIndexFolder(options, store_id, /*claim=*/true));
  auto records = std::make_unique<internal::RecordsImpl>(
      std::move(options), std::move(policy), std::move(st), std::move(index), std::move(signer));
  records->set_store_id(std::move(store_id));
  CHANCERY_RETURN_IF_ERROR(records->InitStore(policy_text));
  return std::unique_ptr<Records>(std::move(records));
}

Result<std::unique_ptr<Records>> Records::Open(RecordsOptions options) {
  CHANCERY_RETURN_IF_ERROR(options.Validate());
  CHANCERY_ASSIGN_OR_RETURN(auto st, store::OpenStore(MakeStoreOptions(options, false)));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> text, st->GetMeta(kPolicyKey));
  if (!text.has_value()) {
    return Corruption("store " + store::RedactedLocation(options.db_path) +
                      " has no policy: was it made by chancery init?");
  }
  CHANCERY_ASSIGN_OR_RETURN(security::Policy policy, security::ParsePolicy(*text, "stored policy"));
  RestrictSecrets(options);
  CHANCERY_ASSIGN_OR_RETURN(std::string store_id, StoreIdentity(*st));
  CHANCERY_RETURN_IF_ERROR(internal::ClaimIndexFolder(options, store_id, /*claim=*/false));
  std::optional<audit::Signer> signer;
  if (auto loaded = audit::Signer::Load(options.key_path); loaded.ok()) {
    signer = std::move(loaded).value();
  }
  // A damaged index opens too (its Health() says what is wrong): show, list and export do not
  // need it, and the check below rebuilds it or searches report it.
  CHANCERY_ASSIGN_OR_RETURN(auto index, search::OpenXapianIndex(IndexOptionsFor(options)));
  CHANCERY_RETURN_IF_ERROR(internal::ClaimIndexFolder(options, store_id, /*claim=*/true));
  auto records = std::make_unique<internal::RecordsImpl>(
      std::move(options), std::move(policy), std::move(st), std::move(index), std::move(signer));
  records->set_store_id(std::move(store_id));
  // Check the derived index against the store and repair it now if we can: catch up with the
  // change log, compare each access class's document count with the store's, rebuild a damaged
  // or ahead index (index_feed.cc). Another process may be writing it (Xapian allows one writer);
  // then show, list and export still work, and Search retries and reports the index as
  // unavailable or damaged rather than answer from a stale or partial index.
  (void)records->CatchUpIndex();
  return std::unique_ptr<Records>(std::move(records));
}

namespace internal {

// Ties the index folder to the store it is derived from (a file "store-id" in it): an index
// made from another store (another node's folder of another cluster, a copied folder) is refused
// before it can answer a search with someone else's records. An index without the file is
// claimed. `claim` false: only check.
Status ClaimIndexFolder(const RecordsOptions& options, const std::string& store_id, bool claim) {
  namespace fs = std::filesystem;
  const std::string file = options.index_dir + "/store-id";
  std::error_code ec;
  if (fs::exists(file, ec)) {
    std::ifstream in(file);
    std::string held;
    std::getline(in, held);
    if (held == store_id) {
      return Status::Ok();
    }
    // An empty file is a claim a crash cut short (written, not yet synced): unclaimed.
    if (!held.empty()) {
      return FailedPrecondition(
          "index folder " + options.index_dir + " was derived from another store (store id " +
          held + "; this store " + store::RedactedLocation(options.db_path) + " is " + store_id +
          "): give this node an index folder of its own, or delete it "
          "to rebuild it from the store");
    }
  }
  if (!claim) {
    return Status::Ok();
  }
  fs::create_directories(options.index_dir, ec);
  // Written whole, synced, then renamed: the owner's alone, as every file of the store and its
  // index (docs/store.md "Files on disk").
  return ReplaceFileDurably(file, store_id + "\n");
}

RecordsImpl::RecordsImpl(RecordsOptions options, security::Policy policy,
                         std::unique_ptr<store::Store> store,
                         std::unique_ptr<search::SearchIndex> index,
                         std::optional<audit::Signer> signer)
    : options_(std::move(options)),
      policy_(std::move(policy)),
      store_(std::move(store)),
      index_(std::move(index)),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock_),
      audit_(*store_, std::move(signer), options_.key_path,
             options_.SideFilePrefix() + ".audit-segments", *clock_),
      public_(security::Subject::PublicReader(policy_)) {
  if (policy_.audit_reads.aggregate_seconds > 0) {
    aggregator_ = std::make_unique<ReadAggregator>(policy_.audit_reads.aggregate_seconds *
                                                   int64_t{1'000'000});
    timer_ = std::thread([this] { RunAggregateTimer(); });
  }
}

void RecordsImpl::RunAggregateTimer() {
  const auto interval = std::chrono::microseconds(aggregator_->interval_micros());
  std::unique_lock<std::mutex> lock(timer_mu_);
  while (!timer_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    (void)FlushReadAggregates(false);  // a failure keeps nothing back: the next read retries
    lock.lock();
  }
}

Status RecordsImpl::FlushReadAggregates(bool all) {
  if (aggregator_ == nullptr) {
    return Status::Ok();
  }
  std::vector<model::AuditEvent> events = aggregator_->Take(clock_->NowMicros(), all);
  if (events.empty()) {
    return Status::Ok();
  }
  store::WriteBatch batch;
  batch.audit = std::move(events);
  batch.durability = store::Durability::kProcessCrash;
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
  NoteAuditWrite(written);
  return Status::Ok();
}

Status RecordsImpl::InitStore(std::string_view policy_text) {
  store::WriteBatch batch;
  batch.meta.emplace_back(kPolicyKey, std::string(policy_text));
  // The empty log is vouched for from the start, so that a store without a checkpoint is always
  // a tampered one (even after a crash before the first mutation completed).
  CHANCERY_RETURN_IF_ERROR(audit_.InitialBatch(&batch));
  return store_->Write(std::move(batch)).status();
}

RecordsImpl::~RecordsImpl() {
  if (timer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(timer_mu_);
      stopping_ = true;
    }
    timer_cv_.notify_all();
    timer_.join();
  }
  // The counts of this process's last interval; lost only if the process is killed first.
  (void)FlushReadAggregates(true);
  if (dirty_audit_) {
    // Best effort: a failure leaves the previous checkpoint, which still verifies.
    (void)Checkpoint();
  }
}

security::Subject RecordsImpl::Administrator(std::string_view name) const {
  security::Subject s;
  s.name = std::string(name);
  s.administrator = true;
  s.security_officer = true;
  s.local_operator = true;
  int32_t best = -1;
  for (const auto& level : policy_.levels) {
    if (level.rank > best) {
      best = level.rank;
      s.clearance.level = level.name;
    }
  }
  for (const auto& category : policy_.categories) {
    s.clearance.categories.push_back(category.name);
  }
  s.clearance.groups = policy_.groups;
  return s;
}

Result<security::Subject> RecordsImpl::ResolveSubject(std::optional<std::string_view> user) {
  if (!user.has_value()) {
    return security::Subject::PublicReader(policy_);
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::UserRow> row, store_->GetUser(*user));
  if (!row.has_value()) {
    return NotFound("unknown user " + std::string(*user));
  }
  security::Subject s;
  s.name = row->name;
  s.administrator = row->administrator;
  CHANCERY_ASSIGN_OR_RETURN(s.clearance, ClearanceFromJson(row->clearance, &s.security_officer));
  return s;
}

void RecordsImpl::NoteAuditWrite(const store::WriteResult& /*written*/) {
  dirty_audit_ = true;
  // Reads (searches, shows) do not sign one by one: at most one checkpoint a second covers them.
  // A failure (no key here, or an alarm) leaves them hash-linked and reported as uncovered.
  constexpr int64_t kReadSignIntervalMicros = 1'000'000;
  int64_t last = last_sign_micros_.load();
  if (clock_->NowMicros() - last >= kReadSignIntervalMicros &&
      last_sign_micros_.compare_exchange_strong(last, clock_->NowMicros())) {
    (void)Checkpoint();
  }
}

model::AuditEvent RecordsImpl::MakeEvent(const security::Subject& actor, std::string_view action,
                                         std::string_view target, std::string_view decision,
                                         std::vector<std::string> ids) const {
  model::AuditEvent ev;
  ev.time_micros = clock_->NowMicros();
  ev.actor = actor.name;
  ev.action = std::string(action);
  ev.target = std::string(target);
  ev.decision = std::string(decision);
  ev.ids = std::move(ids);
  return ev;
}

Status RecordsImpl::Audit(const security::Subject& actor, std::string_view action,
                          std::string_view target, std::string_view decision,
                          std::vector<std::string> ids) {
  store::WriteBatch batch;
  batch.audit.push_back(MakeEvent(actor, action, target, decision, std::move(ids)));
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
  NoteAuditWrite(written);
  return Status::Ok();
}

Status RecordsImpl::Checkpoint() {
  last_sign_micros_ = clock_->NowMicros();
  CHANCERY_RETURN_IF_ERROR(audit_.Sign());
  dirty_audit_ = false;
  return Status::Ok();
}

Result<std::vector<model::AuditEvent>> RecordsImpl::AuditLog(const security::Subject& actor,
                                                             int64_t after_seq, size_t limit) {
  if (!actor.administrator) {
    return PermissionDenied("reading the audit log needs an administrator");
  }
  return store_->ReadAudit(after_seq, limit);
}

Result<AuditReport> RecordsImpl::VerifyAudit(const AuditVerifyOptions& options) {
  return audit_.Verify(options);
}

Result<AuditSegment> RecordsImpl::ArchiveAudit(const security::Subject& actor,
                                               const AuditArchiveOptions& options) {
  if (!actor.local_operator) {
    CHANCERY_RETURN_IF_ERROR(Audit(actor, "audit.archive", "", "deny: not the local operator", {}));
    return PermissionDenied(
        "moving audit entries out of the store needs the local operator (the chancery CLI on "
        "the store's machine)");
  }
  Result<AuditSegment> segment =
      audit_.Archive(options, MakeEvent(actor, "audit.archive", "", "", {}));
  if (!segment.ok()) {
    return segment.status();
  }
  dirty_audit_ = true;
  (void)Checkpoint();  // covers the audit.archive entry
  return segment;
}

std::string ClearanceToJson(const security::Clearance& c, bool security_officer) {
  nlohmann::json j;
  j["level"] = c.level;
  j["categories"] = c.categories;
  j["groups"] = c.groups;
  j["offices"] = c.offices;
  if (!c.roles.empty()) {
    j["roles"] = c.roles;
  }
  if (security_officer) {
    j["security_officer"] = true;
  }
  return j.dump();
}

Result<security::Clearance> ClearanceFromJson(std::string_view json, bool* security_officer) {
  try {
    nlohmann::json j = nlohmann::json::parse(json);
    security::Clearance c;
    c.level = j.at("level").get<std::string>();
    c.categories = j.value("categories", std::vector<std::string>{});
    c.groups = j.value("groups", std::vector<std::string>{});
    c.offices = j.value("offices", std::vector<std::string>{});
    c.roles = j.value("roles", std::vector<std::string>{});
    if (security_officer != nullptr) {
      *security_officer = j.value("security_officer", false);
    }
    return c;
  } catch (const nlohmann::json::exception& e) {
    return Corruption(std::string("stored clearance: ") + e.what());
  }
}

}  // namespace internal
}  // namespace chancery::records
