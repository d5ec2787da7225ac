#include "cluster/cluster_fixture.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chancery/desk/desk.h"
#include "chancery/format/json.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

#include "credentials.h"
#include "support/desk_fixture.h"
#include "support/pg_test.h"
#include "support/records_fixture.h"

extern char** environ;

namespace chancery::testing {
namespace {

using Clock = std::chrono::steady_clock;

// How long a node may take to start listening (generous: ASan builds are ~3x slower).
constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr const char* kNodeNames[] = {"a", "b", "c"};

template <typename T>
T OrDie(Result<T> result, const char* what) {
  if (!result.ok()) {
    ADD_FAILURE() << what << ": " << result.status().ToString();
    std::abort();
  }
  return std::move(result).value();
}

void CheckOk(const Status& status, const char* what) {
  if (!status.ok()) {
    ADD_FAILURE() << what << ": " << status.ToString();
    std::abort();
  }
}

records::UserSpec User(const std::string& name, const std::string& level,
                       std::vector<std::string> categories) {
  records::UserSpec spec;
  spec.name = name;
  spec.clearance.level = level;
  spec.clearance.categories = std::move(categories);
  spec.clearance.groups = {"PRC"};
  return spec;
}

// A draft body: one SECRET paragraph from MFA-SOVEE to EMB-MOSCOW, approved by wu alone.
std::string DraftBody(const std::string& title) {
  desk::DraftSpec spec = DeskFixture::Spec(title, {"SECRET"}, {"EMB-MOSCOW"});
  return nlohmann::json{{"office", spec.office},
                        {"content", nlohmann::json::parse(format::CableToJson(spec.content))},
                        {"rule", {{"approvers", {"wu"}}}}}
      .dump();
}

// The port in "chanceryd: listening on http://127.0.0.1:PORT" of `log`, or 0.
int ListeningPort(const std::string& log) {
  std::ifstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    int port = 0;
    if (std::sscanf(line.c_str(), "chanceryd: listening on http://127.0.0.1:%d", &port) == 1) {
      return port;
    }
  }
  return 0;
}

// `text` percent-encoded for a query string (every byte but letters and digits).
std::string Encoded(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
      continue;
    }
    char hex[4];
    std::snprintf(hex, sizeof(hex), "%%%02X", static_cast<unsigned char>(c));
    out += hex;
  }
  return out;
}

bool Exited(pid_t pid, int* status) {
  return waitpid(pid, status, WNOHANG) == pid;
}

}  // namespace

model::Cable Record(const std::string& id, const std::string& word,
                    const std::string& classification) {
  return MakeCable(id, "Report " + word, "The " + word + " was noted by the consul.",
                   classification);
}

double Percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return samples[std::min(index, samples.size() - 1)];
}

void ClusterTest::SetUp() {
  std::optional<std::string> base = PgBaseUrl();
  if (!base) {
    GTEST_SKIP() << "no PostgreSQL cluster: run under ctest (fixture pg)";
  }
  base_url_ = *base;
  dir_.emplace(FastTempParent());
  database_ = PgDatabaseName(dir_->path());
  url_ = PgUrlFor(base_url_, database_);
  CreateStore();
  for (Node node : {kA, kB, kC}) {
    Start(node);
  }
}

void ClusterTest::TearDown() {
  for (Node node : {kA, kB, kC}) {
    if (nodes_[node].pid > 0) {
      Stop(node);
    }
  }
  if (!database_.empty()) {
    EXPECT_TRUE(DropPgDatabase(base_url_, database_).ok());
  }
}

void ClusterTest::CreateStore() {
  records::RecordsOptions ro;
  ro.db_path = url_;
  ro.files_dir = dir_->File("keys");
  ro.index_dir = dir_->File("setup-index");
  CheckOk(ro.Validate(), "records options");
  auto records = OrDie(records::Records::Init(ro, security::DefaultPolicyText()), "init");
  const security::Subject admin = records->Administrator("admin:cluster-test");
  records::UserSpec root = User("root", "TOP SECRET", {"INTERNAL RESEARCH"});
  root.administrator = true;
  root.security_officer = true;  // lowers a clearance alone (docs/security.md)
  for (const records::UserSpec& spec :
       {root, User("drafter", "TOP SECRET", {"INTERNAL RESEARCH"}),
        User("wu", "TOP SECRET", {"INTERNAL RESEARCH"}),
        User("releaser", "TOP SECRET", {"INTERNAL RESEARCH"}), User("reader", "SECRET", {})}) {
    CheckOk(records->AddUser(admin, spec), "add user");
  }
  CheckOk(records
              ->Import(admin,
                       {Record("pub-1", "harbour"), Record("sec-1", "harbour", "SECRET"),
                        Record("ts-1", "harbour", "TOP SECRET")},
                       {})
              .status(),
          "import");
  desk::DeskOptions options;
  options.db_path = url_;
  options.key_dir = ro.SideFilePrefix() + ".keys";
  auto desk = OrDie(desk::Desk::Open(options, *records), "desk");
  CheckOk(desk->ReplaceDirectory(admin, DeskFixture::SmallDirectory(), std::nullopt), "directory");
  auto credentials = OrDie(server::Credentials::Open(records->store(), nullptr), "credentials");
  for (const char* user : {"root", "drafter", "wu", "releaser", "reader"}) {
    tokens_[user] = OrDie(credentials->CreateToken(user, "cluster test"), "token").first;
  }
}

std::string ClusterTest::IndexDir(Node node) const {
  return dir_->File(std::string("index-") + kNodeNames[node]);
}

std::string ClusterTest::LogFile(Node node) const {
  return dir_->File(std::string("node-") + kNodeNames[node] + ".log");
}

void ClusterTest::Start(Node node) {
  const std::string log = LogFile(node);
  std::filesystem::remove(log);
  std::vector<std::string> args = {CHANCERYD_PATH,
                                   "--db",
                                   url_,
                                   "--index",
                                   IndexDir(node),
                                   "--keys",
                                   dir_->File("keys"),
                                   "--port",
                                   "0",
                                   "--threads",
                                   "8",
                                   "--access-log",
                                   dir_->File(std::string("access-") + kNodeNames[node] + ".log")};
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  // fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: a node never outlives a test
  // process that crashed. Only async-signal-safe calls between fork and exec.
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  ASSERT_GE(log_fd, 0) << log;
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
      _exit(127);
    }
    const int null_fd = ::open("/dev/null", O_WRONLY);
    dup2(null_fd, 1);
    dup2(log_fd, 2);
    execve(CHANCERYD_PATH, argv.data(), environ);
    _exit(127);
  }
  ::close(log_fd);
  ASSERT_GT(pid, 0) << "cannot start " << CHANCERYD_PATH;
  nodes_[node] = {pid, 0};
  const auto deadline = Clock::now() + kStartTimeout;
  int status = 0;
  while (nodes_[node].port == 0 && Clock::now() < deadline) {
    if (Exited(pid, &status)) {
      nodes_[node].pid = -1;
      FAIL() << "node " << kNodeNames[node] << " exited (" << status << "): " << ReadFileOrDie(log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    nodes_[node].port = ListeningPort(log);
  }
  ASSERT_GT(nodes_[node].port, 0) << "node " << kNodeNames[node] << " never listened";
}

void ClusterTest::Stop(Node node) {
  const pid_t pid = nodes_[node].pid;
  ASSERT_GT(pid, 0);
  kill(pid, SIGTERM);
  int status = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (!Exited(pid, &status)) {
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "node " << kNodeNames[node] << " ignored SIGTERM";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  nodes_[node] = {};
}

void ClusterTest::Kill(Node node) {
  const pid_t pid = nodes_[node].pid;
  ASSERT_GT(pid, 0);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  nodes_[node] = {};
}

void ClusterTest::DeleteIndex(Node node) {
  ASSERT_LT(nodes_[node].pid, 0) << "stop the node first";
  std::filesystem::remove_all(IndexDir(node));
}

httplib::Result ClusterTest::Get(Node node, const std::string& user,
                                 const std::string& path) const {
  httplib::Client client("127.0.0.1", nodes_[node].port);
  client.set_read_timeout(30, 0);
  if (user.empty()) {
    return client.Get(path.c_str());
  }
  return client.Get(path.c_str(), {{"Authorization", "Bearer " + tokens_.at(user)}});
}

httplib::Result ClusterTest::Post(Node node, const std::string& user, const std::string& path,
                                  const std::string& body) const {
  httplib::Client client("127.0.0.1", nodes_[node].port);
  client.set_read_timeout(30, 0);
  return client.Post(path.c_str(), {{"Authorization", "Bearer " + tokens_.at(user)}}, body,
                     "application/json");
}

nlohmann::json ClusterTest::Json(const httplib::Result& result) {
  return result ? nlohmann::json::parse(result->body, nullptr, false) : nlohmann::json();
}

int ClusterTest::HttpStatus(const httplib::Result& result) {
  return result ? result->status : -1;
}

std::string ClusterTest::Body(const httplib::Result& result) {
  return result ? result->body : std::string("<no response>");
}

int ClusterTest::ImportThrough(Node node, const std::vector<model::Cable>& cables) const {
  std::string lines;
  for (const model::Cable& cable : cables) {
    lines += format::CableToJson(cable) + "\n";
  }
  httplib::Result r = Post(node, "root", "/api/import?filename=batch.jsonl", lines);
  return r ? r->status : -1;
}

std::string ClusterTest::ApprovedDraft(Node node, const std::string& title) const {
  const nlohmann::json created = Json(Post(node, "drafter", "/api/desk/drafts", DraftBody(title)));
  if (!created.is_object() || !created.contains("id")) {
    ADD_FAILURE() << "draft not created through node " << kNodeNames[node] << ": " << created;
    return "";
  }
  const std::string id = created["id"];
  httplib::Result submitted = Post(node, "drafter", "/api/desk/drafts/" + id + "/submit", "");
  EXPECT_EQ(submitted ? submitted->status : -1, 200);
  httplib::Result approved = Post(node, "wu", "/api/desk/drafts/" + id + "/approve", "{}");
  EXPECT_EQ(approved ? approved->status : -1, 200);
  return id;
}

httplib::Result ClusterTest::Release(Node node, const std::string& draft_id) const {
  return Post(node, "releaser", "/api/desk/drafts/" + draft_id + "/release", "");
}

std::string ClusterTest::ReleaseThrough(Node node, const std::string& title) const {
  httplib::Result r = Release(node, ApprovedDraft(node, title));
  if (!r || r->status != 201) {
    ADD_FAILURE() << "release through node " << kNodeNames[node] << ": "
                  << (r ? r->body : "<no response>");
    return "";
  }
  return Json(r)["cable_id"];
}

std::optional<std::vector<std::string>> ClusterTest::SearchIds(Node node, const std::string& user,
                                                               const std::string& query) const {
  httplib::Result r = Get(node, user, "/api/search?size=100&q=" + Encoded(query));
  if (!r || r->status != 200) {
    return std::nullopt;
  }
  std::vector<std::string> ids;
  const nlohmann::json body = Json(r);
  for (const nlohmann::json& hit : body["hits"]) {
    ids.push_back(hit["id"]);
  }
  return ids;
}

int ClusterTest::Count(Node node, const std::string& user, const std::string& query) const {
  std::optional<std::vector<std::string>> ids = SearchIds(node, user, query);
  return ids ? static_cast<int>(ids->size()) : -1;
}

bool ClusterTest::Finds(Node node, const std::string& user, const std::string& query,
                        const std::string& id) const {
  std::optional<std::vector<std::string>> ids = SearchIds(node, user, query);
  return ids && std::find(ids->begin(), ids->end(), id) != ids->end();
}

std::vector<int64_t> ClusterTest::ChangeSeqs() const {
  std::vector<int64_t> seqs;
  PGconn* conn = PQconnectdb(url_.c_str());
  PGresult* rows = PQexec(conn, "SELECT seq FROM changes ORDER BY seq");
  if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
    ADD_FAILURE() << PQerrorMessage(conn);
  } else {
    for (int i = 0; i < PQntuples(rows); ++i) {
      seqs.push_back(std::stoll(PQgetvalue(rows, i, 0)));
    }
  }
  PQclear(rows);
  PQfinish(conn);
  return seqs;
}

}  // namespace chancery::testing
