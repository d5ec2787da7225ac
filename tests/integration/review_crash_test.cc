// Review crash test (issue 13, "Bad input and failure"; docs/archive.md §5): a child process
// publishes one decided record after another and is killed with SIGKILL at a random moment. A
// fresh open then shows every record either in its old state (no published record, review
// still decided, no publication row, no publish audit entry, nothing for the public) or in the
// whole new one (the published record present and readable by the public, with markers and no
// withheld word, its review closed, its publication row and audit entry present, its proof
// verifying, and the search index caught up so that the public finds it). Never half. Every
// publication the child reported done is in the new state, and the audit log verifies.
// CHANCERY_REVIEW_CRASH_TRIALS overrides the number of trials (default 30).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chancery/archive/archive.h"
#include "chancery/archive/commitment.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int kRecords = 24;

// Letters for a number, so that each record has words of its own ("aa", "ab", ...).
std::string Letters(int n) {
  std::string s;
  s.push_back(static_cast<char>('a' + n / 26 % 26));
  s.push_back(static_cast<char>('a' + n % 26));
  return s;
}

std::string Id(int i) {
  return "crash-" + std::to_string(i);
}

std::string Published(int i) {
  return Id(i) + ".p1";
}

// A released word found in record i alone.
std::string Word(int i) {
  return "tessera" + Letters(i) + "x";
}  // no stemmer changes it

// The withheld words of record i: an approver's name and a paragraph.
std::string Secret(int i) {
  return "Qzname" + Letters(i);
}

std::string SecretParagraph(int i) {
  return "qzpara" + Letters(i) + " qzmore" + Letters(i);
}

struct World {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Archive> archive;
};

World OpenWorld(const std::string& db) {
  World w;
  records::RecordsOptions ro;
  ro.db_path = db;
  auto records = records::Records::Open(ro);
  if (!records.ok()) {
    return w;
  }
  w.records = std::move(records).value();
  archive::ArchiveOptions ao;
  ao.db_path = db;
  auto a = archive::Archive::Open(*w.records, ao);
  if (a.ok()) {
    w.archive = std::move(a).value();
  }
  return w;
}

security::Subject As(World& w, const char* user) {
  return *w.records->ResolveSubject(user);
}

model::Cable Record(int i) {
  model::Cable c;
  c.id = Id(i);
  c.kind = model::DocumentKind::kTelegram;
  c.title = "Circular " + Word(i);
  c.current_label.classification = i % 4 == 0 ? "TOP SECRET" : "SECRET";
  c.original_marking.label = c.current_label;
  c.original_marking.verbatim = c.current_label.classification;
  c.date = *model::Date::Parse("1963-03-13");
  c.office = "POLITICAL DIVISION";
  c.approvals.push_back({Secret(i) + " Wu", model::ApprovalState::kApproved, {}, ""});
  c.body.push_back({"The " + Word(i) + " convoy reached the border.", std::nullopt});
  c.body.push_back({SecretParagraph(i) + ".", std::nullopt});
  c.body.push_back({"Reply by return.", std::nullopt});
  return c;
}

// A store whose kRecords records are wholly decided (a name and a paragraph withheld, the rest
// released, concurred where the policy asks): each waits only for its publication.
void MakeTemplate(const std::string& db) {
  records::RecordsOptions ro;
  ro.db_path = db;
  auto records = *records::Records::Init(ro, security::DefaultPolicyText());
  const security::Subject admin = records->Administrator("admin:crash");
  for (const char* user : {"rev-a", "rev-b", "keeper"}) {
    records::UserSpec spec;
    spec.name = user;
    spec.clearance.level = "TOP SECRET";
    spec.clearance.roles = {user[0] == 'r' ? "reviewer" : "archivist"};
    ASSERT_TRUE(records->AddUser(admin, spec).ok());
  }
  std::vector<model::Cable> cables;
  for (int i = 0; i < kRecords; ++i) {
    cables.push_back(Record(i));
  }
  ASSERT_TRUE(records->Import(admin, cables, {}).ok());
  archive::ArchiveOptions ao;
  ao.db_path = db;
  auto a = *archive::Archive::Open(*records, ao);
  const security::Subject rev_a = *records->ResolveSubject("rev-a");
  const security::Subject rev_b = *records->ResolveSubject("rev-b");
  for (int i = 0; i < kRecords; ++i) {
    archive::WithholdRequest name;
    name.spans = {*archive::Span::Parse("/approvals/0/name")};
    name.code = "(b)(6)";
    ASSERT_TRUE(a->Withhold(rev_a, Id(i), name).ok());
    archive::WithholdRequest paragraph;
    paragraph.spans = {*archive::Span::Parse("/body/1")};
    paragraph.code = "25X1";
    ASSERT_TRUE(a->Withhold(rev_a, Id(i), paragraph).ok());
    ASSERT_TRUE(a->Release(rev_a, Id(i)).ok());
    if (i % 4 == 0) {
      ASSERT_TRUE(a->Concur(rev_b, Id(i)).ok());
    }
  }
}

// Child: opens the store, says "ready" on `fd`, then publishes every record in turn and reports
// each publication done on `fd`.
[[noreturn]] void PublishAll(const std::string& db, int fd) {
  World w = OpenWorld(db);
  if (!w.archive) {
    _exit(3);
  }
  const security::Subject keeper = As(w, "keeper");
  auto say = [fd](const std::string& line) {
    (void)!write(fd, (line + "\n").data(), line.size() + 1);
  };
  say("ready");
  for (int i = 0; i < kRecords; ++i) {
    auto published = w.archive->Publish(keeper, Id(i));
    if (!published.ok()) {
      _exit(4);
    }
    say(Id(i));
  }
  _exit(0);
}

// Reads lines from `fd` until "ready" (true) or the end of the pipe (false).
bool AwaitReady(int fd, std::string* rest) {
  char buf[256];
  for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;) {
    rest->append(buf, static_cast<size_t>(n));
    if (const size_t at = rest->find("ready\n"); at != std::string::npos) {
      rest->erase(0, at + 6);
      return true;
    }
  }
  return false;
}

class ReviewCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    template_dir_ = dir_.File("template");
    std::filesystem::create_directories(template_dir_);
    MakeTemplate(template_dir_ + "/archive.db");
  }

  std::string Copy(int trial) {
    const std::string to = dir_.File("trial-" + std::to_string(trial));
    std::filesystem::copy(template_dir_, to, std::filesystem::copy_options::recursive);
    return to + "/archive.db";
  }

  // Runs the publications in a child and kills it `delay` after it is ready to publish (the
  // store open); returns the ids it reported published.
  std::set<std::string> PublishAndKill(const std::string& db, std::chrono::microseconds delay) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      PublishAll(db, fds[1]);
    }
    close(fds[1]);
    std::string reported;
    EXPECT_TRUE(AwaitReady(fds[0], &reported)) << "the child could not open the store";
    std::this_thread::sleep_for(delay);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) != 0)
        << "the child failed to publish (exit " << WEXITSTATUS(status) << ")";
    char buf[4096];
    for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;) {
      reported.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    std::set<std::string> ids;
    for (size_t p = 0, e; (e = reported.find('\n', p)) != std::string::npos; p = e + 1) {
      ids.insert(reported.substr(p, e - p));
    }
    return ids;
  }

  // Runs all publications unharmed; returns how long they took once the child was ready.
  std::chrono::microseconds TimeWhole(const std::string& db) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      PublishAll(db, fds[1]);
    }
    close(fds[1]);
    std::string rest;
    EXPECT_TRUE(AwaitReady(fds[0], &rest));
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    waitpid(pid, &status, 0);
    close(fds[0]);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }

  testing::TempDir dir_{testing::FastTempParent()};
  std::string template_dir_;
};

bool HasPublishEntry(const std::vector<model::AuditEvent>& log, const std::string& id) {
  for (const model::AuditEvent& e : log) {
    if (e.action == "archive.publish" && e.target == id && e.decision.rfind("ok:", 0) == 0) {
      return true;
    }
  }
  return false;
}

// The record in its whole new state: published, readable and findable by the public.
void ExpectPublished(World& w, int i, const archive::ReviewStatus& review) {
  const security::Subject pub = *w.records->ResolveSubject(std::nullopt);
  EXPECT_EQ(review.state, archive::ReviewState::kPublishedPart) << Id(i);
  ASSERT_EQ(review.published.size(), 1u) << Id(i) << ": no publication row";
  EXPECT_EQ(review.published[0].record_id, Published(i));
  auto shown = w.records->Show(pub, Published(i));
  ASSERT_TRUE(shown.ok()) << Published(i) << ": " << shown.status().ToString();
  ASSERT_EQ(shown->approvals.size(), 1u);
  EXPECT_EQ(shown->approvals[0].name, "[name not declassified; (b)(6)]");
  ASSERT_EQ(shown->body.size(), 3u);
  EXPECT_NE(shown->body[0].text.find(Word(i)), std::string::npos);
  EXPECT_EQ(shown->body[1].text.find("qz"), std::string::npos) << shown->body[1].text;
  records::SearchRequest request;
  request.query = Word(i);
  auto found = w.records->Search(pub, request);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->total, 1u) << "the index has not caught up with " << Published(i);
  EXPECT_EQ(found->hits[0].id, Published(i));
  auto bundle = w.archive->Proof(pub, Published(i), 0);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_TRUE(archive::VerifyBundle(*bundle).ok) << Published(i);
}

// The record in its old state: decided, nothing published, nothing for the public.
void ExpectUnpublished(World& w, int i, const archive::ReviewStatus& review) {
  const security::Subject pub = *w.records->ResolveSubject(std::nullopt);
  EXPECT_EQ(review.state, archive::ReviewState::kDecided) << Id(i);
  EXPECT_TRUE(review.published.empty()) << Id(i) << ": a publication row without its record";
  EXPECT_FALSE(w.records->Show(pub, Published(i)).ok());
  records::SearchRequest request;
  request.query = Word(i);
  auto found = w.records->Search(pub, request);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->total, 0u) << Id(i) << " is findable but not published: "
                              << (found->hits.empty() ? "" : found->hits[0].id);
}

// Checks every record of the reopened store; returns how many are published.
int CheckInvariants(const std::string& db, const std::set<std::string>& reported) {
  World w = OpenWorld(db);
  EXPECT_TRUE(w.archive != nullptr);
  if (!w.archive) {
    return 0;
  }
  const security::Subject keeper = As(w, "keeper");
  auto log = w.records->AuditLog(w.records->Administrator("admin:check"), 0, SIZE_MAX);
  EXPECT_TRUE(log.ok());
  int published = 0;
  for (int i = 0; i < kRecords; ++i) {
    auto review = w.archive->Review(keeper, Id(i));
    EXPECT_TRUE(review.ok()) << review.status().ToString();
    auto stored = w.records->store().GetRecord(Published(i));
    EXPECT_TRUE(stored.ok());
    if (!review.ok() || !stored.ok()) {
      continue;
    }
    const bool entry = log.ok() && HasPublishEntry(*log, Id(i));
    if (stored->has_value()) {
      ++published;
      EXPECT_TRUE(entry) << Id(i) << " published without its audit entry";
      ExpectPublished(w, i, *review);
    } else {
      EXPECT_FALSE(entry) << Id(i) << ": a publish audit entry without its record";
      EXPECT_EQ(reported.count(Id(i)), 0u) << "reported publication of " << Id(i) << " lost";
      ExpectUnpublished(w, i, *review);
    }
  }
  auto audit = w.records->VerifyAudit(std::nullopt);
  EXPECT_TRUE(audit.ok() && audit->status.ok()) << (audit.ok() ? audit->status.ToString() : "");
  return published;
}

TEST_F(ReviewCrashTest, KilledPublicationsLeaveTheOldStateOrTheWholeNewVersion) {
  const char* env = std::getenv("CHANCERY_REVIEW_CRASH_TRIALS");
  const int trials = env != nullptr ? std::atoi(env) : 30;
  std::mt19937 rng(20261202);
  // Calibrate: how long do all publications take here (sanitizer builds are much slower)?
  const std::chrono::microseconds whole = TimeWhole(Copy(-1));
  int killed_midway = 0;
  std::string counts;
  for (int trial = 0; trial < trials; ++trial) {
    const std::string db = Copy(trial);
    std::uniform_int_distribution<int64_t> pick(0, whole.count());
    const std::set<std::string> reported = PublishAndKill(db, std::chrono::microseconds(pick(rng)));
    const int published = CheckInvariants(db, reported);
    counts += " " + std::to_string(published);
    if (published > 0 && published < kRecords) {
      ++killed_midway;
    }
    std::filesystem::remove_all(std::filesystem::path(db).parent_path());
    if (HasFailure()) {
      FAIL() << "trial " << trial << " failed";
    }
  }
  std::printf("%d trials, %d publications in %lld us; published when killed:%s\n", trials, kRecords,
              static_cast<long long>(whole.count()), counts.c_str());
  // The kills must land among the publications, or the test tests nothing.
  EXPECT_GE(killed_midway, trials / 4) << "only " << killed_midway << " kills landed midway";
}

}  // namespace
}  // namespace chancery
