// Graceful shutdown of the real binary: writes in flight when SIGTERM arrives either finish and
// are acknowledged, or are refused; every acknowledged write is in the store after restart and
// the audit chain verifies.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chancery/records/records.h"

#include "chanceryd_process.h"
#include "credentials.h"
#include "server_fixture.h"

namespace chancery::testing {
namespace {

TEST(Shutdown, SigtermLosesNoAcknowledgedWrite) {
  TempDir dir(FastTempParent());
  PrepareStore(dir.path());
  const std::string db = dir.File("store.db");
  std::string token;
  {
    records::RecordsOptions options;
    options.db_path = db;
    auto records = records::Records::Open(options);
    ASSERT_TRUE(records.ok()) << records.status().ToString();
    auto credentials = server::Credentials::Open((*records)->store(), nullptr);
    ASSERT_TRUE(credentials.ok());
    token = (*credentials)->CreateToken("root", "test")->first;
  }
  ChancerydProcess chanceryd(db);
  const int port = chanceryd.port();
  ASSERT_GT(port, 0);
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<int> done{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      for (int i = 0; i < 25; ++i) {
        const std::string name = "u" + std::to_string(t) + "-" + std::to_string(i);
        // Token creation: a committed store write that needs no approval step.
        auto r = client.Post("/api/tokens", {{"Authorization", "Bearer " + token}},
                             "{\"name\":\"" + name + "\"}", "application/json");
        if (r && r->status == 201) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.insert(name);
        }
        ++done;
      }
    });
  }
  while (done.load() < 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  kill(chanceryd.pid(), SIGTERM);
  for (std::thread& w : writers)
    w.join();
  const int status = chanceryd.Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  records::RecordsOptions options;
  options.db_path = db;
  auto records = records::Records::Open(options);
  ASSERT_TRUE(records.ok());
  auto credentials = server::Credentials::Open((*records)->store(), nullptr);
  ASSERT_TRUE(credentials.ok());
  auto tokens = (*credentials)->ListTokens("root");
  ASSERT_TRUE(tokens.ok());
  std::set<std::string> stored;
  for (const auto& t : *tokens)
    stored.insert(t.name);
  EXPECT_GE(acknowledged.size(), 10u);
  for (const std::string& name : acknowledged)
    EXPECT_TRUE(stored.count(name)) << name;
  EXPECT_TRUE((*records)->VerifyAudit(std::nullopt)->status.ok());
}

}  // namespace
}  // namespace chancery::testing
