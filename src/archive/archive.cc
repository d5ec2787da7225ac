// The archive's frame: options, names, spans, the review state machine, the queue and the
// status of one review (docs/archive.md).
#include "chancery/archive/archive.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "chancery/audit/signing.h"
#include "chancery/base/strings.h"
#include "chancery/desk/keys.h"
#include "chancery/format/json.h"

#include "archive/archive_impl.h"

namespace chancery::archive {

Status ArchiveOptions::Validate() {
  if (db_path.empty()) {
    return InvalidArgument("archive: db_path is required");
  }
  if (key_dir.empty() && store::IsPostgresUrl(db_path)) {
    return InvalidArgument("a PostgreSQL store needs key_dir set (the keys/ folder under --keys)");
  }
  if (key_dir.empty()) {
    key_dir = db_path + ".keys";
  }
  return Status::Ok();
}

std::string_view ReviewStateName(ReviewState s) {
  switch (s) {
    case ReviewState::kHeld:
      return "held";
    case ReviewState::kDue:
      return "due";
    case ReviewState::kInReview:
      return "in review";
    case ReviewState::kReferred:
      return "referred";
    case ReviewState::kDecided:
      return "decided";
    case ReviewState::kPublishedFull:
      return "published in full";
    case ReviewState::kPublishedPart:
      return "published in part";
    case ReviewState::kWithheldFull:
      return "withheld in full";
    case ReviewState::kPublic:
      return "public";
  }
  return "unknown";
}

std::string_view DecisionKindName(DecisionKind k) {
  switch (k) {
    case DecisionKind::kRelease:
      return "release";
    case DecisionKind::kWithhold:
      return "withhold";
    case DecisionKind::kRefer:
      return "refer";
    case DecisionKind::kConcur:
      return "concur";
    case DecisionKind::kAnswer:
      return "answer";
  }
  return "unknown";
}

std::string Span::ToString() const {
  std::string out = pointer;
  if (first_word >= 0) {
    out += "#w" + std::to_string(first_word);
    if (last_word != first_word) {
      out += "-" + std::to_string(last_word);
    }
  }
  return out;
}

namespace {

bool ParseWord(std::string_view text, int32_t* out) {
  if (text.empty() || text.size() > 9) {
    return false;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out >= 0;
}

}  // namespace

Result<Span> Span::Parse(std::string_view text) {
  Span span;
  const size_t hash = text.find('#');
  span.pointer = std::string(text.substr(0, hash));
  if (!span.pointer.empty() && span.pointer.front() != '/') {
    return InvalidArgument("span \"" + std::string(text) +
                           "\": a span is a JSON pointer such as /body/3/text, optionally "
                           "followed by #wA-B (words A to B, from 0)");
  }
  if (span.pointer.size() > 1 && span.pointer.back() == '/') {
    return InvalidArgument("span \"" + std::string(text) + "\": empty last pointer segment");
  }
  if (hash == std::string_view::npos) {
    return span;
  }
  std::string_view range = text.substr(hash + 1);
  if (range.empty() || range.front() != 'w') {
    return InvalidArgument("span \"" + std::string(text) + "\": expected #wA or #wA-B after '#'");
  }
  range.remove_prefix(1);
  const size_t dash = range.find('-');
  const std::string_view first = range.substr(0, dash);
  const std::string_view last = dash == std::string_view::npos ? first : range.substr(dash + 1);
  if (!ParseWord(first, &span.first_word) || !ParseWord(last, &span.last_word) ||
      span.last_word < span.first_word) {
    return InvalidArgument("span \"" + std::string(text) +
                           "\": the word range must be #wA or #wA-B with 0 <= A <= B");
  }
  return span;
}

std::string DecisionMessage(const Decision& d) {
  std::string spans;
  for (const Span& s : d.spans) {
    spans += s.ToString() + "\n";
  }
  return "chancery-review-v1\n" + d.record_id + "\n" + std::to_string(d.version) + "\n" + d.digest +
         "\n" + std::string(DecisionKindName(d.kind)) + "\n" + d.actor + "\n" +
         std::to_string(d.micros) + "\ncode " + d.code + "\noffice " + d.office + "\nanswers " +
         d.answers + (d.answer_withhold ? " withhold" : "") + "\nphrase " + d.phrase + "\n" +
         (d.names ? "names\n" : "") + spans;
}

namespace internal {

Result<std::string> ArchiveImpl::OriginalOf(const Loaded& seen, int64_t* number) {
  const model::Publication& p = seen.cable.publication;
  if (p.Empty()) {
    return seen.cable.id;
  }
  if (*number == 0) {
    *number = p.number;
  } else if (*number != p.number) {
    return InvalidArgument("record " + seen.cable.id + " is published version " +
                           std::to_string(p.number) + ", not " + std::to_string(*number));
  }
  return p.of;
}

}  // namespace internal

Result<std::unique_ptr<Archive>> Archive::Open(records::Records& records, ArchiveOptions options) {
  CHANCERY_RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<desk::Desk> desk;
  if (options.desk == nullptr) {
    desk::DeskOptions desk_options;
    desk_options.db_path = options.db_path;
    desk_options.key_dir = options.key_dir;
    desk_options.clock = options.clock;
    CHANCERY_ASSIGN_OR_RETURN(desk, desk::Desk::Open(std::move(desk_options), records));
  }
  return std::unique_ptr<Archive>(
      new internal::ArchiveImpl(records, std::move(options), std::move(desk)));
}

namespace internal {

bool HasRole(const security::Subject& s, std::string_view role) {
  return std::find(s.clearance.roles.begin(), s.clearance.roles.end(), role) !=
         s.clearance.roles.end();
}

ArchiveImpl::ArchiveImpl(records::Records& records, ArchiveOptions options,
                         std::unique_ptr<desk::Desk> desk)
    : records_(records),
      options_(std::move(options)),
      owned_desk_(std::move(desk)),
      desk_(options_.desk != nullptr ? options_.desk : owned_desk_.get()),
      keys_(records_.store(), options_.key_dir),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock_) {}

ArchiveImpl::~ArchiveImpl() = default;

Result<Loaded> ArchiveImpl::LoadReadable(const security::Subject& actor, std::string_view id) {
  const Status missing = NotFound("no record " + std::string(id));
  std::vector<store::StoredRecord> candidates;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> by_id, store().GetRecord(id));
  if (by_id.has_value()) {
    candidates.push_back(std::move(*by_id));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(candidates, store().GetRecordsBySerial(id, 16));
  }
  for (store::StoredRecord& stored : candidates) {
    Result<model::Cable> cable = format::CableFromJson(stored.payload);
    if (!cable.ok()) {
      return cable.status();
    }
    security::AccessClass cls = security::ClassOf(policy(), *cable);
    if (!security::Decide(policy(), actor, cls, security::Action::kRead).allowed) {
      continue;
    }
    // A serial names the original, not its published versions.
    if (!by_id.has_value() && !cable->publication.Empty()) {
      continue;
    }
    Loaded loaded;
    loaded.cable = std::move(*cable);
    loaded.version = stored.version;
    loaded.digest = audit::Sha256Hex(stored.payload);
    loaded.access_class = std::move(cls);
    return loaded;
  }
  return missing;
}

model::AuditEvent ArchiveImpl::Event(const security::Subject& actor, std::string action,
                                     std::string target, std::string decision,
                                     std::vector<std::string> ids) const {
  model::AuditEvent event;
  event.time_micros = NowMicros();
  event.actor = actor.name;
  event.action = std::move(action);
  event.target = std::move(target);
  event.decision = std::move(decision);
  event.ids = std::move(ids);
  return event;
}

chancery::Status ArchiveImpl::AuditOnly(model::AuditEvent event) {
  store::WriteBatch batch;
  batch.audit.push_back(std::move(event));
  batch.durability = store::Durability::kProcessCrash;
  return store().Write(std::move(batch)).status();
}

chancery::Status ArchiveImpl::AppendAudit(store::Txn& txn, std::vector<model::AuditEvent> events) {
  store::WriteBatch batch;
  batch.audit = std::move(events);
  return txn.Write(std::move(batch)).status();
}

chancery::Status ArchiveImpl::Audited(const security::Subject& actor, std::string_view action,
                                      std::string_view target,
                                      const std::function<chancery::Status()>& fn) {
  chancery::Status done = fn();
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(
        Event(actor, std::string(action), std::string(target), "deny: " + done.ToString())));
    return done;
  }
  return CheckpointAfterMutation();
}

Result<audit::Signer> ArchiveImpl::SignerFor(store::Txn& txn, const security::Subject& actor) {
  return keys_.SignerFor(txn, actor.name,
                         [this, &actor] { return Event(actor, "key.register", actor.name, ""); });
}

Result<ReviewRow> ArchiveImpl::GetReviewRow(store::Txn* txn, std::string_view id) {
  std::optional<store::DocRow> row;
  if (txn != nullptr) {
    CHANCERY_ASSIGN_OR_RETURN(row, txn->GetDoc(kReviews, id));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(row, store().GetDoc(kReviews, id));
  }
  if (!row.has_value()) {
    return ReviewRow{};
  }
  return ReviewRowFromJson(row->body);
}

Result<std::vector<store::DocRow>> ArchiveImpl::ListGroup(store::Txn* txn,
                                                          std::string_view collection,
                                                          std::string_view id) {
  store::DocQuery q;
  q.collection = std::string(collection);
  q.group = std::string(id);
  q.limit = 100000;
  return txn != nullptr ? txn->ListDocs(q) : store().ListDocs(q);
}

Result<std::vector<Decision>> ArchiveImpl::GetDecisions(store::Txn* txn, std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, ListGroup(txn, kDecisions, id));
  std::vector<Decision> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(Decision d, DecisionFromJson(row.body));
    d.void_reason.clear();  // derived, never taken from the row
    // A decision counts only with a valid signature by its maker's registered key: a row edited
    // in the store file (a moved span, a revived version, a forged concurrence) does not.
    Result<desk::KeyInfo> key = txn != nullptr ? desk::KeyRing::PublicKeyIn(*txn, d.actor)
                                               : desk::KeyRing::PublicKey(store(), d.actor);
    if (!key.ok() || key->public_key_hex != d.public_key ||
        !audit::VerifyMessage(DecisionMessage(d), d.signature, d.public_key).ok()) {
      d.void_reason = std::string(kForged);
    }
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<PublishedRow>> ArchiveImpl::GetPublished(store::Txn* txn, std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, ListGroup(txn, kPublished, id));
  std::vector<PublishedRow> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(PublishedRow p, PublishedRowFromJson(row.body));
    out.push_back(std::move(p));
  }
  return out;
}

chancery::Status ArchiveImpl::PutReviewRow(store::Txn& txn, std::string_view id,
                                           const ReviewRow& row) {
  store::DocRow doc;
  doc.collection = std::string(kReviews);
  doc.key = std::string(id);
  doc.body = ReviewRowToJson(row);
  return txn.PutDoc(doc).status();
}

namespace {

std::string Padded(int64_t n, size_t width) {
  std::string s = std::to_string(n);
  return std::string(s.size() < width ? width - s.size() : 0, '0') + s;
}

}  // namespace

chancery::Status ArchiveImpl::PutDecision(store::Txn& txn, const security::Subject& actor,
                                          ReviewRow* row, Decision* d) {
  const int64_t n = row->next_decision++;
  d->round = row->round;
  d->id = d->record_id + "/" + std::to_string(row->round) + "/" + std::to_string(n);
  d->micros = NowMicros();
  CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, SignerFor(txn, actor));
  d->public_key = signer.public_key_hex();
  d->signature = audit::SignMessage(signer, DecisionMessage(*d));
  store::DocRow doc;
  doc.collection = std::string(kDecisions);
  doc.key = d->record_id + "/" + Padded(n, 6);
  doc.group = d->record_id;
  doc.sort = Padded(n, 6);
  doc.body = DecisionToJson(*d);
  CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
  return PutReviewRow(txn, d->record_id, *row);
}

void ArchiveImpl::VoidStale(int64_t version, std::string_view digest, int64_t round,
                            std::vector<Decision>* decisions) {
  for (Decision& d : *decisions) {
    if (!d.void_reason.empty()) {
      continue;
    }
    if (d.round != round) {
      d.void_reason = "superseded by review round " + std::to_string(round);
    } else if (d.version == version && !digest.empty() && d.digest != digest) {
      d.void_reason = "made on other content than version " + std::to_string(version) +
                      " holds (its digest differs)";
    } else if (d.version != version) {
      d.void_reason = "record changed from version " + std::to_string(d.version) + " to " +
                      std::to_string(version) + " after this decision";
    }
  }
}

namespace {

// When a record falls due: its own due date, else its date plus the policy's period for its
// level; 0 when neither applies.
int64_t DueMicros(const security::Policy& policy, const Loaded& record, const ReviewRow& row) {
  if (row.own_due_micros != 0) {
    return row.own_due_micros;
  }
  const std::optional<int64_t> after =
      policy.archive.ReviewAfterSeconds(record.cable.current_label.classification);
  if (!after.has_value()) {
    return 0;
  }
  const model::Cable& c = record.cable;
  const model::Date& date = c.date.IsSet()       ? c.date
                            : c.released.IsSet() ? c.released
                            : c.latest.IsSet()   ? c.latest
                                                 : c.drafted;
  if (!date.IsSet()) {
    return 0;
  }
  const int64_t end_of_day = (static_cast<int64_t>(date.LastDay()) + 1) * 86'400;
  return (end_of_day + *after) * 1'000'000;
}

}  // namespace

ArchiveImpl::Computed ArchiveImpl::Compute(const Loaded& record, const ReviewRow& row,
                                           const std::vector<Decision>& decisions) const {
  Computed c;
  const security::Subject pub = security::Subject::PublicReader(policy());
  const security::LevelDef* level = policy().FindLevel(record.cable.current_label.classification);
  c.needs_concurrence = level != nullptr && policy().archive.concurrence_rank.has_value() &&
                        level->rank >= *policy().archive.concurrence_rank;
  c.due_micros = DueMicros(policy(), record, row);
  bool any = false;
  bool released = false;
  bool whole_withheld = false;
  for (const Decision& d : decisions) {
    if (!d.void_reason.empty()) {
      continue;
    }
    any = true;
    // A concurrence covers the decisions made before it: a later withhold, release or referral
    // needs a new one (answers to referrals are the equity holder's, not a reviewer's).
    if (d.kind == DecisionKind::kConcur) {
      c.concurred = true;
    } else if (d.kind != DecisionKind::kAnswer || d.answer_withhold) {
      c.concurred = false;
    }
    if (d.kind == DecisionKind::kRelease) {
      released = true;
    } else if (d.kind == DecisionKind::kRefer) {
      const bool answered = std::any_of(decisions.begin(), decisions.end(), [&](const Decision& a) {
        return a.void_reason.empty() && a.kind == DecisionKind::kAnswer && a.answers == d.id;
      });
      c.open_referrals += answered ? 0 : 1;
    } else if (d.kind == DecisionKind::kWithhold ||
               (d.kind == DecisionKind::kAnswer && d.answer_withhold)) {
      for (const Span& s : d.spans) {  // an answer carries the spans it answers
        whole_withheld = whole_withheld || s.pointer.empty();
      }
    }
  }
  c.all_decided = released || whole_withheld;
  if (security::Decide(policy(), pub, record.access_class, security::Action::kRead).allowed) {
    c.state = ReviewState::kPublic;
  } else if (row.closed) {
    c.state = row.withheld_full ? ReviewState::kWithheldFull : ReviewState::kPublishedPart;
  } else if (c.open_referrals > 0) {
    c.state = ReviewState::kReferred;
  } else if (c.all_decided) {
    c.state = ReviewState::kDecided;
  } else if (any) {
    c.state = ReviewState::kInReview;
  } else if ((c.due_micros != 0 && c.due_micros <= NowMicros()) || row.opened_micros != 0) {
    c.state = ReviewState::kDue;
  } else {
    c.state = ReviewState::kHeld;
  }
  return c;
}

Result<ReviewStatus> ArchiveImpl::Review(const security::Subject& actor, std::string_view id) {
  Result<ReviewStatus> out = NotFound("no record " + std::string(id));
  auto run = [&]() -> chancery::Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded record, LoadReadable(actor, id));
    ReviewStatus s;
    s.record_id = record.cable.id;
    s.title = std::string(model::DisplayTitle(record.cable));
    s.label = record.cable.current_label.ToBanner();
    s.version = record.version;
    CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(nullptr, record.cable.id));
    CHANCERY_ASSIGN_OR_RETURN(s.decisions, GetDecisions(nullptr, record.cable.id));
    VoidStale(record.version, record.digest, row.round, &s.decisions);
    const Computed c = Compute(record, row, s.decisions);
    s.state = c.state;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<PublishedRow> published,
                              GetPublished(nullptr, record.cable.id));
    for (PublishedRow& p : published) {
      s.published.push_back(std::move(p.version));
    }
    if (s.state == ReviewState::kPublishedPart && !s.published.empty() &&
        s.published.back().in_full) {
      s.state = ReviewState::kPublishedFull;
    }
    s.round = row.round;
    s.due_micros = c.due_micros;
    s.needs_concurrence = c.needs_concurrence;
    s.concurred = c.concurred;
    s.open_referrals = c.open_referrals;
    // Who asked for review is for the archive's staff, not for every cleared reader.
    const bool staff = HasRole(actor, "reviewer") || HasRole(actor, "archivist");
    for (const std::string& rid : staff ? row.requests : std::vector<std::string>{}) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> r, store().GetDoc(kRequests, rid));
      if (r.has_value()) {
        CHANCERY_ASSIGN_OR_RETURN(ReviewRequest req, RequestFromJson(r->body));
        s.requests.push_back(std::move(req));
      }
    }
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "archive.status", s.record_id, "allow")));
    out = std::move(s);
    return chancery::Status::Ok();
  };
  chancery::Status done = run();
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "archive.status", std::string(id), "deny: " + done.ToString())));
    return done;
  }
  return out;
}

Result<std::vector<QueueItem>> ArchiveImpl::Queue(const security::Subject& actor) {
  const bool reviewer = HasRole(actor, "reviewer");
  const bool archivist = HasRole(actor, "archivist");
  std::vector<std::string> equity;
  for (const std::string& r : actor.clearance.roles) {
    if (r.rfind("equity:", 0) == 0) {
      equity.push_back(r.substr(7));
    }
  }
  if (!reviewer && !archivist && equity.empty()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "archive.queue", "queue", "deny: no archive role")));
    return PermissionDenied(
        "the review queue needs an archive role (reviewer, archivist or "
        "equity:OFFICE), which " +
        actor.name + " does not hold");
  }
  // Classes the actor may read and the public may not: only those records can be in review.
  const security::Subject pub = security::Subject::PublicReader(policy());
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AccessClassRow> classes,
                            store().AccessClassesAfter(0));
  std::vector<int64_t> wanted;
  for (const store::AccessClassRow& row : classes) {
    CHANCERY_ASSIGN_OR_RETURN(security::AccessClass cls, security::AccessClass::FromKey(row.key));
    if (security::Decide(policy(), actor, cls, security::Action::kRead).allowed &&
        !security::Decide(policy(), pub, cls, security::Action::kRead).allowed) {
      wanted.push_back(row.id);
    }
  }
  std::vector<std::string> ids;
  std::string after;
  while (true) {
    size_t seen = 0;
    CHANCERY_RETURN_IF_ERROR(store().ScanRecordMetas(
        after, 4096, [&](const store::RecordMeta& meta) -> chancery::Status {
          ++seen;
          after = meta.id;
          if (std::find(wanted.begin(), wanted.end(), meta.access_class) != wanted.end()) {
            ids.push_back(meta.id);
          }
          return chancery::Status::Ok();
        }));
    if (seen < 4096) {
      break;
    }
  }
  std::vector<QueueItem> items;
  const int64_t now = NowMicros();
  for (const std::string& id : ids) {
    Result<Loaded> record = LoadReadable(actor, id);
    if (!record.ok()) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(nullptr, id));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Decision> decisions, GetDecisions(nullptr, id));
    VoidStale(record->version, record->digest, row.round, &decisions);
    const Computed c = Compute(*record, row, decisions);
    QueueItem item;
    item.record_id = id;
    item.title = std::string(model::DisplayTitle(record->cable));
    item.label = record->cable.current_label.ToBanner();
    item.state = c.state;
    item.due_micros = c.due_micros;
    item.requests = static_cast<int64_t>(row.requests.size());
    const int64_t since = row.opened_micros != 0 ? row.opened_micros : c.due_micros;
    item.age_micros = since != 0 && since < now ? now - since : 0;
    bool mine = false;
    switch (c.state) {
      case ReviewState::kDue:
      case ReviewState::kInReview:
        item.waiting_for = "review";
        mine = reviewer;
        break;
      case ReviewState::kReferred:
        for (const Decision& d : decisions) {
          if (d.void_reason.empty() && d.kind == DecisionKind::kRefer) {
            item.waiting_for = "referral to " + d.office;
            mine = mine || reviewer ||
                   std::find(equity.begin(), equity.end(), d.office) != equity.end();
          }
        }
        break;
      case ReviewState::kDecided:
        if (c.needs_concurrence && !c.concurred) {
          item.waiting_for = "concurrence";
          mine = reviewer;
        } else {
          item.waiting_for = "publication";
          mine = archivist || reviewer;
        }
        break;
      default:
        break;
    }
    if (mine) {
      items.push_back(std::move(item));
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const QueueItem& a, const QueueItem& b) {
    return a.age_micros > b.age_micros;
  });
  std::vector<std::string> listed;
  for (const QueueItem& item : items) {
    listed.push_back(item.record_id);
  }
  CHANCERY_RETURN_IF_ERROR(AuditOnly(
      Event(actor, "archive.queue", "queue", "allow: " + std::to_string(items.size()), listed)));
  return items;
}

}  // namespace internal
}  // namespace chancery::archive
