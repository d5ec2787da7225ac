// The tz database reader and the FRUS dateline zone table (docs/format/dates.md).
#include "chancery/format/time_zones.h"

#include <gtest/gtest.h>

namespace chancery::format {
namespace {

int64_t LocalSeconds(const char* iso) {
  return model::Date::Parse(iso)->SortSeconds();
}

class TimeZoneDbTest : public ::testing::Test {
 protected:
  int32_t Offset(const char* zone, const char* local) {
    Result<int32_t> offset = db_.OffsetForLocal(zone, LocalSeconds(local));
    EXPECT_TRUE(offset.ok()) << offset.status().ToString();
    return offset.ok() ? *offset : -1;
  }

  TimeZoneDb db_;
};

TEST_F(TimeZoneDbTest, WashingtonKeepsEstInWinterAndEdtInSummer) {
  EXPECT_EQ(Offset("America/New_York", "1961-01-20T12:00Z"), -5 * 3600);
  EXPECT_EQ(Offset("America/New_York", "1961-07-04T12:00Z"), -4 * 3600);
  // 1974: year-round daylight saving time (the energy crisis).
  EXPECT_EQ(Offset("America/New_York", "1974-01-15T12:00Z"), -4 * 3600);
}

TEST_F(TimeZoneDbTest, TaipeiWarsawMoscowIn1961) {
  EXPECT_EQ(Offset("Asia/Taipei", "1961-02-25T21:00Z"), 8 * 3600);
  EXPECT_EQ(Offset("Europe/Warsaw", "1961-01-10T17:00Z"), 1 * 3600);
  EXPECT_EQ(Offset("Europe/Moscow", "1961-06-01T12:00Z"), 3 * 3600);
}

TEST_F(TimeZoneDbTest, RepeatedHourTakesTheEarlierInstantAndSkippedHourTheOldOffset) {
  // 1961-10-29 01:30 occurred twice in New York (EDT, then EST); 1961-04-30 02:30 never did.
  EXPECT_EQ(Offset("America/New_York", "1961-10-29T01:30Z"), -4 * 3600);
  EXPECT_EQ(Offset("America/New_York", "1961-04-30T02:30Z"), -5 * 3600);
}

TEST_F(TimeZoneDbTest, LocalizeRoundsLocalMeanTimeToMinutes) {
  // Before 1883 New York kept local mean time, -4:56:02.
  Result<model::Date> d = db_.Localize("America/New_York", *model::Date::Parse("1880-06-01T12:00"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToIso(), "1880-06-01T12:00-04:56[America/New_York]");
}

TEST_F(TimeZoneDbTest, UnknownOrHostileZoneIsNotFound) {
  EXPECT_EQ(db_.OffsetForLocal("Asia/Atlantis", 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(db_.OffsetForLocal("../../etc/passwd", 0).status().code(), StatusCode::kNotFound);
  TimeZoneDb empty("/nonexistent");
  EXPECT_EQ(empty.OffsetForLocal("Asia/Taipei", 0).status().code(), StatusCode::kNotFound);
}

TEST(FrusPlaceZone, TableIsSortedAndEveryZoneLoads) {
  EXPECT_TRUE(FrusPlaceTableIsSorted());
  TimeZoneDb db;
  for (const char* place : {"Washington", "Taipei", "Warsaw", "Moscow", "Paris", "London", "Bonn",
                            "Saigon", "Tokyo", "New Delhi", "Geneva", "Léopoldville", "Chungking",
                            "Djakarta", "Vanga", "Yaoundé", "Ensenada", "Kuibyshev"}) {
    const std::string_view zone = FrusPlaceZone(place);
    ASSERT_FALSE(zone.empty()) << place;
    EXPECT_TRUE(db.OffsetForLocal(zone, 0).ok()) << place << " " << zone;
  }
}

TEST(FrusPlaceZone, FindsPlacesInsideLongerDatelines) {
  EXPECT_EQ(FrusPlaceZone("Camp David, Maryland"), "America/New_York");
  EXPECT_EQ(FrusPlaceZone("Quai d'Orsay, Paris"), "Europe/Paris");
  EXPECT_EQ(FrusPlaceZone("SecDel MC/27 Geneva"), "Europe/Zurich");
  EXPECT_EQ(FrusPlaceZone("SecDel/MC/90 New York"), "America/New_York");
  EXPECT_EQ(FrusPlaceZone(" Taipei, "), "Asia/Taipei");
  EXPECT_EQ(FrusPlaceZone("U. S. S. \u201cBrooklyn,\u201d"), "");
  EXPECT_EQ(FrusPlaceZone(""), "");
}

}  // namespace
}  // namespace chancery::format
