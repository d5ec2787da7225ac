// Workflow signatures and digests (include/chancery/audit/signing.h).
#include "chancery/audit/signing.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace chancery::audit {
namespace {

TEST(Sha256Hex, MatchesTheKnownDigestOfAbc) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RandomHex, GivesTwoDigitsPerByteAndDiffersBetweenCalls) {
  const std::string a = RandomHex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, RandomHex(16));
}

class SignMessageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Signer> signer = Signer::LoadOrCreate(dir_.path() + "/user.key");
    ASSERT_TRUE(signer.ok()) << signer.status().ToString();
    signer_ = std::move(*signer);
  }

  testing::TempDir dir_;
  Signer signer_;
};

TEST_F(SignMessageTest, VerifiesWithTheSignersPublicKey) {
  const std::string sig = SignMessage(signer_, "chancery-desk-approve\nabc\n");
  EXPECT_TRUE(VerifyMessage("chancery-desk-approve\nabc\n", sig, signer_.public_key_hex()).ok());
}

TEST_F(SignMessageTest, FailsForAnotherMessage) {
  const std::string sig = SignMessage(signer_, "chancery-desk-approve\nabc\n");
  Status status = VerifyMessage("chancery-desk-approve\nabd\n", sig, signer_.public_key_hex());
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
}

TEST_F(SignMessageTest, FailsForAnotherKey) {
  Result<Signer> other = Signer::LoadOrCreate(dir_.path() + "/other.key");
  ASSERT_TRUE(other.ok());
  const std::string sig = SignMessage(signer_, "m");
  EXPECT_EQ(VerifyMessage("m", sig, other->public_key_hex()).code(), StatusCode::kCorruption);
}

TEST_F(SignMessageTest, RejectsMalformedHexWithInvalidArgument) {
  EXPECT_EQ(VerifyMessage("m", "zz", signer_.public_key_hex()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyMessage("m", SignMessage(signer_, "m"), "12").code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chancery::audit

namespace chancery::audit {
namespace {

TEST(HashPassword, ProducesAnArgon2idStringThatVerifies) {
  Result<std::string> stored = HashPassword("correct horse");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*stored, "correct horse"));
}

TEST(HashPassword, WrongPasswordAndMalformedHashDoNotVerify) {
  Result<std::string> stored = HashPassword("correct horse");
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(VerifyPassword(*stored, "correct horsf"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "correct horse"));
  EXPECT_FALSE(VerifyPassword("", ""));
}

TEST(HashPassword, RejectsEmptyAndOverlongPasswords) {
  EXPECT_EQ(HashPassword("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HashPassword(std::string(1025, 'x')).status().code(), StatusCode::kInvalidArgument);
}

TEST(RandomToken, IsUrlSafeAnd43CharactersAndUnique) {
  const std::string a = RandomToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(a, RandomToken());
}

}  // namespace
}  // namespace chancery::audit
