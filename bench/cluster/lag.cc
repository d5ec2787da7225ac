// Part 5: index lag under a release load. Two nodes in this process over one store, each with
// its own index folder: A releases cables back to back; B searches, again and again, for the
// serial of the newest release A has acknowledged. Lag of a release = from A's acknowledgement
// (ReleaseDraft returned) until the end of B's first search that returned it or a later one
// (B's index applies the change log in order, so a later release found means this one is
// indexed too). B's searches are ordinary
// Records::Search calls (index catch-up from the change log, then the search, then its audit
// entry), so they compete with A's releases for the store as a node's readers would.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster.h"
#include "parts.h"

namespace chancery::bench {

namespace {

struct Acked {
  std::string serial;
  Clock::time_point at;
};

struct LagRun {
  std::vector<double> lag_ms;
  double releases_per_second = 0;
  double searches = 0;            // B's searches, found or not
  std::vector<double> search_ms;  // each of B's searches
};

LagRun RunOnce(const Env& env, Backend backend, const std::string& name, int releases,
               int offices) {
  CreateCase(env, backend, name, offices);
  const records::RecordsOptions a_options = NodeOptions(env, backend, name, 1);
  const records::RecordsOptions b_options = NodeOptions(env, backend, name, 2);
  auto a = Must(records::Records::Open(a_options), "open node A");
  auto a_desk = Must(desk::Desk::Open(DeskOptionsFor(a_options), *a), "open desk A");
  auto b = Must(records::Records::Open(b_options), "open node B");
  const std::vector<std::string> ids = PrepareDrafts(*a, *a_desk, 0, releases);
  const security::Subject releaser = Must(a->ResolveSubject("releaser"), "releaser");
  const security::Subject analyst = Must(b->ResolveSubject("analyst"), "analyst");
  Must(b->CatchUpIndex(), "catch up B");

  std::mutex mu;
  std::condition_variable cv;
  std::vector<Acked> acked;
  LagRun run;
  const auto start = Clock::now();
  std::thread node_a([&] {
    for (const std::string& id : ids) {
      desk::Release r = Must(a_desk->ReleaseDraft(releaser, id), "release");
      std::lock_guard lock(mu);
      acked.push_back({r.serial.original, Clock::now()});
      cv.notify_one();
    }
    run.releases_per_second = static_cast<double>(ids.size()) / Seconds(start);
  });
  // B polls for the newest acknowledged release; when a search finds it, every release up to it
  // is in B's index (the index applies the change log in order), and each gets its lag.
  for (size_t found = 0; found < ids.size();) {
    Acked newest;
    size_t newest_index = 0;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return acked.size() > found; });
      newest_index = acked.size() - 1;
      newest = acked[newest_index];
    }
    records::SearchRequest request;
    request.query = "serial:\"" + newest.serial + "\"";
    const auto search_start = Clock::now();
    search::SearchResults result = Must(b->Search(analyst, request), "search on B");
    run.search_ms.push_back(Seconds(search_start) * 1e3);
    run.searches += 1;
    if (result.total == 0) {
      if (Seconds(newest.at) > 60) {
        Die(Internal("node B never found " + newest.serial), "lag");
      }
      continue;
    }
    const auto now = Clock::now();
    std::lock_guard lock(mu);
    for (; found <= newest_index; ++found) {
      run.lag_ms.push_back(
          std::chrono::duration<double, std::milli>(now - acked[found].at).count());
    }
  }
  node_a.join();
  return run;
}

}  // namespace

void RunLag(const Env& env, int releases, int offices) {
  std::printf(
      "### 5. Index lag under a release load (node A releases %d cables to %d offices back to "
      "back; node B polls for the newest; %d passes)\n\n",
      releases, offices, env.reps);
  const Backend backends[2] = {Backend::kSqlite, Backend::kPostgres};
  LagRun all[2];
  for (int rep = 0; rep < env.reps; ++rep) {
    for (int k = 0; k < 2; ++k) {
      const int b = (rep + k) % 2;
      const std::string name =
          std::string(b == 0 ? "lag_sqlite_" : "lag_pg_") + std::to_string(rep);
      LagRun run = RunOnce(env, backends[b], name, releases, offices);
      all[b].lag_ms.insert(all[b].lag_ms.end(), run.lag_ms.begin(), run.lag_ms.end());
      all[b].releases_per_second += run.releases_per_second / env.reps;
      all[b].searches += run.searches;
      all[b].search_ms.insert(all[b].search_ms.end(), run.search_ms.begin(), run.search_ms.end());
      std::fprintf(stderr, "lag %s pass %d: p50 %.1f ms, p99 %.1f ms\n", BackendName(backends[b]),
                   rep, Percentile(run.lag_ms, 0.5), Percentile(run.lag_ms, 0.99));
    }
  }
  std::printf(
      "| backend | lag p50 ms | p90 ms | p99 ms | max ms | A's releases/s meanwhile | B's searches "
      "per release | B's search p50 ms | p99 ms "
      "|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int b = 0; b < 2; ++b) {
    const LagRun& r = all[b];
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f |\n",
                BackendName(backends[b]), Percentile(r.lag_ms, 0.5), Percentile(r.lag_ms, 0.9),
                Percentile(r.lag_ms, 0.99), Percentile(r.lag_ms, 1), r.releases_per_second,
                r.searches / static_cast<double>(r.lag_ms.size()), Percentile(r.search_ms, 0.5),
                Percentile(r.search_ms, 0.99));
  }
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace chancery::bench
