// Field prefixes (title: person: from: to: place: serial: ref:) and the date range.
#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// The defining record, reduced to the fields the search schema reads.
model::Cable SeedCable() {
  model::Cable cable =
      MakeCable("seed", "Telegram on Algerian Liaison", "Key points", "1963-03-13");
  cable.subject = "Party relations";
  cable.drafter = "Liu Ningyi";
  cable.approvals.push_back(model::Approval{"Wu Xiuquan", model::ApprovalState::kApproved, {}, ""});
  cable.persons = {"Zhou Enlai"};
  cable.also_informed = {"The Chinese Ambassador to the Soviet Union"};
  cable.organization = "Ministry of Foreign Affairs";
  cable.office = "International Liaison Department";
  cable.originators = {"Central Committee"};
  cable.addressees.emplace_back();
  cable.addressees.back().name = "Embassy in Algeria";
  cable.place = "Beijing";
  cable.serial.original = "(63) B-Yin-692";
  cable.archival.reference.verbatim = "PRC FMA 109-03861-03, 13-17";
  cable.notes.push_back(model::Note{"footnote", "Translated by volunteers"});
  return cable;
}

class SearchFieldsTest : public SearchTest {
 protected:
  void SetUp() override {
    SearchTest::SetUp();
    PutAndCommit(SeedCable());
    // A control record that shares words with the seed only in its free text.
    PutAndCommit(MakeCable("other", "Note",
                           "Zhou Enlai met Wu Xiuquan in Beijing about Algeria "
                           "liaison; serial B-Yin-692, file 109-03861-03"));
  }
};

TEST_F(SearchFieldsTest, TitleWordsAreFreeTextAndTitlePrefixed) {
  EXPECT_THAT(Ids("title:liaison"), ElementsAre("seed"));
  EXPECT_THAT(Ids("title:\"algerian liaison\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("telegram"), ElementsAre("seed"));
}

TEST_F(SearchFieldsTest, PersonCoversDrafterApproversPersonsAndInformed) {
  EXPECT_THAT(Ids("person:\"liu ningyi\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("person:xiuquan"), ElementsAre("seed"));
  EXPECT_THAT(Ids("person:\"Zhou Enlai\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("person:ambassador"), ElementsAre("seed"));
}

TEST_F(SearchFieldsTest, FromCoversOrganizationOfficeAndOriginators) {
  EXPECT_THAT(Ids("from:ministry"), ElementsAre("seed"));
  EXPECT_THAT(Ids("from:\"international liaison\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("from:committee"), ElementsAre("seed"));
}

TEST_F(SearchFieldsTest, ToAndPlacePrefixesMatchOnlyTheirFields) {
  EXPECT_THAT(Ids("to:algeria"), ElementsAre("seed"));
  EXPECT_THAT(Ids("place:beijing"), ElementsAre("seed"));
}

TEST_F(SearchFieldsTest, MetadataIsAlsoFoundAsPlainWords) {
  EXPECT_THAT(Ids("beijing"), UnorderedElementsAre("seed", "other"));
}

TEST_F(SearchFieldsTest, SerialMatchesWholeValueAndItsWords) {
  EXPECT_THAT(Ids("serial:\"(63) B-Yin-692\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("serial:\"(63) b-yin-692\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("serial:B-Yin-692"), ElementsAre("seed"));
  EXPECT_THAT(Ids("serial:692"), ElementsAre("seed"));
  EXPECT_THAT(Ids("serial:693"), IsEmpty());
}

TEST_F(SearchFieldsTest, RefMatchesWholeReferenceExactly) {
  EXPECT_THAT(Ids("ref:\"PRC FMA 109-03861-03, 13-17\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("ref:\"prc fma 109-03861-03, 13-17\""), ElementsAre("seed"));
}

TEST_F(SearchFieldsTest, RefMatchesPartsOfTheReference) {
  EXPECT_THAT(Ids("ref:\"PRC FMA 109-03861-03\""), ElementsAre("seed"));
  EXPECT_THAT(Ids("ref:109-03861-03"), ElementsAre("seed"));
  EXPECT_THAT(Ids("ref:03861"), ElementsAre("seed"));
  EXPECT_THAT(Ids("ref:109-03861-04"), IsEmpty());
  EXPECT_THAT(Ids("ref:\"03861 109\""), IsEmpty());
}

TEST_F(SearchFieldsTest, FieldPrefixesCombineWithFreeText) {
  EXPECT_THAT(Ids("ref:03861 AND person:zhou"), ElementsAre("seed"));
  EXPECT_THAT(Ids("zhou NOT ref:03861"), ElementsAre("other"));
  EXPECT_THAT(Ids("key ref:03861"), ElementsAre("seed"));
}

TEST_F(SearchFieldsTest, NotesAreFreeText) {
  EXPECT_THAT(Ids("volunteer"), ElementsAre("seed"));
}

int32_t Day(int32_t year, int32_t month, int32_t day) {
  return model::DaysFromCivil(year, month, day);
}

class SearchDatesTest : public SearchTest {
 protected:
  void SetUp() override {
    SearchTest::SetUp();
    PutAndCommit(MakeCable("day", "T", "text", "1963-03-13"));
    PutAndCommit(MakeCable("year", "T", "text", "1961"));
    PutAndCommit(MakeCable("undated", "T", "text"));
    model::Cable ranged = MakeCable("ranged", "T", "text", "1950");
    ranged.earliest = model::Date::FromYmd(1958, 6, 1);
    ranged.latest = model::Date::FromYmd(1958, 6, 30);
    PutAndCommit(ranged);
  }

  std::vector<std::string> InRange(std::optional<int32_t> from, std::optional<int32_t> to) {
    SearchQuery query = MakeQuery("", {1}, 0, 100);
    query.from_day = from;
    query.to_day = to;
    return HitIds(SearchOrDie(query));
  }
};

TEST_F(SearchDatesTest, DayDateMatchesRangesThatContainIt) {
  EXPECT_THAT(InRange(Day(1963, 3, 13), Day(1963, 3, 13)), ElementsAre("day"));
  EXPECT_THAT(InRange(Day(1963, 3, 14), Day(1963, 4, 1)), IsEmpty());
}

TEST_F(SearchDatesTest, YearDateMatchesAnyOverlappingRange) {
  EXPECT_THAT(InRange(Day(1961, 12, 31), Day(1962, 1, 5)), ElementsAre("year"));
  EXPECT_THAT(InRange(Day(1960, 1, 1), Day(1961, 1, 1)), ElementsAre("year"));
  EXPECT_THAT(InRange(Day(1960, 1, 1), Day(1960, 12, 31)), IsEmpty());
}

TEST_F(SearchDatesTest, EarliestAndLatestOverrideTheDate) {
  EXPECT_THAT(InRange(Day(1958, 6, 30), Day(1958, 7, 30)), ElementsAre("ranged"));
  EXPECT_THAT(InRange(Day(1950, 1, 1), Day(1950, 12, 31)), IsEmpty());
}

TEST_F(SearchDatesTest, OpenEndedRangesAndUndatedRecords) {
  EXPECT_THAT(InRange(Day(1961, 6, 1), std::nullopt), ElementsAre("day", "year"));
  EXPECT_THAT(InRange(std::nullopt, Day(1961, 6, 1)), ElementsAre("ranged", "year"));
  EXPECT_THAT(InRange(Day(1, 1, 1), Day(9999, 12, 31)), ElementsAre("day", "ranged", "year"));
}

TEST_F(SearchDatesTest, RangeFiltersTextMatches) {
  SearchQuery query = MakeQuery("text");
  query.from_day = Day(1963, 1, 1);
  SearchResults results = SearchOrDie(query);
  EXPECT_THAT(HitIds(results), ElementsAre("day"));
  EXPECT_EQ(results.total, 1u);
}

}  // namespace
}  // namespace chancery::search
