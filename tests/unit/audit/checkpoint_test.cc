// Checkpoints, the Ed25519 signer and its key file (docs/format/audit-log.md §5-§7).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include "chancery/audit/audit_log.h"
#include "chancery/base/strings.h"

#include "support/temp_dir.h"

namespace chancery::audit {
namespace {

// RFC 8032 §7.1, TEST 1.
constexpr char kRfcSecret[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr char kRfcPublic[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr char kRfcSignature[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701"
    "cf9b46bd25bf5f0595bbe24655141438e7a100b";

const std::string kHead(64, 'a');

class CheckpointTest : public ::testing::Test {
 protected:
  Signer LoadRfcSigner() {
    testing::WriteFileOrDie(dir_.File("rfc.key"), std::string(kRfcSecret) + "\n");
    auto signer = Signer::Load(dir_.File("rfc.key"));
    EXPECT_TRUE(signer.ok()) << signer.status().ToString();
    return signer.ok() ? *signer : Signer();
  }

  static std::string Unhex(std::string_view hex) {
    std::string bytes;
    EXPECT_TRUE(HexDecode(hex, &bytes));
    return bytes;
  }

  static const unsigned char* Bytes(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
  }

  testing::TempDir dir_;
};

TEST_F(CheckpointTest, TheRfc8032SecretKeyYieldsItsPublicKey) {
  EXPECT_EQ(LoadRfcSigner().public_key_hex(), kRfcPublic);
}

TEST_F(CheckpointTest, TheRfc8032Test1SignatureOfTheEmptyMessageIsReproduced) {
  ASSERT_GE(sodium_init(), 0);
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(public_key, secret_key, Bytes(Unhex(kRfcSecret)));
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(signature, nullptr, nullptr, 0, secret_key);
  EXPECT_EQ(HexEncode({reinterpret_cast<const char*>(signature), sizeof(signature)}),
            kRfcSignature);
}

TEST_F(CheckpointTest, SignCoversTheDocumentedMessage) {
  const Checkpoint checkpoint = LoadRfcSigner().Sign(42, kHead);
  const std::string message = "chancery-audit-checkpoint\n42\n" + kHead + "\n";
  EXPECT_EQ(crypto_sign_verify_detached(Bytes(Unhex(checkpoint.signature)), Bytes(message),
                                        message.size(), Bytes(Unhex(kRfcPublic))),
            0);
}

TEST_F(CheckpointTest, ASignedCheckpointVerifies) {
  const Signer signer = LoadRfcSigner();
  EXPECT_TRUE(VerifyCheckpoint(signer.Sign(7, kHead), signer.public_key_hex()).ok());
  EXPECT_TRUE(VerifyCheckpoint(signer.Sign(0, ""), signer.public_key_hex()).ok());
}

TEST_F(CheckpointTest, AForgedSizeOrHeadFailsVerify) {
  const Signer signer = LoadRfcSigner();
  Checkpoint smaller = signer.Sign(7, kHead);
  smaller.size = 6;  // a truncated chain passed off under the old signature
  EXPECT_EQ(VerifyCheckpoint(smaller, signer.public_key_hex()).code(), StatusCode::kCorruption);
  Checkpoint other_head = signer.Sign(7, kHead);
  other_head.head_hash = std::string(64, 'b');
  EXPECT_EQ(VerifyCheckpoint(other_head, signer.public_key_hex()).code(), StatusCode::kCorruption);
}

TEST_F(CheckpointTest, ATruncatedChainNoLongerMatchesItsSignedCheckpoint) {
  std::vector<model::AuditEvent> chain;
  for (int64_t seq = 1; seq <= 3; ++seq) {
    chain.push_back(
        {seq, 0, "alice", "show", "c", "allow", {}, seq == 1 ? "" : chain.back().hash, ""});
    chain.back().hash = HashEvent(chain.back());
  }
  const Signer signer = LoadRfcSigner();
  const Checkpoint checkpoint = signer.Sign(3, chain.back().hash);
  ChainVerifier truncated;
  ASSERT_TRUE(truncated.Add(chain[0]).ok() && truncated.Add(chain[1]).ok());
  EXPECT_TRUE(VerifyCheckpoint(checkpoint, signer.public_key_hex()).ok());
  EXPECT_NE(truncated.size(), checkpoint.size);
  EXPECT_NE(truncated.head_hash(), checkpoint.head_hash);
}

TEST_F(CheckpointTest, AnotherKeysSignatureFailsVerify) {
  auto other = Signer::LoadOrCreate(dir_.File("other.key"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(VerifyCheckpoint(other->Sign(7, kHead), kRfcPublic).code(), StatusCode::kCorruption);
  EXPECT_EQ(VerifyCheckpoint(other->Sign(7, kHead), "abc").code(), StatusCode::kInvalidArgument);
}

TEST_F(CheckpointTest, EncodeDecodeRoundTrips) {
  const Checkpoint checkpoint = LoadRfcSigner().Sign(1234, kHead);
  auto decoded = Checkpoint::Decode(checkpoint.Encode() + "\n");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->Encode(), checkpoint.Encode());
  EXPECT_EQ(decoded->size, 1234);
}

TEST_F(CheckpointTest, DecodeRejectsNonCanonicalText) {
  const std::string sig = LoadRfcSigner().Sign(5, kHead).signature;
  for (const std::string& text :
       {"05 " + kHead + " " + sig, "-5 " + kHead + " " + sig, "5 " + kHead + "  " + sig,
        "5 " + kHead, "5  " + sig, "0 " + kHead + " " + sig, "5 " + AsciiUpper(kHead) + " " + sig,
        "5 " + kHead + " " + sig.substr(2), "99999999999999999999 " + kHead + " " + sig,
        "5 " + kHead + " " + sig + "\n\n", std::string()}) {
    EXPECT_EQ(Checkpoint::Decode(text).status().code(), StatusCode::kCorruption) << text;
  }
}

TEST_F(CheckpointTest, LoadOrCreateMakesAPrivateKeyFileAndReusesIt) {
  const std::string path = dir_.File("audit.key");
  auto first = Signer::LoadOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status().ToString();

  struct stat info {};

  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  EXPECT_EQ(testing::ReadFileOrDie(path).size(), 65U);
  EXPECT_EQ(Signer::LoadOrCreate(path)->public_key_hex(), first->public_key_hex());
}

TEST_F(CheckpointTest, LoadingAMissingKeyIsNotFound) {
  EXPECT_EQ(Signer::Load(dir_.File("absent.key")).status().code(), StatusCode::kNotFound);
}

TEST_F(CheckpointTest, AMalformedKeyFileIsCorruption) {
  testing::WriteFileOrDie(dir_.File("bad.key"), "not a key\n");
  EXPECT_EQ(Signer::Load(dir_.File("bad.key")).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(Signer::LoadOrCreate(dir_.File("bad.key")).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace chancery::audit
