// Records::ShowVersion's one access decision (docs/citations.md "Permalinks"): the record as it
// is now AND the version under its own label; anything else is "no record ID".
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "chancery/format/json.h"
#include "chancery/security/decide.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

TEST(RecordVersions, AVersionAboveTheReaderStaysHiddenAfterTheRecordIsLowered) {
  testing::TempDir dir;
  testing::RecordsFixture fx(dir.path());
  fx.Import({testing::MakeCable("low-1", "Grain", "Secret grain text.", "SECRET")});
  // Version 2 at PUBLIC, written to the store as a declassification workflow would (an import
  // may not lower a label).
  const model::Cable lowered = testing::MakeCable("low-1", "Grain", "Public grain.", "PUBLIC");
  store::WriteBatch batch;
  store::RecordWrite write;
  write.id = lowered.id;
  write.payload = format::CableToJson(lowered);
  write.access_class_key = security::ClassOf(fx.records().policy(), lowered).Key();
  batch.records.push_back(write);
  ASSERT_TRUE(fx.records().store().Write(std::move(batch)).ok());

  Result<security::Subject> reader = fx.records().ResolveSubject(std::nullopt);
  ASSERT_TRUE(reader.ok());
  Result<records::RecordVersion> now = fx.records().ShowVersion(*reader, "low-1", 0);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->current, 2);
  Result<records::RecordVersion> old = fx.records().ShowVersion(*reader, "low-1", 1);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().ToString(),
            fx.records()
                .ShowVersion(*reader, "no-such", 1)
                .status()
                .ToString()
                .replace(std::string("not found: no record ").size(), 7, "low-1"));
  const security::Subject analyst = fx.User("analyst", "SECRET");
  Result<records::RecordVersion> cleared = fx.records().ShowVersion(analyst, "low-1", 1);
  ASSERT_TRUE(cleared.ok()) << cleared.status().ToString();
  EXPECT_EQ(cleared->cable.body.at(0).text, "Secret grain text.");
  EXPECT_EQ(cleared->current, 2);
}

}  // namespace
}  // namespace chancery
