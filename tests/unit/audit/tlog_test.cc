// The Merkle tree of the audit log (docs/format/audit-log.md §8): tree hashes equal RFC 6962's
// recursive definition, and every inclusion and consistency proof verifies and fails when
// altered. tests/interop/ checks the same proofs with Go's sumdb/tlog.
#include "chancery/audit/tlog.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chancery::audit {
namespace {

// A tree kept in memory the way the store keeps it: stored hashes by index.
class MemoryTree {
 public:
  void Append(const std::string& data) {
    auto hashes = StoredHashesForLeaf(size_, RecordHash(data), Reader());
    ASSERT_TRUE(hashes.ok()) << hashes.status().ToString();
    ASSERT_EQ(static_cast<int64_t>(stored_.size()), StoredHashCount(size_));
    for (const Hash& h : *hashes) {
      stored_.push_back(h);
    }
    leaves_.push_back(RecordHash(data));
    ++size_;
  }

  HashReader Reader() {
    return [this](const std::vector<int64_t>& indexes) -> Result<std::vector<Hash>> {
      std::vector<Hash> out;
      for (int64_t i : indexes) {
        if (i < 0 || i >= static_cast<int64_t>(stored_.size())) {
          return Corruption("no stored hash " + std::to_string(i));
        }
        out.push_back(stored_[static_cast<size_t>(i)]);
      }
      return out;
    };
  }

  // RFC 6962 §2.1 MTH, computed directly from the leaves.
  Hash Direct(size_t lo, size_t hi) const {
    if (hi == lo) {
      return EmptyTreeHash();
    }
    if (hi - lo == 1) {
      return leaves_[lo];
    }
    size_t k = 1;
    while (k * 2 < hi - lo) {
      k *= 2;
    }
    return NodeHash(Direct(lo, lo + k), Direct(lo + k, hi));
  }

  const Hash& Leaf(int64_t n) const { return leaves_[static_cast<size_t>(n)]; }

  int64_t size() const { return size_; }

 private:
  std::vector<Hash> stored_;
  std::vector<Hash> leaves_;
  int64_t size_ = 0;
};

Hash Flip(Hash h) {
  h[0] ^= 1;
  return h;
}

constexpr int kLeaves = 19;

class TlogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < kLeaves; ++i) {
      tree_.Append("entry " + std::to_string(i));
    }
  }

  Hash Root(int64_t n) { return *TreeHash(n, tree_.Reader()); }

  MemoryTree tree_;
};

TEST(TlogLayout, StoredHashIndexesFollowGoSumdbTlog) {
  EXPECT_EQ(StoredHashIndex(0, 0), 0);
  EXPECT_EQ(StoredHashIndex(0, 1), 1);
  EXPECT_EQ(StoredHashIndex(1, 0), 2);
  EXPECT_EQ(StoredHashIndex(0, 2), 3);
  EXPECT_EQ(StoredHashIndex(0, 3), 4);
  EXPECT_EQ(StoredHashIndex(1, 1), 5);
  EXPECT_EQ(StoredHashIndex(2, 0), 6);
  EXPECT_EQ(StoredHashCount(0), 0);
  EXPECT_EQ(StoredHashCount(1), 1);
  EXPECT_EQ(StoredHashCount(4), 7);
}

TEST_F(TlogTest, TreeHashesEqualTheRfc6962DefinitionAtEverySize) {
  CompactRange range;
  EXPECT_EQ(Root(0), EmptyTreeHash());
  for (int64_t n = 1; n <= kLeaves; ++n) {
    range.Add(tree_.Leaf(n - 1));
    EXPECT_EQ(Root(n), tree_.Direct(0, static_cast<size_t>(n))) << n;
    EXPECT_EQ(range.Root(), Root(n)) << n;
  }
}

TEST_F(TlogTest, EveryInclusionProofVerifiesAndAnAlteredOneFails) {
  for (int64_t t = 1; t <= kLeaves; ++t) {
    for (int64_t n = 0; n < t; ++n) {
      auto proof = ProveLeaf(t, n, tree_.Reader());
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_TRUE(CheckLeaf(*proof, t, Root(t), n, tree_.Leaf(n)).ok()) << n << " in " << t;
      EXPECT_FALSE(CheckLeaf(*proof, t, Root(t), n, Flip(tree_.Leaf(n))).ok());
      EXPECT_FALSE(CheckLeaf(*proof, t, Flip(Root(t)), n, tree_.Leaf(n)).ok());
      if (!proof->empty()) {
        std::vector<Hash> altered = *proof;
        altered.back() = Flip(altered.back());
        EXPECT_FALSE(CheckLeaf(altered, t, Root(t), n, tree_.Leaf(n)).ok());
        altered.pop_back();
        EXPECT_FALSE(CheckLeaf(altered, t, Root(t), n, tree_.Leaf(n)).ok());
      }
    }
  }
}

TEST_F(TlogTest, EveryConsistencyProofVerifiesAndAnAlteredOneFails) {
  for (int64_t t = 1; t <= kLeaves; ++t) {
    for (int64_t n = 1; n <= t; ++n) {
      auto proof = ProveTree(t, n, tree_.Reader());
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_TRUE(CheckTree(*proof, t, Root(t), n, Root(n)).ok()) << n << " -> " << t;
      EXPECT_FALSE(CheckTree(*proof, t, Root(t), n, Flip(Root(n))).ok());
      EXPECT_FALSE(CheckTree(*proof, t, Flip(Root(t)), n, Root(n)).ok());
      for (size_t i = 0; i < proof->size(); ++i) {
        std::vector<Hash> altered = *proof;
        altered[i] = Flip(altered[i]);
        EXPECT_FALSE(CheckTree(altered, t, Root(t), n, Root(n)).ok());
      }
    }
  }
}

TEST_F(TlogTest, ProofsOutsideTheTreeAreInvalidArguments) {
  EXPECT_EQ(ProveLeaf(5, 5, tree_.Reader()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ProveTree(5, 6, tree_.Reader()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ProveTree(5, 0, tree_.Reader()).status().code(), StatusCode::kInvalidArgument);
}

TEST(TlogBase64, HashesRoundTripAndWrongLengthsAreRefused) {
  const Hash h = RecordHash("x");
  Hash back;
  ASSERT_TRUE(HashFromBase64(HashToBase64(h), &back));
  EXPECT_EQ(back, h);
  EXPECT_FALSE(HashFromBase64(HashToBase64(h).substr(4), &back));
  EXPECT_FALSE(HashFromBase64("not base64 at all, not at all, no not at all", &back));
}

}  // namespace
}  // namespace chancery::audit
