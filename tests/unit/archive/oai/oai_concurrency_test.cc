// The OAI datestamp guarantee under real interleaving (docs/decisions/0014-oai-pmh.md §2):
// a writer thread publishes, edits and withdraws records, a clock moves one second at every
// reading, and a harvester thread runs chained harvests (each incremental from the previous
// first page's responseDate), with other threads also answering requests (and so stamping) at
// the same time. However the store's transactions interleave, no harvest repeats a record,
// and the harvests overlaid in order equal the public set at the end.
#include <atomic>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/archive/oai.h"
#include "chancery/base/clock.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

// A clock that moves one second at every reading: any two readings are distinct seconds, so an
// ordering mistake between a stamp and a fence shows as a whole second, not a few microseconds.
class TickingClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now_.fetch_add(1'000'000); }

 private:
  mutable std::atomic<int64_t> now_{int64_t{1'800'000'000} * 1'000'000};
};

TEST(OaiConcurrency, HarvestsDuringConcurrentWritesAndStampersLoseNothing) {
  testing::TempDir dir;
  testing::RecordsFixture world(dir.path());
  TickingClock clock;
  archive::OaiOptions options;
  options.clock = &clock;
  options.page_size = 3;
  auto opened = archive::OaiProvider::Open(world.records(), options);
  ASSERT_TRUE(opened.ok());
  archive::OaiProvider& oai = **opened;

  constexpr int kIds = 30;
  // OAI_CONCURRENCY_CHANGES: fewer under the sanitizers (tests/unit/archive/oai/CMakeLists.txt).
  const char* env = std::getenv("OAI_CONCURRENCY_CHANGES");
  const int kChanges = env != nullptr ? std::atoi(env) : 150;
  std::atomic<bool> done{false};
  std::mutex model_mu;
  std::map<std::string, bool> is_public;  // the model, under model_mu
  std::thread writer([&] {
    for (int i = 0; i < kChanges; ++i) {
      const std::string id = "r" + std::to_string((i * 7) % kIds);
      std::lock_guard lock(model_mu);
      if (is_public.count(id) > 0 && !is_public[id]) {
        continue;  // withdrawn for good
      }
      const bool withdraw = i % 11 == 10 && is_public[id];
      world.Import({testing::MakeCable(id, "grain", "text " + std::to_string(i),
                                       withdraw ? "SECRET" : "PUBLIC")});
      is_public[id] = !withdraw;
    }
    done = true;
  });
  std::thread stamper([&] {  // another reader of the provider: stamps concurrently
    while (!done) {
      ASSERT_TRUE(oai.Handle({{"verb", "Identify"}}).ok());
    }
  });

  const std::regex header(
      "<header( status=\"deleted\")?><identifier>oai:chancery\\.example:([^<]*)<");
  const std::regex token("<resumptionToken[^>]*>([^<]+)</resumptionToken>");
  const std::regex date("<responseDate>([^<]*)</responseDate>");
  std::map<std::string, bool> overlay;  // id -> live
  std::string since;
  for (bool last = false; !last;) {
    last = done.load();  // the harvest that starts after the writer stopped is the final one
    archive::OaiArgs args = {{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}};
    if (!since.empty()) {
      args.push_back({"from", since});
    }
    std::set<std::string> seen;
    std::string first_date;
    for (;;) {
      auto xml = oai.Handle(args);
      ASSERT_TRUE(xml.ok());
      std::smatch m;
      if (first_date.empty() && std::regex_search(*xml, m, date)) {
        first_date = m[1];
      }
      for (auto it = std::sregex_iterator(xml->begin(), xml->end(), header);
           it != std::sregex_iterator(); ++it) {
        ASSERT_TRUE(seen.insert((*it)[2]).second) << "repeated " << (*it)[2];
        overlay[(*it)[2]] = !(*it)[1].matched;
      }
      if (!std::regex_search(*xml, m, token)) {
        break;
      }
      args = {{"verb", "ListIdentifiers"}, {"resumptionToken", m[1]}};
    }
    since = first_date;
  }
  writer.join();
  stamper.join();
  std::set<std::string> expected, harvested;
  for (const auto& [id, live] : is_public) {
    if (live)
      expected.insert(id);
  }
  for (const auto& [id, live] : overlay) {
    if (live)
      harvested.insert(id);
  }
  EXPECT_EQ(harvested, expected);
}

}  // namespace
}  // namespace chancery
