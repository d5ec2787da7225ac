// chancery review queue|status|history|withhold|release|refer|answer|concur|preview|publish|
// reopen|due|request|requests, and chancery proof (docs/archive.md).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "chancery/archive/alerts.h"
#include "chancery/archive/archive.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"

#include "desk_common.h"
#include "record_view.h"

namespace chancery::cli {
namespace {

struct ReviewArgs {
  std::string as;
  std::string id;
  std::string text;                // withhold: the phrase; request: the reader's text
  std::vector<std::string> spans;  // --span
  std::string code;
  std::string office;
  std::string reason;
  std::string date;
  std::string out;  // proof: write here instead of stdout
  bool withhold = false;
  bool release = false;
  bool names = false;
  bool json = false;
  int64_t version = 0;  // proof --version
};

struct ArchiveSession {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Archive> archive;
  security::Subject subject;
};

Result<ArchiveSession> OpenArchive(const GlobalOptions& global, const std::string& as) {
  ArchiveSession s;
  CHANCERY_ASSIGN_OR_RETURN(s.records, OpenRecords(global));
  if (as.empty()) {
    s.subject = security::Subject::PublicReader(s.records->policy());
  } else {
    CHANCERY_ASSIGN_OR_RETURN(s.subject, s.records->ResolveSubject(as));
  }
  archive::ArchiveOptions options;
  options.db_path = global.db;
  options.key_dir = KeyDir(global);
  CHANCERY_ASSIGN_OR_RETURN(s.archive, archive::Archive::Open(*s.records, std::move(options)));
  return s;
}

Result<std::vector<archive::Span>> ParseSpans(const std::vector<std::string>& texts) {
  std::vector<archive::Span> spans;
  for (const std::string& t : texts) {
    CHANCERY_ASSIGN_OR_RETURN(archive::Span s, archive::Span::Parse(t));
    spans.push_back(std::move(s));
  }
  return spans;
}

void PrintDecision(const archive::Decision& d) {
  std::printf("%-22s %-8s v%lld %s %s", d.id.c_str(),
              std::string(archive::DecisionKindName(d.kind)).c_str(),
              static_cast<long long>(d.version), FormatMicros(d.micros).c_str(), d.actor.c_str());
  if (!d.code.empty()) {
    std::printf(" code %s", d.code.c_str());
  }
  if (!d.office.empty()) {
    std::printf(" office %s", d.office.c_str());
  }
  if (!d.answers.empty()) {
    std::printf(" answers %s (%s)", d.answers.c_str(), d.answer_withhold ? "withhold" : "release");
  }
  if (!d.phrase.empty()) {
    std::printf(" phrase \"%s\"", d.phrase.c_str());
  }
  for (const archive::Span& s : d.spans) {
    std::printf(" %s", s.pointer.empty() ? "(whole record)" : s.ToString().c_str());
  }
  if (!d.void_reason.empty()) {
    std::printf("  VOID: %s", d.void_reason.c_str());
  }
  std::printf("\n");
}

using Verb = int (*)(ArchiveSession&, const ReviewArgs&);

int Queue(ArchiveSession& s, const ReviewArgs&) {
  Result<std::vector<archive::QueueItem>> items = s.archive->Queue(s.subject);
  if (!items.ok()) {
    return Fail(items.status());
  }
  for (const archive::QueueItem& i : *items) {
    std::printf("%-24s %-18s %-14s waiting %5lld d for %s%s  %s\n", i.record_id.c_str(),
                i.label.c_str(), std::string(archive::ReviewStateName(i.state)).c_str(),
                static_cast<long long>(i.age_micros / 86'400'000'000LL), i.waiting_for.c_str(),
                i.requests > 0 ? (" (" + std::to_string(i.requests) + " request(s))").c_str() : "",
                i.title.c_str());
  }
  if (items->empty()) {
    std::printf("(nothing waiting for %s)\n", s.subject.name.c_str());
  }
  return kExitOk;
}

int History(ArchiveSession& s, const ReviewArgs& a) {
  Result<archive::ReviewStatus> st = s.archive->Review(s.subject, a.id);
  if (!st.ok()) {
    return Fail(st.status());
  }
  std::printf("record:   %s (version %lld)\nlabel:    %s\nstate:    %s\nround:    %lld\n",
              st->record_id.c_str(), static_cast<long long>(st->version), st->label.c_str(),
              std::string(archive::ReviewStateName(st->state)).c_str(),
              static_cast<long long>(st->round));
  std::printf("due:      %s\n", st->due_micros == 0 ? "(no review period for its level)"
                                                    : FormatMicros(st->due_micros).c_str());
  if (st->needs_concurrence) {
    std::printf("concurrence: required, %s\n", st->concurred ? "given" : "not yet given");
  }
  if (st->open_referrals > 0) {
    std::printf("referrals awaiting an answer: %lld\n", static_cast<long long>(st->open_referrals));
  }
  std::printf("decisions:\n");
  for (const archive::Decision& d : st->decisions) {
    std::printf("  ");
    PrintDecision(d);
  }
  if (st->decisions.empty()) {
    std::printf("  (none)\n");
  }
  std::printf("versions:\n  original    %s  %s\n", st->record_id.c_str(), st->label.c_str());
  for (const archive::PublishedVersion& p : st->published) {
    std::string codes;
    for (const std::string& c : p.codes) {
      codes += (codes.empty() ? "" : ", ") + c;
    }
    std::printf(
        "  published %lld  %s  of version %lld  %s by %s  %s%s\n", static_cast<long long>(p.number),
        p.record_id.c_str(), static_cast<long long>(p.of_version), FormatMicros(p.micros).c_str(),
        p.archivist.c_str(), p.in_full ? "in full" : "in part, withheld under ", codes.c_str());
    if (p.withdrawn_micros != 0) {
      std::printf("    withdrawn %s by %s: %s\n", FormatMicros(p.withdrawn_micros).c_str(),
                  p.withdrawn_by.c_str(), p.withdrawal_reason.c_str());
    }
  }
  for (const archive::ReviewRequest& r : st->requests) {
    std::printf("request:  %s by %s %s: %s%s%s\n", r.id.c_str(), r.requester.c_str(),
                FormatMicros(r.micros).c_str(), r.state.c_str(), r.outcome.empty() ? "" : " - ",
                r.outcome.c_str());
  }
  return kExitOk;
}

int Withhold(ArchiveSession& s, const ReviewArgs& a) {
  archive::WithholdRequest request;
  Result<std::vector<archive::Span>> spans = ParseSpans(a.spans);
  if (!spans.ok()) {
    return Fail(spans.status());
  }
  request.spans = std::move(*spans);
  request.phrase = a.text;
  request.code = a.code;
  request.names = a.names;
  Result<archive::Decision> d = s.archive->Withhold(s.subject, a.id, request);
  if (!d.ok()) {
    return Fail(d.status());
  }
  std::printf("withheld under %s: %zu span(s), decision %s, signed by %s\n", d->code.c_str(),
              d->spans.size(), d->id.c_str(), d->actor.c_str());
  for (const archive::Span& span : d->spans) {
    std::printf("  %s\n", span.pointer.empty() ? "(whole record)" : span.ToString().c_str());
  }
  return kExitOk;
}

int ReleaseRest(ArchiveSession& s, const ReviewArgs& a) {
  Result<archive::Decision> d = s.archive->Release(s.subject, a.id);
  if (!d.ok()) {
    return Fail(d.status());
  }
  std::printf("released the rest of %s (version %lld): decision %s, signed by %s\n",
              d->record_id.c_str(), static_cast<long long>(d->version), d->id.c_str(),
              d->actor.c_str());
  return kExitOk;
}

int Refer(ArchiveSession& s, const ReviewArgs& a) {
  Result<std::vector<archive::Span>> spans = ParseSpans(a.spans);
  if (!spans.ok()) {
    return Fail(spans.status());
  }
  Result<archive::Decision> d = s.archive->Refer(s.subject, a.id, a.office, *spans);
  if (!d.ok()) {
    return Fail(d.status());
  }
  std::printf("referred to %s: decision %s (publication waits for the answer)\n", d->office.c_str(),
              d->id.c_str());
  return kExitOk;
}

int Answer(ArchiveSession& s, const ReviewArgs& a) {
  if (a.withhold == a.release) {
    return Fail(InvalidArgument("review answer: give exactly one of --withhold or --release"));
  }
  Result<archive::Decision> d = s.archive->Answer(s.subject, a.id, a.withhold, a.code);
  if (!d.ok()) {
    return Fail(d.status());
  }
  std::printf("answered %s for %s: %s%s\n", d->answers.c_str(), d->office.c_str(),
              a.withhold ? "withhold under " : "release", d->code.c_str());
  return kExitOk;
}

int Concur(ArchiveSession& s, const ReviewArgs& a) {
  Result<archive::Decision> d = s.archive->Concur(s.subject, a.id);
  if (!d.ok()) {
    return Fail(d.status());
  }
  std::printf("%s concurs with the decisions on %s (version %lld): %s\n", d->actor.c_str(),
              d->record_id.c_str(), static_cast<long long>(d->version), d->id.c_str());
  return kExitOk;
}

int Preview(ArchiveSession& s, const ReviewArgs& a) {
  Result<model::Cable> c = s.archive->Preview(s.subject, a.id);
  if (!c.ok()) {
    return Fail(c.status());
  }
  if (a.json) {
    std::printf("%s\n", format::CableToJson(*c, 2).c_str());
  } else {
    std::printf("%s", format::RenderCableText(*c).c_str());
  }
  return kExitOk;
}

int Publish(ArchiveSession& s, const ReviewArgs& a) {
  Result<archive::PublishedVersion> p = s.archive->Publish(s.subject, a.id);
  if (!p.ok()) {
    return Fail(p.status());
  }
  if (auto alerts = archive::Alerts::Open(*s.records); alerts.ok()) {
    (void)(*alerts)->Run();  // on publish: saved searches see the new record now
  }
  if (p->number == 0) {
    std::printf("%s: withheld in full (no published version)\n", a.id.c_str());
    return kExitOk;
  }
  std::string codes;
  for (const std::string& c : p->codes) {
    codes += (codes.empty() ? "" : ", ") + c;
  }
  std::printf("published %s: version %lld of %s, %s%s\n", p->record_id.c_str(),
              static_cast<long long>(p->number), a.id.c_str(),
              p->in_full ? "in full" : "in part; withheld under ", codes.c_str());
  return kExitOk;
}

int Withdraw(ArchiveSession& s, const ReviewArgs& a) {
  Result<archive::PublishedVersion> p = s.archive->Withdraw(s.subject, a.id, a.version, a.reason);
  if (!p.ok()) {
    return Fail(p.status());
  }
  std::printf("withdrew %s: published version %lld of %s is no longer public (%s)\n",
              p->record_id.c_str(), static_cast<long long>(p->number), a.id.c_str(),
              p->withdrawal_reason.c_str());
  return kExitOk;
}

int Reopen(ArchiveSession& s, const ReviewArgs& a) {
  Status st = s.archive->Reopen(s.subject, a.id, a.reason);
  if (!st.ok()) {
    return Fail(st);
  }
  std::printf("%s: review reopened\n", a.id.c_str());
  return kExitOk;
}

int Due(ArchiveSession& s, const ReviewArgs& a) {
  Result<int64_t> micros = ParseMicros(a.date, "--date");
  if (!micros.ok()) {
    return Fail(micros.status());
  }
  Status st = s.archive->SetDue(s.subject, a.id, *micros);
  if (!st.ok()) {
    return Fail(st);
  }
  std::printf("%s: due for review %s\n", a.id.c_str(), FormatMicros(*micros).c_str());
  return kExitOk;
}

int Request(ArchiveSession& s, const ReviewArgs& a) {
  Result<archive::ReviewRequest> r = s.archive->RequestReview(s.subject, a.id, a.text);
  if (!r.ok()) {
    return Fail(r.status());
  }
  std::printf("request %s filed for %s: %s\n", r->id.c_str(), a.id.c_str(), r->state.c_str());
  return kExitOk;
}

int Requests(ArchiveSession& s, const ReviewArgs&) {
  Result<std::vector<archive::ReviewRequest>> rs = s.archive->MyRequests(s.subject);
  if (!rs.ok()) {
    return Fail(rs.status());
  }
  for (const archive::ReviewRequest& r : *rs) {
    std::printf("%s  %s  %s  %s%s%s\n", r.id.c_str(), FormatMicros(r.micros).c_str(),
                r.record_id.c_str(), r.state.c_str(), r.outcome.empty() ? "" : ": ",
                r.outcome.c_str());
  }
  if (rs->empty()) {
    std::printf("(no requests)\n");
  }
  return kExitOk;
}

int Proof(ArchiveSession& s, const ReviewArgs& a) {
  Result<std::string> bundle = s.archive->Proof(s.subject, a.id, a.version);
  if (!bundle.ok()) {
    return Fail(bundle.status());
  }
  if (a.out.empty()) {
    std::printf("%s\n", bundle->c_str());
    return kExitOk;
  }
  std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
  out << *bundle << "\n";
  out.close();
  if (!out) {
    return Fail(IoError("cannot write " + a.out));
  }
  std::printf("proof of %s written to %s (%zu bytes)\n", a.id.c_str(), a.out.c_str(),
              bundle->size() + 1);
  return kExitOk;
}

int RunVerb(const GlobalOptions& global, const ReviewArgs& args, Verb verb) {
  Result<ArchiveSession> session = OpenArchive(global, args.as);
  if (!session.ok()) {
    return Fail(session.status());
  }
  return verb(*session, args);
}

struct VerbSpec {
  const char* name;
  const char* help;
  Verb verb;
  const char* id_help;  // nullptr: no id argument
};

constexpr VerbSpec kVerbs[] = {
    {"queue", "records waiting for you: review, referral answers, concurrence, publication", Queue,
     nullptr},
    {"history", "a record's review: state, signed decisions (void ones too), versions, requests",
     History, "record id or serial"},
    {"status", "same as history", History, "record id or serial"},
    {"withhold", "withhold spans (--span) or every occurrence of a phrase (--text) under --code",
     Withhold, "record id or serial"},
    {"release", "release the rest of the record (everything not withheld or referred)", ReleaseRest,
     "record id or serial"},
    {"refer", "refer the record or spans to an equity-holding --office", Refer,
     "record id or serial"},
    {"answer", "answer a referral for your office: --release, or --withhold --code CODE", Answer,
     "referral decision id (RECORD/ROUND/N)"},
    {"concur", "concur, as a second reviewer, with the round's decisions", Concur,
     "record id or serial"},
    {"preview", "the published version as it would be now", Preview, "record id or serial"},
    {"publish", "publish the decided record (archivist)", Publish, "record id or serial"},
    {"withdraw", "withdraw a published version from the public (archivist; --reason)", Withdraw,
     "record id, serial or published version id"},
    {"reopen", "reopen a finished review for a new round", Reopen, "record id or serial"},
    {"due", "set the record's own review date (--date YYYY-MM-DD)", Due, "record id or serial"},
    {"request", "ask for review of a withheld record or span (--text: what and why)", Request,
     "record id, serial or published version id"},
    {"requests", "your review requests and their outcome", Requests, nullptr},
};

}  // namespace

void RegisterReview(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* review = app.add_subcommand("review", "declassification review and publication");
  review->require_subcommand(1);
  for (const VerbSpec& spec : kVerbs) {
    auto args = std::make_shared<ReviewArgs>();
    auto* cmd = review->add_subcommand(spec.name, spec.help);
    cmd->add_option("--as", args->as, "act as this user")->required();
    if (spec.id_help != nullptr) {
      cmd->add_option("id", args->id, spec.id_help)->required();
    }
    const Verb verb = spec.verb;
    if (verb == Withhold) {
      cmd->add_option("--text", args->text, "withhold every occurrence of this phrase");
      cmd->add_option("--span", args->spans,
                      "a span: JSON pointer with optional word range, e.g. /body/3/text#w5-7 "
                      "(repeatable)");
      cmd->add_option("--code", args->code, "exemption code the policy defines")->required();
      cmd->add_flag("--name", args->names,
                    "the withheld text is a name: markers say [name not declassified]");
    } else if (verb == Refer) {
      cmd->add_option("--office", args->office, "equity-holding office")->required();
      cmd->add_option("--span", args->spans, "what is referred (default: the whole record)");
    } else if (verb == Answer) {
      cmd->add_flag("--withhold", args->withhold, "withhold the referred spans");
      cmd->add_flag("--release", args->release, "release the referred spans");
      cmd->add_option("--code", args->code, "exemption code (with --withhold)");
    } else if (verb == Preview) {
      cmd->add_flag("--json", args->json, "JSON instead of cable text");
    } else if (verb == Withdraw) {
      cmd->add_option("--reason", args->reason, "why, kept with the withdrawal")->required();
      cmd->add_option("--version", args->version,
                      "published version number (default: the latest public one)");
    } else if (verb == Reopen) {
      cmd->add_option("--reason", args->reason, "why")->required();
    } else if (verb == Due) {
      cmd->add_option("--date", args->date, "YYYY-MM-DD (UTC)")->required();
    } else if (verb == Request) {
      cmd->add_option("--text", args->text, "what you ask for and why")->required();
    }
    cmd->callback([&global, &run, args, verb] {
      run = [&global, args, verb] { return RunVerb(global, *args, verb); };
    });
  }
  auto args = std::make_shared<ReviewArgs>();
  auto* proof = app.add_subcommand(
      "proof", "the proof bundle of a published version (docs/format/proof.md), as JSON");
  proof->add_option("id", args->id, "published version id, or record id or serial")->required();
  proof->add_option("--version", args->version, "published version number (default: latest)");
  proof->add_option("--as", args->as, "act as this user (default: the public reader)");
  proof->add_option("--out", args->out, "write the bundle to this file");
  proof->callback(
      [&global, &run, args] { run = [&global, args] { return RunVerb(global, *args, Proof); }; });
}

}  // namespace chancery::cli
