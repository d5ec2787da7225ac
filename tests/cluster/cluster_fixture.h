// Three real chanceryd processes (nodes A, B and C) on one PostgreSQL store: each node its own
// --index folder, all of them the same --keys folder, the store a database of this test's own on
// the throw-away cluster of the ctest fixture "pg" (tests/support/pg_test.h). The vocabulary
// talks HTTP to a node as a user, with API tokens made at set-up (never cookie sessions), and
// reads the change log straight from PostgreSQL. docs/cluster.md describes what is tested.
//
// The store holds the desk fixture's directory (tests/support/desk_fixture.h) and these users:
//   root      administrator and security officer, TOP SECRET + INTERNAL RESEARCH, group PRC
//   drafter   drafter at MFA-SOVEE (TOP SECRET + INTERNAL RESEARCH, group PRC); likewise
//   wu        approver at MFA, and releaser: releaser at MFA-SOVEE
//   reader    SECRET, no role
// and three records imported at set-up: pub-1 (PUBLIC), sec-1 (SECRET), ts-1 (TOP SECRET).
//
// Not thread-safe, except Get/Post/ImportThrough/Release*, which any number of client threads
// may call at once (each request opens its own connection).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/types.h>

#include "chancery/model/cable.h"

#include "support/temp_dir.h"

namespace chancery::testing {

enum Node : int { kA = 0, kB = 1, kC = 2 };

class ClusterTest : public ::testing::Test {
 protected:
  // Skips the test when no PostgreSQL cluster is named (not run under ctest); else creates the
  // store and starts the three nodes.
  void SetUp() override;
  // Stops every running node (SIGTERM) and drops the database.
  void TearDown() override;

  // Starts `node` on its own index folder and waits until it listens (test failure if not).
  void Start(Node node);
  // SIGTERM, then waits for the process to end.
  void Stop(Node node);
  // SIGKILL (kill -9), then reaps the process.
  void Kill(Node node);
  // Removes `node`'s index folder and everything in it. REQUIRES: the node is stopped.
  void DeleteIndex(Node node);

  // One request to `node` as `user` (Bearer token), or anonymous when `user` is "". Thread-safe.
  httplib::Result Get(Node node, const std::string& user, const std::string& path) const;
  httplib::Result Post(Node node, const std::string& user, const std::string& path,
                       const std::string& body) const;
  static nlohmann::json Json(const httplib::Result& result);
  // The response's status and body; -1 and "<no response>" when the request failed.
  static int HttpStatus(const httplib::Result& result);
  static std::string Body(const httplib::Result& result);

  // POST /api/import of `cables` (one JSON Lines file) as root; the HTTP status.
  int ImportThrough(Node node, const std::vector<model::Cable>& cables) const;
  // Creates, submits and has wu approve a SECRET draft titled `title` through `node`; its id.
  std::string ApprovedDraft(Node node, const std::string& title) const;
  // Releases `draft_id` through `node` as releaser: the response (201 with cable_id, number).
  httplib::Result Release(Node node, const std::string& draft_id) const;
  // ApprovedDraft + Release; the released cable's id ("" on failure).
  std::string ReleaseThrough(Node node, const std::string& title) const;

  // The ids of the first page (up to 100 hits) of `node`'s search for `query` as `user`, in
  // rank order; std::nullopt when the search is not a 200.
  std::optional<std::vector<std::string>> SearchIds(Node node, const std::string& user,
                                                    const std::string& query) const;
  // How many hits SearchIds() has; -1 when the search is not a 200.
  int Count(Node node, const std::string& user, const std::string& query) const;
  // True once `node`'s search for `query` as `user` finds `id`.
  bool Finds(Node node, const std::string& user, const std::string& query,
             const std::string& id) const;

  // Every seq of the store's change log, ascending, read with libpq.
  std::vector<int64_t> ChangeSeqs() const;

  const std::string& url() const { return url_; }

  const std::string& base_url() const { return base_url_; }

  // The name of this test's database on the cluster.
  const std::string& database() const { return database_; }

 private:
  struct Process {
    pid_t pid = -1;
    int port = 0;
  };

  std::string IndexDir(Node node) const;
  std::string LogFile(Node node) const;
  void CreateStore();

  std::optional<TempDir> dir_;
  std::string base_url_;  // the cluster, database `chancery`
  std::string database_;
  std::string url_;                            // this test's database
  std::map<std::string, std::string> tokens_;  // user -> API token
  std::array<Process, 3> nodes_;
};

// A PUBLIC-by-default cable for imports: `id`, whose title and body carry `word`.
model::Cable Record(const std::string& id, const std::string& word,
                    const std::string& classification = "PUBLIC");

// The p-th percentile (0..100, nearest rank) of `samples`. REQUIRES: samples not empty.
double Percentile(std::vector<double> samples, double p);

}  // namespace chancery::testing
