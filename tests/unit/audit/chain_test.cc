// The audit hash chain (docs/format/audit-log.md §2-§4): every tampering is reported at the
// first entry it makes inconsistent.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/audit/audit_log.h"
#include "chancery/base/strings.h"

namespace chancery::audit {
namespace {

using model::AuditEvent;

class AuditChainTest : public ::testing::Test {
 protected:
  // Appends a correctly chained entry whose contents depend only on its position.
  void AppendEntry() {
    AuditEvent event;
    event.seq = static_cast<int64_t>(entries_.size()) + 1;
    event.time_micros = 1700000000000000 + event.seq;
    event.actor = "alice";
    event.action = event.seq % 2 == 0 ? "search" : "show";
    event.target = "cable-" + std::to_string(event.seq);
    event.decision = "allow";
    event.ids = {"id" + std::to_string(event.seq), "x"};
    event.prev_hash = entries_.empty() ? "" : entries_.back().hash;
    event.hash = HashEvent(event);
    entries_.push_back(event);
  }

  void BuildChain(int length) {
    entries_.clear();
    for (int i = 0; i < length; ++i) {
      AppendEntry();
    }
  }

  // The fields of an entry, in order, as mutable strings (seq and time are handled apart).
  static std::vector<std::string*> Fields(AuditEvent& event) {
    std::vector<std::string*> fields = {&event.actor, &event.action, &event.target,
                                        &event.decision};
    for (std::string& id : event.ids) {
      fields.push_back(&id);
    }
    fields.push_back(&event.prev_hash);
    fields.push_back(&event.hash);
    return fields;
  }

  // Bytes 0-7 are seq, 8-15 time_micros, then every byte of Fields() in order.
  static size_t ByteCount(AuditEvent& event) {
    size_t count = 16;
    for (std::string* field : Fields(event)) {
      count += field->size();
    }
    return count;
  }

  void FlipByte(size_t entry, size_t offset) {
    AuditEvent& event = entries_[entry];
    if (offset < 16) {
      int64_t& value = offset < 8 ? event.seq : event.time_micros;
      value =
          static_cast<int64_t>(static_cast<uint64_t>(value) ^ (uint64_t{1} << (8 * (offset % 8))));
      return;
    }
    offset -= 16;
    for (std::string* field : Fields(event)) {
      if (offset < field->size()) {
        (*field)[offset] = static_cast<char>((*field)[offset] ^ 0x01);
        return;
      }
      offset -= field->size();
    }
    FAIL() << "offset past the end of entry " << entry;
  }

  void DeleteEntry(size_t entry) { entries_.erase(entries_.begin() + static_cast<long>(entry)); }

  void SwapEntries(size_t a, size_t b) { std::swap(entries_[a], entries_[b]); }

  // Inserts at `entry` a forged event that is itself correctly chained to its predecessor.
  void InsertForgedEntry(size_t entry) {
    AuditEvent forged = entries_[entry];
    forged.actor = "mallory";
    forged.hash = HashEvent(forged);
    entries_.insert(entries_.begin() + static_cast<long>(entry), forged);
  }

  // 0 when the chain verifies, else the position the verifier names as the first bad entry.
  int64_t Verify() {
    ChainVerifier verifier;
    for (const AuditEvent& event : entries_) {
      Status status = verifier.Add(event);
      if (!status.ok()) {
        EXPECT_EQ(status.code(), StatusCode::kCorruption);
        EXPECT_EQ(status.message().find("audit entry " + std::to_string(verifier.size() + 1) + ":"),
                  0U)
            << status.ToString();
        return verifier.size() + 1;
      }
    }
    return 0;
  }

  std::vector<AuditEvent> entries_;
};

TEST_F(AuditChainTest, AnUntouchedChainVerifies) {
  BuildChain(5);
  EXPECT_EQ(Verify(), 0);
}

TEST_F(AuditChainTest, AFlippedByteInAnyFieldFailsVerifyAtThatEntry) {
  for (size_t entry = 0; entry < 4; ++entry) {
    BuildChain(4);
    const size_t bytes = ByteCount(entries_[entry]);
    for (size_t offset = 0; offset < bytes; ++offset) {
      BuildChain(4);
      FlipByte(entry, offset);
      ASSERT_EQ(Verify(), static_cast<int64_t>(entry) + 1)
          << "entry " << entry << " byte " << offset;
    }
  }
}

TEST_F(AuditChainTest, ADeletedEntryFailsVerifyWhereTheGapIs) {
  BuildChain(5);
  DeleteEntry(2);
  EXPECT_EQ(Verify(), 3);
}

TEST_F(AuditChainTest, ADeletedFirstEntryFailsVerifyAtOne) {
  BuildChain(3);
  DeleteEntry(0);
  EXPECT_EQ(Verify(), 1);
}

TEST_F(AuditChainTest, AnInsertedForgedEntryFailsVerifyAtTheEntryItDisplaces) {
  BuildChain(5);
  InsertForgedEntry(2);  // forged entry 3 chains to entry 2; the original entry 3 is now 4th
  EXPECT_EQ(Verify(), 4);
}

TEST_F(AuditChainTest, AnInsertedDuplicateFailsVerifyAtItsPosition) {
  BuildChain(4);
  entries_.insert(entries_.begin() + 2, entries_[1]);
  EXPECT_EQ(Verify(), 3);
}

TEST_F(AuditChainTest, ASwappedPairFailsVerifyAtTheFirstOfThePair) {
  BuildChain(5);
  SwapEntries(1, 2);
  EXPECT_EQ(Verify(), 2);
}

TEST_F(AuditChainTest, TheVerifierKeepsReportingTheFirstError) {
  BuildChain(3);
  FlipByte(1, 20);
  ChainVerifier verifier;
  ASSERT_TRUE(verifier.Add(entries_[0]).ok());
  const Status first = verifier.Add(entries_[1]);
  EXPECT_FALSE(first.ok());
  EXPECT_EQ(verifier.Add(entries_[2]), first);
  EXPECT_EQ(verifier.size(), 1);
}

TEST_F(AuditChainTest, TheVerifierTracksSizeAndHead) {
  BuildChain(3);
  ChainVerifier verifier;
  for (const AuditEvent& event : entries_) {
    ASSERT_TRUE(verifier.Add(event).ok());
  }
  EXPECT_EQ(verifier.size(), 3);
  EXPECT_EQ(verifier.head_hash(), entries_.back().hash);
}

TEST(CanonicalBytes, MatchTheSpecExample) {
  // docs/format/audit-log.md §2.1.
  const AuditEvent event{1, 2, "al", "show", "c1", "allow", {"c1", "c2"}, "", ""};
  EXPECT_EQ(HexEncode(CanonicalBytes(event)),
            "00000000000000176368616e636572792d61756469742d656e7472792d763100"
            "0000000000000100000000000000020000000000000002616c00000000000000"
            "0473686f77000000000000000263310000000000000005616c6c6f7700000000"
            "0000000200000000000000026331000000000000000263320000000000000000");
  EXPECT_EQ(HashEvent(event), "c604649eacc3d75ff0001623c20d3b0e16e60694fdfb63281d282a002f975606");
}

TEST(CanonicalBytes, LengthPrefixesKeepFieldBoundaries) {
  const AuditEvent a{1, 0, "ab", "c", "", "", {}, "", ""};
  const AuditEvent b{1, 0, "a", "bc", "", "", {}, "", ""};
  EXPECT_NE(HashEvent(a), HashEvent(b));
}

TEST(CanonicalBytes, TheHashFieldIsNotHashed) {
  AuditEvent event{1, 0, "a", "b", "c", "d", {}, "", ""};
  const std::string before = HashEvent(event);
  event.hash = "anything";
  EXPECT_EQ(HashEvent(event), before);
  EXPECT_EQ(before.size(), 64U);
}

}  // namespace
}  // namespace chancery::audit
