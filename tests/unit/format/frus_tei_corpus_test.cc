// Whole-corpus check of the FRUS TEI importer: parses all 134 volumes in
// ../shared/corpus/frus/volumes and prints documents, anomalies by kind and parse speed.
// Opt-in: skipped unless CHANCERY_FRUS_ALL=1 (it reads 437 MB of XML).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "chancery/format/frus_tei.h"
#include "chancery/model/cable.h"

namespace chancery::format {
namespace {

TEST(FrusTeiCorpus, AllVolumesParseToTheReadmeDocumentCount) {
  const char* all = std::getenv("CHANCERY_FRUS_ALL");
  if (all == nullptr || std::string(all) != "1") {
    GTEST_SKIP() << "set CHANCERY_FRUS_ALL=1 to parse all 134 volumes";
  }
  const std::filesystem::path dir = std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/volumes";
  size_t volumes = 0, documents = 0, invalid = 0;
  std::map<std::string, size_t> kinds;
  std::chrono::duration<double> parse_time{0};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const Result<std::string> xml = ReadFileMaybeZstd(entry.path().string());
    ASSERT_TRUE(xml.ok()) << xml.status().ToString();
    const auto start = std::chrono::steady_clock::now();
    const Result<FrusVolume> v = ParseFrusVolume(*xml, entry.path().filename().string());
    parse_time += std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    ++volumes;
    documents += v->documents.size();
    for (const FrusAnomaly& a : v->anomalies) {
      ++kinds[a.kind];
    }
    for (const model::Cable& c : v->documents) {
      invalid += model::Validate(c).ok() ? 0u : 1u;
    }
  }
  std::printf("volumes=%zu documents=%zu parse_seconds=%.2f docs_per_second=%.0f\n", volumes,
              documents, parse_time.count(), static_cast<double>(documents) / parse_time.count());
  for (const auto& [kind, count] : kinds) {
    std::printf("anomaly %s=%zu\n", kind.c_str(), count);
  }
  EXPECT_EQ(volumes, 134u);
  EXPECT_EQ(documents, 46100u);
  EXPECT_EQ(invalid, 0u);
}

}  // namespace
}  // namespace chancery::format
