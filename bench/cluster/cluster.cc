#include "cluster.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "chancery/security/policy.h"
#include "chancery/store/store.h"

namespace chancery::bench {

namespace {

// Zipf-distributed words from a fixed vocabulary, as bench/records_bench.cc draws them.
class TextGen {
 public:
  explicit TextGen(uint32_t seed) : rng_(seed) {
    std::vector<double> weights;
    for (int i = 0; i < 5000; ++i) {
      std::string w;
      int n = i;
      do {
        w += static_cast<char>('a' + n % 26);
        n /= 26;
      } while (n > 0);
      vocab_.push_back(i == 0 ? "grain" : i == 1 ? "treaty" : w + "on");
      weights.push_back(1.0 / (i + 1));
    }
    dist_ = std::discrete_distribution<int>(weights.begin(), weights.end());
  }

  std::string Words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out += (i > 0 ? " " : "") + vocab_[static_cast<size_t>(dist_(rng_))];
    }
    return out;
  }

 private:
  std::mt19937 rng_;
  std::vector<std::string> vocab_;
  std::discrete_distribution<int> dist_;
};

std::string EmbassyId(int i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "EMB-%03d", i);
  return buf;
}

// A ministry, one drafting division, `offices` embassies in the group ALL-EMB.
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
  return d;
}

}  // namespace

const char* BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

std::string StoreLocation(const Env& env, Backend backend, const std::string& name) {
  if (backend == Backend::kSqlite) {
    return env.dir + "/" + name + "/store.db";
  }
  return env.pg_base.substr(0, env.pg_base.rfind('/') + 1) + "cb_" + name;
}

records::RecordsOptions NodeOptions(const Env& env, Backend backend, const std::string& name,
                                    int node) {
  records::RecordsOptions options;
  options.db_path = StoreLocation(env, backend, name);
  options.index_dir = env.dir + "/" + name + "/node" + std::to_string(node) + ".index";
  if (backend == Backend::kPostgres) {
    options.files_dir = env.dir + "/" + name + "/files";
  }
  options.synchronous_full = true;
  return options;
}

desk::DeskOptions DeskOptionsFor(const records::RecordsOptions& node) {
  desk::DeskOptions options;
  options.db_path = node.db_path;
  options.key_dir = node.SideFilePrefix() + ".keys";
  options.synchronous_full = node.synchronous_full;
  return options;
}

void CreateCase(const Env& env, Backend backend, const std::string& name, int offices) {
  const std::string dir = env.dir + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/files");
  records::RecordsOptions options = NodeOptions(env, backend, name, 0);
  auto records = Must(records::Records::Init(options, security::DefaultPolicyText()), "init");
  const security::Subject admin = records->Administrator("admin:bench");
  for (const char* user : {"drafter", "approver", "releaser", "analyst"}) {
    records::UserSpec spec;
    spec.name = user;
    spec.clearance.level = std::string(user) == "analyst" ? "SECRET" : "TOP SECRET";
    Must(records->AddUser(admin, spec), "add user");
  }
  auto desk = Must(desk::Desk::Open(DeskOptionsFor(options), *records), "open desk");
  Must(desk->ReplaceDirectory(admin, MakeDirectory(offices), std::nullopt), "directory");
}

void Die(const Status& status, const char* what) {
  std::fprintf(stderr, "cluster_bench: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

void Must(const Status& status, const char* what) {
  if (!status.ok()) {
    Die(status, what);
  }
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double Median(std::vector<double> values) {
  return Percentile(std::move(values), 0.5);
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const double rank = p * static_cast<double>(values.size() - 1) + 0.5;
  return values[std::min(static_cast<size_t>(rank), values.size() - 1)];
}

std::vector<model::Cable> SyntheticCables(const std::string& prefix, int first, int count,
                                          uint32_t seed) {
  static const char* kLevels[] = {"PUBLIC",       "PUBLIC", "PUBLIC",
                                  "CONFIDENTIAL", "SECRET", "TOP SECRET"};
  TextGen gen(seed);
  std::vector<model::Cable> cables;
  for (int n = first; n < first + count; ++n) {
    model::Cable c;
    c.id = "bench-" + prefix + "-" + std::to_string(n);
    c.title = gen.Words(6);
    for (int p = 0; p < 5; ++p) {
      c.body.push_back({gen.Words(60), std::nullopt});
    }
    c.current_label.classification = kLevels[n % 6];
    c.original_marking.label = c.current_label;
    c.date = model::Date::FromYmd(1950 + n % 30, 1 + n % 12, 1 + n % 28);
    c.office = "Political Division";
    cables.push_back(std::move(c));
  }
  return cables;
}

desk::DraftSpec ReleaseSpec(int n) {
  desk::DraftSpec spec;
  spec.office = "DIV";
  model::Cable& c = spec.content;
  c.title = "Instruction " + std::to_string(n) + " on the open letter";
  c.precedence.rank = model::PrecedenceRank::kRoutine;
  c.current_label.classification = "SECRET";
  for (int p = 0; p < 4; ++p) {
    c.body.push_back({"Paragraph " + std::to_string(p) + " of instruction " + std::to_string(n) +
                          ": study the letter, report the reactions of the host government "
                          "and of the fraternal parties, and await further instructions.",
                      std::nullopt});
  }
  model::Addressee all;
  all.name = "ALL-EMB";
  all.is_group = true;
  c.addressees.push_back(all);
  spec.rule.approvers = {"approver"};
  return spec;
}

std::vector<std::string> PrepareDrafts(records::Records& records, desk::Desk& desk, int first,
                                       int count) {
  const security::Subject drafter = Must(records.ResolveSubject("drafter"), "drafter");
  const security::Subject approver = Must(records.ResolveSubject("approver"), "approver");
  std::vector<std::string> ids;
  for (int i = first; i < first + count; ++i) {
    desk::Draft draft = Must(desk.CreateDraft(drafter, ReleaseSpec(i)), "draft");
    Must(desk.Submit(drafter, draft.id).status(), "submit");
    Must(desk.DecideStep(approver, draft.id, true, "").status(), "approve");
    ids.push_back(draft.id);
  }
  return ids;
}

}  // namespace chancery::bench
