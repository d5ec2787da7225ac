// The cable desk benchmark (issue 4 §9), run by `make bench-desk`, not by `make test`.
//
//   desk_bench [--dir DIR] [--drafts N] [--offices N] [--threads 1,2,4,8] [--routine N]
//              [--flash N]
//
// 1. Releases per second with an N-office fan-out (default 100), durable: the store runs with
//    synchronous=FULL and concurrent releases are group committed (store::Transact). N drafts
//    are prepared and approved first (not timed), then released by T client threads; each
//    thread count gets its own fresh store.
// 2. FLASH delivery latency while >= 100,000 ROUTINE deliveries are queued: ROUTINE cables are
//    released to the offices until the queue holds --routine deliveries, then --flash FLASH
//    cables are released one at a time; latency = from the start of ReleaseDraft until the
//    recipient's first Inbox page returns the FLASH cable at its head.
// Prints a Markdown table (medians, p50/p99) with the machine facts.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "chancery/desk/desk.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace chancery::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string dir = "/tmp/chancery-desk-bench";
  int drafts = 4000;
  int offices = 100;
  std::vector<int> threads = {1, 2, 4, 8};
  int routine = 100000;
  int flash = 200;
};

[[noreturn]] void Die(const Status& status, const char* what) {
  std::fprintf(stderr, "desk_bench: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result.ok())
    Die(result.status(), what);
  return std::move(result).value();
}

void Must(const Status& status, const char* what) {
  if (!status.ok())
    Die(status, what);
}

std::string EmbassyId(int i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "EMB-%03d", i);
  return buf;
}

// A ministry, one drafting division, `offices` embassies in one group, and the users.
desk::Directory MakeDirectory(int offices) {
  desk::Directory d;
  d.organizations.push_back({"MFA", "Ministry of Foreign Affairs"});
  desk::Office ministry;
  ministry.id = "MFA";
  ministry.name = "Ministry of Foreign Affairs";
  ministry.kind = desk::OfficeKind::kMinistry;
  ministry.organization = "MFA";
  ministry.clearance.level = "TOP SECRET";
  d.offices.push_back(ministry);
  desk::Office division = ministry;
  division.id = "DIV";
  division.name = "Soviet and Eastern European Division";
  division.kind = desk::OfficeKind::kDivision;
  division.parent = "MFA";
  division.series = "B-Yin";
  d.offices.push_back(division);
  desk::AddresseeGroup all{"ALL-EMB", "All embassies", {}};
  for (int i = 0; i < offices; ++i) {
    desk::Office e = ministry;
    e.id = EmbassyId(i);
    e.name = "Embassy " + std::to_string(i);
    e.kind = desk::OfficeKind::kEmbassy;
    e.parent = "MFA";
    e.clearance.level = "SECRET";
    d.offices.push_back(e);
    all.members.push_back(e.id);
  }
  d.groups.push_back(all);
  d.grants.push_back({"drafter", desk::Role::kDrafter, "DIV"});
  d.grants.push_back({"approver", desk::Role::kApprover, "DIV"});
  d.grants.push_back({"releaser", desk::Role::kReleaser, "DIV"});
  d.grants.push_back({"reader", desk::Role::kRecipient, EmbassyId(0)});
  return d;
}

desk::DraftSpec MakeSpec(int n, model::PrecedenceRank rank, bool to_group, int offices) {
  desk::DraftSpec spec;
  spec.office = "DIV";
  model::Cable& c = spec.content;
  c.title = "Instruction " + std::to_string(n) + " on the open letter";
  c.precedence.rank = rank;
  c.current_label.classification = "SECRET";
  for (int p = 0; p < 4; ++p) {
    c.body.push_back({"Paragraph " + std::to_string(p) + " of instruction " + std::to_string(n) +
                          ": study the letter, report the reactions of the host government "
                          "and of the fraternal parties, and await further instructions.",
                      std::nullopt});
  }
  if (to_group) {
    model::Addressee a;
    a.name = "ALL-EMB";
    a.is_group = true;
    c.addressees.push_back(a);
  } else {
    for (int i = 0; i < offices; ++i) {
      model::Addressee a;
      a.name = EmbassyId(i);
      c.addressees.push_back(a);
    }
  }
  spec.rule.approvers = {"approver"};
  return spec;
}

struct World {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<desk::Desk> desk;
  security::Subject drafter, approver, releaser, reader;
};

World Open(const std::string& path, bool durable) {
  World w;
  records::RecordsOptions ro;
  ro.db_path = path;
  ro.synchronous_full = durable;
  w.records = Must(records::Records::Open(ro), "open records");
  desk::DeskOptions dopt;
  dopt.db_path = path;
  dopt.synchronous_full = durable;
  w.desk = Must(desk::Desk::Open(dopt, *w.records), "open desk");
  w.drafter = Must(w.records->ResolveSubject("drafter"), "drafter");
  w.approver = Must(w.records->ResolveSubject("approver"), "approver");
  w.releaser = Must(w.records->ResolveSubject("releaser"), "releaser");
  w.reader = Must(w.records->ResolveSubject("reader"), "reader");
  return w;
}

// A new store with the directory and users; returns its path.
std::string MakeStore(const Args& args, const std::string& name) {
  const std::string dir = args.dir + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/desk.db";
  records::RecordsOptions ro;
  ro.db_path = path;
  ro.synchronous_full = false;
  auto records = Must(records::Records::Init(ro, security::DefaultPolicyText()), "init");
  const security::Subject admin = records->Administrator("admin:bench");
  for (const char* user : {"drafter", "approver", "releaser", "reader"}) {
    records::UserSpec spec;
    spec.name = user;
    spec.clearance.level = "TOP SECRET";
    Must(records->AddUser(admin, spec), "add user");
  }
  desk::DeskOptions dopt;
  dopt.db_path = path;
  dopt.synchronous_full = false;
  auto d = Must(desk::Desk::Open(dopt, *records), "open desk");
  Must(d->ReplaceDirectory(admin, MakeDirectory(args.offices), std::nullopt), "directory");
  return path;
}

// Creates, submits and approves `n` drafts (not timed; synchronous=NORMAL); returns their ids.
std::vector<std::string> Prepare(World& w, int n, model::PrecedenceRank rank, int offices,
                                 int first) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    desk::Draft draft =
        Must(w.desk->CreateDraft(w.drafter, MakeSpec(first + i, rank, true, offices)), "draft");
    Must(w.desk->Submit(w.drafter, draft.id).status(), "submit");
    Must(w.desk->DecideStep(w.approver, draft.id, true, "").status(), "approve");
    ids.push_back(draft.id);
  }
  return ids;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

struct ReleaseRun {
  int threads = 0;
  double seconds = 0;
  int released = 0;
  std::vector<double> latencies_ms;
};

ReleaseRun RunReleases(const Args& args, int threads) {
  const std::string path = MakeStore(args, "release-t" + std::to_string(threads));
  std::vector<std::string> ids;
  {
    World setup = Open(path, false);
    ids = Prepare(setup, args.drafts, model::PrecedenceRank::kRoutine, args.offices, 0);
  }
  World w = Open(path, true);
  std::atomic<size_t> next{0};
  std::vector<std::vector<double>> lat(static_cast<size_t>(threads));
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = next++; i < ids.size(); i = next++) {
        const auto t0 = Clock::now();
        Must(w.desk->ReleaseDraft(w.releaser, ids[i]).status(), "release");
        lat[static_cast<size_t>(t)].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& th : pool)
    th.join();
  ReleaseRun run;
  run.threads = threads;
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  run.released = static_cast<int>(ids.size());
  for (auto& l : lat)
    run.latencies_ms.insert(run.latencies_ms.end(), l.begin(), l.end());
  return run;
}

struct FlashRun {
  int routine_queued = 0;
  std::vector<double> latencies_ms;
  double routine_release_seconds = 0;
};

FlashRun RunFlash(const Args& args) {
  const std::string path = MakeStore(args, "flash");
  FlashRun run;
  const int routine_cables = (args.routine + args.offices - 1) / args.offices;
  std::vector<std::string> routine, flash;
  {
    World setup = Open(path, false);
    routine = Prepare(setup, routine_cables, model::PrecedenceRank::kRoutine, args.offices, 0);
    flash = Prepare(setup, args.flash, model::PrecedenceRank::kFlash, args.offices, 1000000);
    const auto t0 = Clock::now();
    for (const std::string& id : routine)
      Must(setup.desk->ReleaseDraft(setup.releaser, id).status(), "routine");
    run.routine_release_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  run.routine_queued = routine_cables * args.offices;
  World w = Open(path, true);
  for (const std::string& id : flash) {
    const auto t0 = Clock::now();
    desk::Release release = Must(w.desk->ReleaseDraft(w.releaser, id), "flash release");
    auto inbox = Must(w.desk->Inbox(w.reader, EmbassyId(0), true), "inbox");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (inbox.empty() || inbox.front().delivery.cable_id != release.cable_id) {
      std::fprintf(stderr, "desk_bench: FLASH %s is not at the head of the inbox\n",
                   release.cable_id.c_str());
      std::exit(1);
    }
    Must(w.desk->Acknowledge(w.reader, release.cable_id, EmbassyId(0)), "ack");
    run.latencies_ms.push_back(ms);
  }
  return run;
}

std::vector<int> ParseList(const char* s) {
  std::vector<int> out;
  for (const char* p = s; *p != '\0';) {
    out.push_back(std::atoi(p));
    while (*p != '\0' && *p != ',')
      ++p;
    if (*p == ',')
      ++p;
  }
  return out;
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir")
      a.dir = argv[i + 1];
    else if (flag == "--drafts")
      a.drafts = std::atoi(argv[i + 1]);
    else if (flag == "--offices")
      a.offices = std::atoi(argv[i + 1]);
    else if (flag == "--threads")
      a.threads = ParseList(argv[i + 1]);
    else if (flag == "--routine")
      a.routine = std::atoi(argv[i + 1]);
    else if (flag == "--flash")
      a.flash = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "desk_bench: unknown flag %s\n", flag.c_str());
      std::exit(2);
    }
  }
  return a;
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery::bench;  // NOLINT(google-build-using-namespace): main only
  const Args args = ParseArgs(argc, argv);
  std::printf("## Desk benchmark\n\nmachine: %ld cores; drafts per run %d; fan-out %d offices\n\n",
              sysconf(_SC_NPROCESSORS_ONLN), args.drafts, args.offices);
  std::printf(
      "| client threads | releases | seconds | releases/s | deliveries/s | release p50 ms "
      "| p99 ms |\n|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int threads : args.threads) {
    ReleaseRun r = RunReleases(args, threads);
    std::printf("| %d | %d | %.2f | %.0f | %.0f | %.2f | %.2f |\n", r.threads, r.released,
                r.seconds, r.released / r.seconds, r.released * args.offices / r.seconds,
                Percentile(r.latencies_ms, 0.5), Percentile(r.latencies_ms, 0.99));
    std::fflush(stdout);
  }
  FlashRun f = RunFlash(args);
  std::printf(
      "\nFLASH delivery (release + recipient's first inbox page shows it on top) with %d "
      "ROUTINE deliveries queued (%.1f s to release them): %zu FLASH cables, p50 %.2f ms, "
      "p99 %.2f ms, max %.2f ms\n",
      f.routine_queued, f.routine_release_seconds, f.latencies_ms.size(),
      Percentile(f.latencies_ms, 0.5), Percentile(f.latencies_ms, 0.99),
      Percentile(f.latencies_ms, 1.0));

  struct rusage usage {};

  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS %ld MiB\n", usage.ru_maxrss / 1024);
  return 0;
}
