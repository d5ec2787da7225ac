// Signed checkpoints (C2SP signed notes), the Ed25519 signer and its key file
// (docs/format/audit-log.md §7, §9).
#include "chancery/audit/checkpoint.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/signing.h"
#include "chancery/audit/tlog.h"
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

Checkpoint Sample(std::string origin, int64_t size) {
  Checkpoint checkpoint;
  checkpoint.origin = std::move(origin);
  checkpoint.size = size;
  checkpoint.root = RecordHash("entry " + std::to_string(size));
  return checkpoint;
}

TEST_F(CheckpointTest, ASignedCheckpointOpensWithItsVerifier) {
  const Signer signer = LoadRfcSigner();
  const NoteVerifier verifier = *MakeVerifier("chancery/audit/test", signer);
  const Checkpoint checkpoint = Sample("chancery/audit/test", 42);
  auto opened = OpenCheckpoint(SignCheckpoint(signer, verifier, checkpoint), verifier);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, checkpoint);
}

TEST_F(CheckpointTest, TheNoteIsABodyABlankLineAndAnEmDashSignatureLine) {
  const Signer signer = LoadRfcSigner();
  const NoteVerifier verifier = *MakeVerifier("log", signer);
  const std::string note = SignCheckpoint(signer, verifier, Sample("log", 7));
  const std::string body = "log\n7\n" + HashToBase64(RecordHash("entry 7")) + "\n";
  ASSERT_EQ(note.substr(0, body.size() + 1), body + "\n");
  EXPECT_EQ(note.substr(body.size() + 1, 8), "\xE2\x80\x94 log ");
  EXPECT_EQ(note.back(), '\n');
}

TEST_F(CheckpointTest, TheKeyIdIsTheSignedNoteHashPrefix) {
  const NoteVerifier verifier = *MakeVerifier("log", LoadRfcSigner());
  const std::string digest = Unhex(Sha256Hex("log\n\x01" + Unhex(kRfcPublic)));
  const uint32_t expected = (uint32_t{static_cast<unsigned char>(digest[0])} << 24) |
                            (uint32_t{static_cast<unsigned char>(digest[1])} << 16) |
                            (uint32_t{static_cast<unsigned char>(digest[2])} << 8) |
                            uint32_t{static_cast<unsigned char>(digest[3])};
  EXPECT_EQ(verifier.key_id, expected);
}

TEST_F(CheckpointTest, AnEditedSizeOrRootNoLongerVerifies) {
  const Signer signer = LoadRfcSigner();
  const NoteVerifier verifier = *MakeVerifier("log", signer);
  const std::string note = SignCheckpoint(signer, verifier, Sample("log", 7));
  std::string smaller = note;
  smaller.replace(smaller.find("\n7\n"), 3, "\n6\n");
  EXPECT_EQ(OpenCheckpoint(smaller, verifier).status().code(), StatusCode::kCorruption);
  std::string other_root = note;
  other_root[6] = other_root[6] == 'A' ? 'B' : 'A';
  EXPECT_EQ(OpenCheckpoint(other_root, verifier).status().code(), StatusCode::kCorruption);
}

TEST_F(CheckpointTest, AnotherKeysVerifierFindsNoSignature) {
  auto other = Signer::LoadOrCreate(dir_.File("other.key"));
  ASSERT_TRUE(other.ok());
  const NoteVerifier mine = *MakeVerifier("log", LoadRfcSigner());
  const NoteVerifier theirs = *MakeVerifier("log", *other);
  const std::string note = SignCheckpoint(*other, theirs, Sample("log", 3));
  EXPECT_EQ(OpenCheckpoint(note, mine).status().code(), StatusCode::kCorruption);
}

TEST_F(CheckpointTest, AnOriginThatIsNotTheKeyNameIsRefused) {
  const Signer signer = LoadRfcSigner();
  const NoteVerifier verifier = *MakeVerifier("log", signer);
  const std::string note = SignCheckpoint(signer, verifier, Sample("other-log", 3));
  EXPECT_EQ(OpenCheckpoint(note, verifier).status().code(), StatusCode::kCorruption);
}

TEST_F(CheckpointTest, WitnessCosignaturesAreIgnored) {
  const Signer signer = LoadRfcSigner();
  const NoteVerifier verifier = *MakeVerifier("log", signer);
  const std::string note = SignCheckpoint(signer, verifier, Sample("log", 3)) +
                           "\xE2\x80\x94 witness.example AAAAAAAAAAAAAAAAAAAA\n";
  EXPECT_TRUE(OpenCheckpoint(note, verifier).ok());
}

TEST_F(CheckpointTest, TheVerifierKeyStringRoundTripsAndChecksItsKeyId) {
  const NoteVerifier verifier = *MakeVerifier("chancery/audit/x", LoadRfcSigner());
  auto parsed = ParseVerifierKey(verifier.KeyString() + "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->public_key, verifier.public_key);
  EXPECT_EQ(parsed->key_id, verifier.key_id);
  std::string wrong_id = verifier.KeyString();
  wrong_id[wrong_id.find('+') + 1] = wrong_id[wrong_id.find('+') + 1] == '0' ? '1' : '0';
  EXPECT_EQ(ParseVerifierKey(wrong_id).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseVerifierKey("no-plus-signs").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CheckpointTest, ParseBodyRejectsNonCanonicalBodies) {
  const std::string root = HashToBase64(RecordHash("x"));
  for (const std::string& body : std::vector<std::string>{
           "log\n07\n" + root + "\n", "log\n-7\n" + root + "\n", "log\n7\n" + root,
           "log\n7\n" + root.substr(1) + "\n", std::string("log\n7\n"), "lo g\n7\n" + root + "\n",
           "log\n7\n" + root + "\n\n", std::string()}) {
    EXPECT_EQ(Checkpoint::ParseBody(body).status().code(), StatusCode::kCorruption) << body;
  }
  EXPECT_TRUE(Checkpoint::ParseBody("log\n0\n" + root + "\next line\n").ok());
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
