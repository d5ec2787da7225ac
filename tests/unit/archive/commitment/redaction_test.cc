// CommittedFields and ApplyRedactions (docs/format/proof.md §3, §6.2).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/archive/commitment.h"

#include "unit/archive/commitment/proof_fixture.h"

namespace chancery::archive {
namespace {

using ::chancery::testing::SampleCable;

const Field* Find(const std::vector<Field>& fields, const std::string& pointer) {
  for (const Field& field : fields) {
    if (field.pointer == pointer) {
      return &field;
    }
  }
  return nullptr;
}

Status Redact(std::vector<WithheldRun> runs) {
  return ApplyRedactions(SampleCable(), runs).status();
}

TEST(CommittedFields, NameEveryLeafByJsonPointer) {
  const std::vector<Field> fields = CommittedFields(SampleCable()).value();
  ASSERT_NE(Find(fields, "/body/1/text"), nullptr);
  EXPECT_EQ(Find(fields, "/approvals/1/name")->value, "Zeng Yongquan");
}

TEST(CommittedFields, NumbersKeepTheirJsonText) {
  const std::vector<Field> fields = CommittedFields(SampleCable()).value();
  EXPECT_EQ(*Find(fields, "/serial/year"), (Field{"/serial/year", "1963", false}));
}

TEST(CommittedFields, LeaveOutWhatAPublicationSets) {
  const std::vector<Field> fields = CommittedFields(SampleCable()).value();
  for (const Field& field : fields) {
    EXPECT_NE(field.pointer, "/id");
    EXPECT_EQ(field.pointer.rfind("/current_label", 0), std::string::npos) << field.pointer;
    EXPECT_EQ(field.pointer.rfind("/publication", 0), std::string::npos) << field.pointer;
  }
}

TEST(CommittedFields, FollowDocumentOrder) {
  const std::vector<Field> fields = CommittedFields(SampleCable()).value();
  EXPECT_EQ(fields.front().pointer, "/organization");
  EXPECT_EQ(fields.back().pointer, "/body/2/text");
}

TEST(ApplyRedactions, ReplacesTheRunByItsMarker) {
  const model::Cable published =
      ApplyRedactions(SampleCable(), {{"/body/1/text", 8, 13, "[name not declassified]"}}).value();
  EXPECT_EQ(published.body[1].text,
            "The source in Hanoi, [name not declassified], reports troop movements.");
}

TEST(ApplyRedactions, AppliesRunsGivenInAnyOrder) {
  const model::Cable published =
      ApplyRedactions(SampleCable(), {{"/body/0/text", 6, 7, "[X]"}, {"/body/0/text", 0, 1, "[Y]"}})
          .value();
  EXPECT_EQ(published.body[0].text, "[Y] Mao received [X] Chervonenko on 9 March.");
}

TEST(ApplyRedactions, RefusesARunPastTheEndOfItsField) {
  const Status s = Redact({{"/approvals/0/name", 2, 4, "[x]"}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("field /approvals/0/name: units 2..4"), std::string::npos)
      << s.ToString();
}

TEST(ApplyRedactions, RefusesAnEmptyRun) {
  EXPECT_EQ(Redact({{"/body/0/text", 2, 2, "[x]"}}).code(), StatusCode::kInvalidArgument);
}

TEST(ApplyRedactions, RefusesOverlappingRuns) {
  const Status s = Redact({{"/body/0/text", 0, 3, "[x]"}, {"/body/0/text", 2, 5, "[y]"}});
  EXPECT_NE(s.message().find("overlaps another withheld run"), std::string::npos) << s.ToString();
}

TEST(ApplyRedactions, RefusesARunThatDoesNotStartOnAWord) {
  const Status s = Redact({{"/body/0/text", 1, 3, "[x]"}});
  EXPECT_NE(s.message().find("start and end on a word unit"), std::string::npos) << s.ToString();
}

TEST(ApplyRedactions, RefusesANonStringField) {
  const Status s = Redact({{"/serial/year", 0, 1, "[x]"}});
  EXPECT_NE(s.message().find("field /serial/year: units 0..1: not a string field"),
            std::string::npos)
      << s.ToString();
}

TEST(ApplyRedactions, RefusesAnUncommittedOrUnknownField) {
  EXPECT_EQ(Redact({{"/id", 0, 1, "[x]"}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Redact({{"/body/9/text", 0, 1, "[x]"}}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chancery::archive
