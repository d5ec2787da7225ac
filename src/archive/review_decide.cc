// Reviewers' decisions (docs/archive.md "Decisions"): spans and phrases resolved to word runs,
// release, withhold, refer, answer, concur, reopen, due dates. Every decision is signed over the
// digest of the version reviewed and written with its audit entry in one transaction.
#include <algorithm>

#include "chancery/base/strings.h"

#include "archive/archive_impl.h"

namespace chancery::archive::internal {
namespace {

std::vector<std::string> Segments(std::string_view pointer) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    const size_t slash = pointer.find('/', start);
    out.emplace_back(pointer.substr(start, slash - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return out;
}

bool Under(std::string_view pointer, std::string_view prefix) {
  return pointer == prefix ||
         (pointer.size() > prefix.size() && pointer.substr(0, prefix.size()) == prefix &&
          pointer[prefix.size()] == '/');
}

std::string Where(const SpanContext& where) {
  return "record " + where.record_id + " version " + std::to_string(where.version);
}

// Indexes of the word units.
std::vector<size_t> WordUnits(const std::vector<Unit>& units) {
  std::vector<size_t> out;
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].word) {
      out.push_back(i);
    }
  }
  return out;
}

}  // namespace

bool Withholdable(std::string_view pointer) {
  const std::vector<std::string> seg = Segments(pointer);
  if (seg.empty()) {
    return false;
  }
  static constexpr std::string_view kStructure[] = {
      "date",     "drafted",          "approved",         "released",    "earliest",  "latest",
      "date_utc", "date_display",     "date_approximate", "precedence",  "direction", "kind",
      "serial",   "original_marking", "current_label",    "publication", "id"};
  for (std::string_view s : kStructure) {
    if (seg.front() == s) {
      return false;
    }
  }
  for (const std::string& s : seg) {
    if (s == "portion" || s == "label" || s == "precedence") {
      return false;
    }
  }
  // Structure inside a part: an approval's or dissemination's state, date and role, a
  // reference's target and relation.
  static constexpr std::string_view kLeaves[] = {"state",    "role",   "relation",
                                                 "is_group", "target", "date"};
  for (std::string_view s : kLeaves) {
    if (seg.back() == s) {
      return false;
    }
  }
  return true;
}

bool IsNameField(std::string_view pointer) {
  const std::vector<std::string> seg = Segments(pointer);
  if (seg.empty()) {
    return false;
  }
  const std::string& top = seg.front();
  if (top == "drafter" || top == "also_informed" || top == "persons" || top == "originators") {
    return true;
  }
  return ((top == "approvals" || top == "addressees") && seg.back() == "name") ||
         (top == "disseminations" && seg.back() == "party");
}

Result<std::vector<WithheldRun>> ResolveSpan(const std::vector<Field>& fields, const Span& span,
                                             const SpanContext& where) {
  const std::string what = Where(where) + ": span " + span.ToString();
  std::vector<WithheldRun> runs;
  bool matched = false;
  for (const Field& f : fields) {
    if (!Under(f.pointer, span.pointer)) {
      continue;
    }
    matched = true;
    if (span.first_word >= 0) {
      if (f.pointer != span.pointer || !f.is_string) {
        return InvalidArgument(what +
                               ": a word range needs a pointer to one text field, such as "
                               "/body/3/text");
      }
    }
    if (!f.is_string || !Withholdable(f.pointer)) {
      if (f.pointer == span.pointer) {
        return InvalidArgument(what + ": " + f.pointer +
                               " is structure, not text (dates, labels, states, serials and "
                               "numbers cannot be withheld)");
      }
      continue;
    }
    const std::vector<Unit> units = SplitUnits(f.value);
    const std::vector<size_t> words = WordUnits(units);
    if (span.first_word >= 0) {
      if (static_cast<size_t>(span.last_word) >= words.size()) {
        return InvalidArgument(what + ": the field has " + std::to_string(words.size()) +
                               " words (#w0-" +
                               std::to_string(words.empty() ? 0 : words.size() - 1) + ")");
      }
      runs.push_back({f.pointer, words[static_cast<size_t>(span.first_word)],
                      words[static_cast<size_t>(span.last_word)] + 1, ""});
    } else if (!words.empty()) {
      runs.push_back({f.pointer, words.front(), words.back() + 1, ""});
    }
  }
  if (!matched) {
    return InvalidArgument(what + ": no such field in the record");
  }
  if (runs.empty()) {
    return InvalidArgument(what + ": the span holds no words to withhold (an empty span)");
  }
  return runs;
}

namespace {

struct LiveRun {
  WithheldRun run;
  std::string decision;
};

// The runs that live withhold and refer decisions cover (the ones a new span may not overlap).
Result<std::vector<LiveRun>> LiveRuns(const std::vector<Field>& fields,
                                      const std::vector<Decision>& decisions,
                                      const SpanContext& where) {
  std::vector<LiveRun> out;
  for (const Decision& d : decisions) {
    if (!d.void_reason.empty() ||
        (d.kind != DecisionKind::kWithhold && d.kind != DecisionKind::kRefer)) {
      continue;
    }
    for (const Span& s : d.spans) {
      if (s.pointer.empty()) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(std::vector<WithheldRun> runs, ResolveSpan(fields, s, where));
      for (WithheldRun& r : runs) {
        out.push_back({std::move(r), d.id});
      }
    }
  }
  return out;
}

// A live whole-record withhold or referral excludes every other span, and the reverse.
Status CheckWholeRecord(const std::vector<Decision>& decisions, bool adding_whole,
                        const SpanContext& where) {
  for (const Decision& d : decisions) {
    if (!d.void_reason.empty() ||
        (d.kind != DecisionKind::kWithhold && d.kind != DecisionKind::kRefer)) {
      continue;
    }
    const bool whole = std::any_of(d.spans.begin(), d.spans.end(),
                                   [](const Span& s) { return s.pointer.empty(); });
    if (whole || adding_whole) {
      return InvalidArgument(
          Where(where) + ": " +
          (whole ? "the whole record is already " +
                       std::string(d.kind == DecisionKind::kRefer ? "referred to " + d.office
                                                                  : "withheld") +
                       " in " + d.id
                 : "spans are already decided (" + d.id + "); the whole record cannot be " +
                       "withheld or referred besides them"));
    }
  }
  return Status::Ok();
}

Status CheckNoOverlap(const std::vector<LiveRun>& live, const std::vector<WithheldRun>& runs,
                      const Span& span, const SpanContext& where) {
  for (const WithheldRun& r : runs) {
    for (const LiveRun& l : live) {
      if (l.run.pointer == r.pointer && r.first_unit < l.run.end_unit &&
          l.run.first_unit < r.end_unit) {
        return InvalidArgument(Where(where) + ": span " + span.ToString() +
                               " overlaps a span decided in " + l.decision);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::pair<WithheldRun, std::string>>> ArchiveImpl::DecidedRuns(
    const Loaded& record, const std::vector<Decision>& decisions) const {
  const SpanContext where{record.cable.id, record.version};
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> fields, CommittedFields(record.cable));
  std::vector<std::pair<WithheldRun, std::string>> out;
  auto add = [&](const std::vector<Span>& spans, const std::string& code, bool names) -> Status {
    for (const Span& s : spans) {
      if (s.pointer.empty()) {
        continue;  // the whole record: publication records it as withheld in full
      }
      CHANCERY_ASSIGN_OR_RETURN(std::vector<WithheldRun> runs, ResolveSpan(fields, s, where));
      for (WithheldRun& r : runs) {
        const auto field = std::find_if(fields.begin(), fields.end(),
                                        [&](const Field& f) { return f.pointer == r.pointer; });
        r.marker = names ? "[name not declassified; " + code + "]" : MarkerFor(*field, r, code);
        out.emplace_back(std::move(r), code);
      }
    }
    return Status::Ok();
  };
  for (const Decision& d : decisions) {
    if (!d.void_reason.empty()) {
      continue;
    }
    if (d.kind == DecisionKind::kWithhold) {
      CHANCERY_RETURN_IF_ERROR(add(d.spans, d.code, d.names));
    } else if (d.kind == DecisionKind::kAnswer && d.answer_withhold) {
      for (const Decision& referral : decisions) {
        if (referral.id == d.answers) {
          CHANCERY_RETURN_IF_ERROR(add(referral.spans, d.code, false));
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.pointer, a.first.first_unit) <
           std::tie(b.first.pointer, b.first.first_unit);
  });
  return out;
}

namespace {

// Code points of a UTF-8 text (continuation bytes do not count).
size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

constexpr size_t kLineChars = 80;  // a FRUS printed line, as the markers count it

}  // namespace

std::string ArchiveImpl::MarkerFor(const Field& field, const WithheldRun& run,
                                   std::string_view code) const {
  const std::string suffix = code.empty() ? "]" : "; " + std::string(code) + "]";
  if (IsNameField(field.pointer)) {
    return "[name not declassified" + suffix;
  }
  if (policy().archive.markers == security::MarkerRule::kNone) {
    return "[text not declassified" + suffix;
  }
  const std::vector<Unit> units = SplitUnits(field.value);
  size_t chars = 0;
  for (size_t i = run.first_unit; i < run.end_unit && i < units.size(); ++i) {
    chars += CodePoints(units[i].text);
  }
  const size_t lines = std::max<size_t>(1, (chars + kLineChars / 2) / kLineChars);
  const std::vector<size_t> words = WordUnits(units);
  const bool whole =
      !words.empty() && run.first_unit == words.front() && run.end_unit == words.back() + 1;
  const bool paragraph = field.pointer.size() > 5 &&
                         field.pointer.compare(field.pointer.size() - 5, 5, "/text") == 0 &&
                         (Under(field.pointer, "/body") || Under(field.pointer, "/enclosures"));
  if (whole && paragraph) {
    return "[1 paragraph (" + std::to_string(lines) + (lines == 1 ? " line" : " lines") +
           ") not declassified" + suffix;
  }
  if (chars < kLineChars) {
    return "[less than 1 line not declassified" + suffix;
  }
  return "[" + std::to_string(lines) + (lines == 1 ? " line" : " lines") + " not declassified" +
         suffix;
}

namespace {

using Mutation = std::function<Status(store::Txn&, const Loaded&, ReviewRow&,
                                      std::vector<Decision>&, Decision*)>;

}  // namespace

// The frame every decision shares: read access, the reviewer's role, a review that is open, the
// decision signed and stored with its audit entry in one transaction; refusals audited.
// `check` (may be empty) runs before the transaction: checks that read the store outside it.
static Result<Decision> DecideFrame(ArchiveImpl& a, const security::Subject& actor,
                                    std::string_view id, std::string_view action,
                                    std::string_view role, const Mutation& mutate,
                                    const std::function<Status(const Loaded&)>& check = {}) {
  Decision out;
  auto run = [&]() -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded record, a.LoadReadable(actor, id));
    if (!role.empty() && !HasRole(actor, role)) {
      return PermissionDenied(std::string(action) + " needs the " + std::string(role) +
                              " role, which " + actor.name + " does not hold");
    }
    const security::Subject pub = security::Subject::PublicReader(a.policy());
    if (security::Decide(a.policy(), pub, record.access_class, security::Action::kRead).allowed) {
      return FailedPrecondition("record " + record.cable.id +
                                " is public already: there is nothing to review");
    }
    if (!record.cable.publication.Empty()) {
      return FailedPrecondition("record " + record.cable.id + " is a published version of " +
                                record.cable.publication.of + ": review the original");
    }
    if (check) {
      CHANCERY_RETURN_IF_ERROR(check(record));
    }
    return a.store().Transact([&](store::Txn& txn) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, a.GetReviewRow(&txn, record.cable.id));
      CHANCERY_ASSIGN_OR_RETURN(std::vector<Decision> decisions,
                                a.GetDecisions(&txn, record.cable.id));
      ArchiveImpl::VoidStale(record.version, record.digest, row.round, &decisions);
      if (row.closed) {
        return FailedPrecondition("the review of record " + record.cable.id + " is closed (" +
                                  (row.withheld_full ? "withheld in full" : "published") +
                                  "): reopen it for a new round first");
      }
      Decision d;
      d.record_id = record.cable.id;
      d.version = record.version;
      d.digest = record.digest;
      d.actor = actor.name;
      CHANCERY_RETURN_IF_ERROR(mutate(txn, record, row, decisions, &d));
      CHANCERY_RETURN_IF_ERROR(a.PutDecision(txn, actor, &row, &d));
      std::vector<std::string> ids = {record.cable.id, d.id};
      CHANCERY_RETURN_IF_ERROR(a.AppendAudit(
          txn, {a.Event(actor, std::string(action), record.cable.id,
                        "ok: " + d.id + " version " + std::to_string(d.version), ids)}));
      out = std::move(d);
      return Status::Ok();
    });
  };
  CHANCERY_RETURN_IF_ERROR(a.Audited(actor, action, id, run));
  return out;
}

Result<Decision> ArchiveImpl::Withhold(const security::Subject& actor, std::string_view id,
                                       const WithholdRequest& request) {
  return DecideFrame(
      *this, actor, id, "archive.withhold", "reviewer",
      [&](store::Txn&, const Loaded& record, ReviewRow&, std::vector<Decision>& decisions,
          Decision* d) -> Status {
        const SpanContext where{record.cable.id, record.version};
        if (policy().archive.FindExemption(request.code) == nullptr) {
          std::string known;
          for (const security::Exemption& e : policy().archive.exemptions) {
            known += (known.empty() ? "" : ", ") + e.code;
          }
          return InvalidArgument(
              Where(where) + ": exemption code \"" + request.code +
              "\" is not defined by the policy (known: " + (known.empty() ? "none" : known) + ")");
        }
        if (request.spans.empty() == request.phrase.empty()) {
          return InvalidArgument(Where(where) + ": withhold needs either spans or a phrase");
        }
        CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> fields, CommittedFields(record.cable));
        d->kind = DecisionKind::kWithhold;
        d->code = policy().archive.FindExemption(request.code)->code;
        d->phrase = request.phrase;
        d->names = request.names;
        if (!request.phrase.empty()) {
          CHANCERY_ASSIGN_OR_RETURN(d->spans, FindPhrase(fields, request.phrase, where));
        } else {
          d->spans = request.spans;
        }
        CHANCERY_ASSIGN_OR_RETURN(std::vector<LiveRun> live, LiveRuns(fields, decisions, where));
        const bool whole = std::any_of(d->spans.begin(), d->spans.end(),
                                       [](const Span& s) { return s.pointer.empty(); });
        CHANCERY_RETURN_IF_ERROR(CheckWholeRecord(decisions, whole, where));
        std::vector<WithheldRun> mine;
        for (const Span& s : d->spans) {
          if (s.pointer.empty()) {
            if (d->spans.size() != 1 || !live.empty()) {
              return InvalidArgument(
                  Where(where) + ": withholding the whole record (span \"\") excludes other spans");
            }
            continue;
          }
          CHANCERY_ASSIGN_OR_RETURN(std::vector<WithheldRun> runs, ResolveSpan(fields, s, where));
          CHANCERY_RETURN_IF_ERROR(CheckNoOverlap(live, runs, s, where));
          for (const WithheldRun& r : runs) {
            for (const WithheldRun& m : mine) {
              if (m.pointer == r.pointer && r.first_unit < m.end_unit &&
                  m.first_unit < r.end_unit) {
                return InvalidArgument(Where(where) + ": span " + s.ToString() +
                                       " overlaps another span of this decision");
              }
            }
            mine.push_back(r);
          }
        }
        return Status::Ok();
      });
}

Result<Decision> ArchiveImpl::Release(const security::Subject& actor, std::string_view id) {
  return DecideFrame(
      *this, actor, id, "archive.release", "reviewer",
      [&](store::Txn&, const Loaded&, ReviewRow&, std::vector<Decision>&, Decision* d) -> Status {
        d->kind = DecisionKind::kRelease;
        return Status::Ok();
      });
}

Result<Decision> ArchiveImpl::Refer(const security::Subject& actor, std::string_view id,
                                    std::string_view office, const std::vector<Span>& spans) {
  return DecideFrame(
      *this, actor, id, "archive.refer", "reviewer",
      [&](store::Txn&, const Loaded& record, ReviewRow&, std::vector<Decision>& decisions,
          Decision* d) -> Status {
        const SpanContext where{record.cable.id, record.version};
        CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> fields, CommittedFields(record.cable));
        CHANCERY_ASSIGN_OR_RETURN(std::vector<LiveRun> live, LiveRuns(fields, decisions, where));
        d->kind = DecisionKind::kRefer;
        d->office = AsciiUpper(Trim(office));
        d->spans = spans;
        if (d->spans.empty()) {
          d->spans.push_back(Span{});  // the whole record
        }
        const bool whole = std::any_of(d->spans.begin(), d->spans.end(),
                                       [](const Span& s) { return s.pointer.empty(); });
        CHANCERY_RETURN_IF_ERROR(CheckWholeRecord(decisions, whole, where));
        for (const Span& s : d->spans) {
          if (s.pointer.empty()) {
            continue;
          }
          CHANCERY_ASSIGN_OR_RETURN(std::vector<WithheldRun> runs, ResolveSpan(fields, s, where));
          CHANCERY_RETURN_IF_ERROR(CheckNoOverlap(live, runs, s, where));
        }
        return Status::Ok();
      },
      [&](const Loaded& record) -> Status {
        const std::string wanted = "equity:" + AsciiUpper(Trim(office));
        CHANCERY_ASSIGN_OR_RETURN(std::vector<store::UserRow> users, store().ListUsers());
        for (const store::UserRow& u : users) {
          CHANCERY_ASSIGN_OR_RETURN(const security::Subject holder,
                                    records_.ResolveSubject(u.name));
          if (HasRole(holder, wanted)) {
            return Status::Ok();
          }
        }
        return InvalidArgument("record " + record.cable.id + " version " +
                               std::to_string(record.version) +
                               ": no user holds equity for office \"" + AsciiUpper(Trim(office)) +
                               "\" (chancery user add NAME --role equity:OFFICE)");
      });
}

Result<Decision> ArchiveImpl::Answer(const security::Subject& actor, std::string_view decision_id,
                                     bool withhold, std::string_view code) {
  const std::string id(decision_id.substr(0, decision_id.find('/')));
  return DecideFrame(
      *this, actor, id, "archive.answer", "",
      [&](store::Txn&, const Loaded& record, ReviewRow&, std::vector<Decision>& decisions,
          Decision* d) -> Status {
        const SpanContext where{record.cable.id, record.version};
        const auto referral = std::find_if(decisions.begin(), decisions.end(), [&](const auto& x) {
          return x.id == decision_id && x.kind == DecisionKind::kRefer;
        });
        if (referral == decisions.end()) {
          return NotFound(Where(where) + ": no referral " + std::string(decision_id));
        }
        if (!referral->void_reason.empty()) {
          return FailedPrecondition(Where(where) + ": referral " + referral->id +
                                    " is void: " + referral->void_reason);
        }
        if (!HasRole(actor, "equity:" + referral->office)) {
          return PermissionDenied("answering referral " + referral->id +
                                  " needs the equity:" + referral->office + " role, which " +
                                  actor.name + " does not hold");
        }
        for (const Decision& x : decisions) {
          if (x.void_reason.empty() && x.kind == DecisionKind::kAnswer &&
              x.answers == referral->id) {
            return FailedPrecondition(Where(where) + ": referral " + referral->id +
                                      " was answered in " + x.id);
          }
        }
        if (withhold && policy().archive.FindExemption(code) == nullptr) {
          return InvalidArgument(Where(where) + ": exemption code \"" + std::string(code) +
                                 "\" is not defined by the policy");
        }
        d->kind = DecisionKind::kAnswer;
        d->answers = referral->id;
        d->office = referral->office;
        d->answer_withhold = withhold;
        d->code = withhold ? policy().archive.FindExemption(code)->code : "";
        d->spans = referral->spans;
        return Status::Ok();
      });
}

Result<Decision> ArchiveImpl::Concur(const security::Subject& actor, std::string_view id) {
  return DecideFrame(
      *this, actor, id, "archive.concur", "reviewer",
      [&](store::Txn&, const Loaded& record, ReviewRow& row, std::vector<Decision>& decisions,
          Decision* d) -> Status {
        const Computed c = Compute(record, row, decisions);
        if (!c.all_decided) {
          return FailedPrecondition("record " + record.cable.id + " version " +
                                    std::to_string(record.version) +
                                    " is not wholly decided: nothing to concur with");
        }
        if (c.open_referrals > 0) {
          return FailedPrecondition(
              "record " + record.cable.id + " version " + std::to_string(record.version) +
              ": concur after every referral is answered (the answer may withhold more)");
        }
        for (const Decision& x : decisions) {
          if (x.void_reason.empty() && x.actor == actor.name && x.kind != DecisionKind::kAnswer) {
            return PermissionDenied(
                "a concurrence must come from a second reviewer: " + actor.name + " made " + x.id);
          }
        }
        d->kind = DecisionKind::kConcur;
        return Status::Ok();
      });
}

Status ArchiveImpl::Reopen(const security::Subject& actor, std::string_view id,
                           std::string_view reason) {
  auto run = [&]() -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded record, LoadReadable(actor, id));
    if (!HasRole(actor, "reviewer") && !HasRole(actor, "archivist")) {
      return PermissionDenied("reopening a review needs the reviewer or archivist role, which " +
                              actor.name + " does not hold");
    }
    return store().Transact([&](store::Txn& txn) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(&txn, record.cable.id));
      ++row.round;
      row.next_decision = std::max<int64_t>(row.next_decision, 1);
      row.closed = false;
      row.withheld_full = false;
      row.opened_micros = NowMicros();
      CHANCERY_RETURN_IF_ERROR(PutReviewRow(txn, record.cable.id, row));
      return AppendAudit(
          txn, {Event(actor, "archive.reopen", record.cable.id,
                      "ok: round " + std::to_string(row.round) + ": " + std::string(reason))});
    });
  };
  return Audited(actor, "archive.reopen", id, run);
}

Status ArchiveImpl::SetDue(const security::Subject& actor, std::string_view id,
                           int64_t due_micros) {
  auto run = [&]() -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded record, LoadReadable(actor, id));
    if (!HasRole(actor, "reviewer") && !HasRole(actor, "archivist")) {
      return PermissionDenied("setting a review date needs the reviewer or archivist role, which " +
                              actor.name + " does not hold");
    }
    return store().Transact([&](store::Txn& txn) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(&txn, record.cable.id));
      row.own_due_micros = due_micros;
      CHANCERY_RETURN_IF_ERROR(PutReviewRow(txn, record.cable.id, row));
      return AppendAudit(txn, {Event(actor, "archive.due", record.cable.id,
                                     "ok: due " + std::to_string(due_micros))});
    });
  };
  return Audited(actor, "archive.due", id, run);
}

}  // namespace chancery::archive::internal
