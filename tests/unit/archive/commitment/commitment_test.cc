// Commit and CommitmentMessage (docs/format/proof.md §4-§5).
#include "chancery/archive/commitment.h"

#include <string>

#include <gtest/gtest.h>

#include "unit/archive/commitment/proof_fixture.h"

namespace chancery::archive {
namespace {

using ::chancery::testing::kSampleSeed;
using ::chancery::testing::SampleCable;

TEST(Commit, IsDeterministicForAGivenSeed) {
  EXPECT_EQ(Commit(SampleCable(), kSampleSeed)->root_hex,
            Commit(SampleCable(), kSampleSeed)->root_hex);
}

TEST(Commit, DrawsAFreshSeedWhenNoneIsGiven) {
  const Commitment a = Commit(SampleCable()).value();
  const Commitment b = Commit(SampleCable()).value();
  EXPECT_EQ(a.seed_hex.size(), 64u);
  EXPECT_NE(a.seed_hex, b.seed_hex);
  EXPECT_NE(a.root_hex, b.root_hex);
  EXPECT_EQ(Commit(SampleCable(), a.seed_hex)->root_hex, a.root_hex);
}

TEST(Commit, ChangesWithOneWord) {
  model::Cable changed = SampleCable();
  changed.body[1].text[30] = 'X';
  EXPECT_NE(Commit(changed, kSampleSeed)->root_hex, Commit(SampleCable(), kSampleSeed)->root_hex);
}

TEST(Commit, IgnoresWhatAPublicationSets) {
  model::Cable published = SampleCable();
  published.id = "other-id";
  published.current_label.classification = "PUBLIC";
  EXPECT_EQ(Commit(published, kSampleSeed)->root_hex, Commit(SampleCable(), kSampleSeed)->root_hex);
}

TEST(Commit, CountsEveryUnitAndOneForEachEmptyOrNonStringLeaf) {
  model::Cable one;
  one.id = "x";
  one.title = "a b";
  const Commitment c = Commit(one, kSampleSeed).value();
  const std::vector<Field> fields = CommittedFields(one).value();
  int64_t expected = 0;
  for (const Field& field : fields) {
    const size_t units = field.is_string ? SplitUnits(field.value).size() : 1;
    expected += static_cast<int64_t>(units == 0 ? 1 : units);
  }
  EXPECT_EQ(c.units, expected);
}

TEST(Commit, RefusesASeedThatIsNot64HexDigits) {
  EXPECT_EQ(Commit(SampleCable(), "abc").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Commit(SampleCable(), std::string(64, 'G')).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(CommitmentMessage, NamesKindRecordVersionAndRoot) {
  EXPECT_EQ(CommitmentMessage("release", "B-Yin-1963-692", 1, "ab"),
            "chancery-commitment-v2\nrelease\nB-Yin-1963-692\n1\nab\n");
}

}  // namespace
}  // namespace chancery::archive
