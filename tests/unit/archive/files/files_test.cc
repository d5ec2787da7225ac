// Digital objects (docs/archive.md "Digital objects"): a record version carries files; they are
// read exactly as the version is read; hostile uploads store nothing; a published version with
// withholdings carries only a reviewer's signed redacted scan, never the original's scan.
#include "chancery/archive/files.h"

#include <gtest/gtest.h>

#include "chancery/archive/archive.h"
#include "chancery/audit/signing.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::testing {
namespace {

using archive::FileInfo;
using archive::FileKind;
using archive::FileUpload;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(200, '\x07');
const std::string kPdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

FileUpload Upload(std::string name, std::string bytes, FileKind kind = FileKind::kScan) {
  FileUpload u;
  u.name = std::move(name);
  u.bytes = std::move(bytes);
  u.kind = kind;
  return u;
}

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    records::RecordsOptions options;
    options.db_path = dir_.path() + "/store.db";
    options.synchronous_full = false;
    records_ = std::move(records::Records::Init(options, security::DefaultPolicyText())).value();
    Add("keeper", "TOP SECRET", {"archivist"});
    Add("rev-a", "TOP SECRET", {"reviewer"});
    Add("rev-b", "TOP SECRET", {"reviewer"});
    Add("clerk", "TOP SECRET", {});
    Add("reader", "UNCLASSIFIED", {});
    archive::ArchiveOptions a;
    a.db_path = options.db_path;
    archive_ = std::move(archive::Archive::Open(*records_, a)).value();
    archive::FilesOptions f;
    f.key_dir = options.db_path + ".keys";
    f.max_bytes = 4 << 20;
    files_ = std::move(archive::Files::Open(*records_, f)).value();
    model::Cable ts = MakeCable("ts-1", "Harbour talks", "We met the minister.", "TOP SECRET");
    ts.body.push_back({"The source in Sael says yes.", {}});
    ASSERT_TRUE(
        records_
            ->Import(Admin(), {ts, MakeCable("pub-1", "Harbour", "Open text.", "UNCLASSIFIED")}, {})
            .ok());
  }

  void Add(const std::string& name, const std::string& level, std::vector<std::string> roles) {
    records::UserSpec spec;
    spec.name = name;
    spec.clearance.level = level;
    spec.clearance.roles = std::move(roles);
    ASSERT_TRUE(records_->AddUser(Admin(), spec).ok()) << name;
  }

  security::Subject Admin() const { return records_->Administrator("admin:test"); }

  security::Subject As(const std::string& name) { return *records_->ResolveSubject(name); }

  security::Subject Public() { return *records_->ResolveSubject(std::nullopt); }

  // Publishes ts-1, withholding its second paragraph when `withhold`; returns "ts-1.p1".
  std::string Publish(bool withhold) {
    if (withhold) {
      archive::WithholdRequest w;
      w.spans = {*archive::Span::Parse("/body/1/text")};
      w.code = "25X1";
      EXPECT_TRUE(archive_->Withhold(As("rev-a"), "ts-1", w).ok());
    }
    EXPECT_TRUE(archive_->Release(As("rev-a"), "ts-1").ok());
    EXPECT_TRUE(archive_->Concur(As("rev-b"), "ts-1").ok());
    Result<archive::PublishedVersion> p = archive_->Publish(As("keeper"), "ts-1");
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->record_id : "";
  }

  // How many chunk rows the store holds: nothing of a refused upload may remain.
  size_t StoredChunks() {
    store::DocQuery q;
    q.collection = "archive.file-chunk";
    return records_->store().ListDocs(q)->size();
  }

  TempDir dir_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<archive::Archive> archive_;
  std::unique_ptr<archive::Files> files_;
};

TEST_F(FilesTest, AnArchivistAttachesAScanAndAClearedReaderReadsItBack) {
  Result<FileInfo> info = files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->media_type, "application/pdf");
  EXPECT_EQ(info->size, static_cast<int64_t>(kPdf.size()));
  EXPECT_EQ(info->sha256, audit::Sha256Hex(kPdf));
  EXPECT_EQ(info->version, 1);
  EXPECT_EQ(info->attached_by, "keeper");
  FileInfo read_info;
  EXPECT_EQ(*files_->Read(As("clerk"), "ts-1", "scan.pdf", 0, 0, -1, &read_info), kPdf);
  EXPECT_EQ(read_info.sha256, info->sha256);
  ASSERT_EQ(files_->List(As("clerk"), "ts-1", 0)->size(), 1u);
}

TEST_F(FilesTest, AFileOfSeveralChunksComesBackWholeAndInRanges) {
  std::string big = kPng;
  for (size_t i = 0; big.size() < (size_t{5} << 19); ++i) {
    big.push_back(static_cast<char>(i * 131 % 251));
  }
  ASSERT_TRUE(files_->Attach(As("keeper"), "ts-1", Upload("page.png", big)).ok());
  EXPECT_EQ(*files_->Read(As("clerk"), "ts-1", "page.png", 0, 0, -1, nullptr), big);
  const int64_t across = (int64_t{1} << 20) - 10;  // the first chunk's end
  EXPECT_EQ(*files_->Read(As("clerk"), "ts-1", "page.png", 0, across, 30, nullptr),
            big.substr(static_cast<size_t>(across), 30));
  EXPECT_EQ(*files_->Read(As("clerk"), "ts-1", "page.png", 0, 5, -1, nullptr), big.substr(5));
}

TEST_F(FilesTest, AHiddenRecordsFilesAreAnsweredExactlyLikeAMissingRecords) {
  ASSERT_TRUE(files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf)).ok());
  for (const security::Subject& s : {Public(), As("reader")}) {
    const Status list = files_->List(s, "ts-1", 0).status();
    const Status stat = files_->Stat(s, "ts-1", "scan.pdf", 0).status();
    const Status read = files_->Read(s, "ts-1", "scan.pdf", 0, 0, -1, nullptr).status();
    const Status absent = files_->Stat(s, "ts-1", "never.pdf", 0).status();
    EXPECT_EQ(list.ToString(), "not found: no record ts-1");
    EXPECT_EQ(stat.ToString(), list.ToString());
    EXPECT_EQ(read.ToString(), list.ToString());
    EXPECT_EQ(absent.ToString(), list.ToString());
    EXPECT_EQ(files_->List(s, "nope-1", 0).status().ToString(), "not found: no record nope-1");
  }
  // Attaching to a record one may not read is the missing record too, not a role refusal.
  EXPECT_EQ(files_->Attach(As("reader"), "ts-1", Upload("x.pdf", kPdf)).status().ToString(),
            "not found: no record ts-1");
}

TEST_F(FilesTest, AttachingNeedsTheArchivistRole) {
  const Status s = files_->Attach(As("clerk"), "ts-1", Upload("scan.pdf", kPdf)).status();
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << s.ToString();
  EXPECT_NE(s.ToString().find("archivist"), std::string::npos);
  EXPECT_EQ(files_->List(As("clerk"), "ts-1", 0)->size(), 0u);
}

TEST_F(FilesTest, HostileUploadsAreRefusedWithAClearReasonAndStoreNothing) {
  struct Case {
    FileUpload upload;
    std::string says;
  };

  FileUpload declared = Upload("scan.png", kPdf);
  declared.declared_type = "image/png";
  const std::vector<Case> cases = {
      {Upload("page.png", "<html><script>alert(1)</script></html>"), "HTML"},
      {Upload("page.png", "  <svg onload=alert(1)>"), "HTML"},
      {Upload("page.png", ""), "empty"},
      {Upload("page.png", kPng + std::string(4 << 20, 'x')), "exceed the limit of 4194304"},
      {Upload("../../x", kPng), "a path, not a name"},
      {Upload(".hidden.png", kPng), "starts with '.'"},
      {Upload("a b.png", kPng), "holds a character"},
      {declared, "declared as image/png but its bytes are application/pdf"},
      {Upload("scan.png", kPdf), "must end in that type's extension"},
  };
  for (const Case& c : cases) {
    const Status s = files_->Attach(As("keeper"), "ts-1", c.upload).status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.upload.name << ": " << s.ToString();
    EXPECT_NE(s.ToString().find(c.says), std::string::npos) << s.ToString();
  }
  EXPECT_EQ(files_->List(As("keeper"), "ts-1", 0)->size(), 0u);
  EXPECT_EQ(StoredChunks(), 0u);
}

TEST_F(FilesTest, AFileIsAttachedOnceAndNeverReplaced) {
  ASSERT_TRUE(files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf)).ok());
  const Status again =
      files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf + "x")).status();
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.ToString();
  EXPECT_EQ(*files_->Read(As("keeper"), "ts-1", "scan.pdf", 0, 0, -1, nullptr), kPdf);
}

TEST_F(FilesTest, APublishedVersionWithWithholdingsRefusesTheUnredactedScan) {
  ASSERT_TRUE(files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf)).ok());
  const std::string p1 = Publish(/*withhold=*/true);
  ASSERT_EQ(p1, "ts-1.p1");
  const Status scan = files_->Attach(As("keeper"), p1, Upload("scan.pdf", kPdf)).status();
  EXPECT_EQ(scan.code(), StatusCode::kFailedPrecondition) << scan.ToString();
  EXPECT_NE(scan.ToString().find("published in part"), std::string::npos) << scan.ToString();
  const Status other =
      files_->Attach(As("keeper"), p1, Upload("scan.pdf", kPdf, FileKind::kOther)).status();
  EXPECT_EQ(other.code(), StatusCode::kFailedPrecondition) << other.ToString();
  const Status carry = files_->Carry(As("keeper"), p1, "scan.pdf").status();
  EXPECT_EQ(carry.code(), StatusCode::kFailedPrecondition) << carry.ToString();
  EXPECT_EQ(files_->List(Public(), p1, 0)->size(), 0u);
  // Neither the public nor anyone else finds the original's scan through the published id.
  EXPECT_EQ(files_->Stat(Public(), p1, "scan.pdf", 0).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(files_->Stat(Public(), "ts-1", "scan.pdf", 0).status().ToString(),
            "not found: no record ts-1");
}

TEST_F(FilesTest, AReviewersRedactedScanIsSignedAuditedAndPublic) {
  ASSERT_TRUE(files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf)).ok());
  const std::string p1 = Publish(/*withhold=*/true);
  FileUpload redacted = Upload("scan-redacted.pdf", kPdf + "%redacted\n", FileKind::kRedactedScan);
  redacted.replaces = "scan.pdf";
  // The archivist may not: a redacted scan is a reviewer's decision.
  EXPECT_EQ(files_->Attach(As("keeper"), p1, redacted).status().code(),
            StatusCode::kPermissionDenied);
  Result<FileInfo> info = files_->Attach(As("rev-a"), p1, redacted);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->replaces, "ts-1/v1/scan.pdf");
  EXPECT_EQ(info->replaces_sha256, audit::Sha256Hex(kPdf));
  EXPECT_TRUE(
      audit::VerifyMessage(archive::FileMessage(*info), info->signature, info->public_key).ok());
  FileInfo altered = *info;
  altered.replaces = "ts-1/v1/other.pdf";
  EXPECT_FALSE(
      audit::VerifyMessage(archive::FileMessage(altered), info->signature, info->public_key).ok());
  // The public reads it on the published version; the original's scan stays the original's.
  EXPECT_EQ(*files_->Read(Public(), p1, "scan-redacted.pdf", 0, 0, -1, nullptr),
            kPdf + "%redacted\n");
  EXPECT_EQ(files_->List(Public(), p1, 0)->size(), 1u);
  EXPECT_EQ(files_->List(Public(), "ts-1", 0).status().ToString(), "not found: no record ts-1");
  bool audited = false;
  const std::vector<model::AuditEvent> log = *records_->AuditLog(Admin(), 0, 100000);
  for (const model::AuditEvent& e : log) {
    audited |= e.action == "file.attach" && e.actor == "rev-a" &&
               e.target == "ts-1.p1/v1/scan-redacted.pdf" &&
               e.decision.find("replaces ts-1/v1/scan.pdf") != std::string::npos;
  }
  EXPECT_TRUE(audited);
}

TEST_F(FilesTest, ARedactedScanBelongsToAPublishedVersionAndNamesARealOriginalFile) {
  FileUpload redacted = Upload("r.pdf", kPdf, FileKind::kRedactedScan);
  redacted.replaces = "scan.pdf";
  EXPECT_EQ(files_->Attach(As("rev-a"), "ts-1", redacted).status().code(),
            StatusCode::kFailedPrecondition);
  const std::string p1 = Publish(/*withhold=*/true);
  EXPECT_EQ(files_->Attach(As("rev-a"), p1, redacted).status().ToString(),
            "not found: no file scan.pdf in record ts-1 version 1");
  redacted.replaces.clear();
  EXPECT_EQ(files_->Attach(As("rev-a"), p1, redacted).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(StoredChunks(), 0u);
}

TEST_F(FilesTest, AScanIsCarriedToAPublicationInFullByTheArchivist) {
  ASSERT_TRUE(files_->Attach(As("keeper"), "ts-1", Upload("scan.pdf", kPdf)).ok());
  const std::string p1 = Publish(/*withhold=*/false);
  EXPECT_EQ(files_->List(Public(), p1, 0)->size(), 0u);  // not automatically
  EXPECT_EQ(files_->Carry(As("rev-a"), p1, "scan.pdf").status().code(),
            StatusCode::kPermissionDenied);
  Result<FileInfo> carried = files_->Carry(As("keeper"), p1, "scan.pdf");
  ASSERT_TRUE(carried.ok()) << carried.status().ToString();
  EXPECT_EQ(carried->carried_from, "ts-1/v1/scan.pdf");
  EXPECT_EQ(*files_->Read(Public(), p1, "scan.pdf", 0, 0, -1, nullptr), kPdf);
}

TEST_F(FilesTest, FilesBelongToTheVersionTheyWereAttachedTo) {
  ASSERT_TRUE(files_->Attach(As("keeper"), "pub-1", Upload("v1.png", kPng)).ok());
  model::Cable changed = MakeCable("pub-1", "Harbour", "Open text, corrected.", "UNCLASSIFIED");
  ASSERT_TRUE(records_->Import(Admin(), {changed}, {}).ok());
  EXPECT_EQ(files_->List(Public(), "pub-1", 0)->size(), 0u);
  ASSERT_EQ(files_->List(Public(), "pub-1", 1)->size(), 1u);
  EXPECT_EQ(*files_->Read(Public(), "pub-1", "v1.png", 1, 0, -1, nullptr), kPng);
  EXPECT_EQ(files_->List(Public(), "pub-1", 3).status().ToString(), "not found: no record pub-1");
}

TEST_F(FilesTest, SniffingKnowsTheFiveTypesAndNothingElse) {
  EXPECT_EQ(*archive::SniffMediaType(kPdf), "application/pdf");
  EXPECT_EQ(*archive::SniffMediaType(kPng), "image/png");
  EXPECT_EQ(*archive::SniffMediaType("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(*archive::SniffMediaType(std::string("II*\0rest", 8)), "image/tiff");
  EXPECT_EQ(*archive::SniffMediaType(std::string("MM\0*rest", 8)), "image/tiff");
  EXPECT_EQ(*archive::SniffMediaType(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_FALSE(archive::SniffMediaType("GIF89a....").ok());
  EXPECT_FALSE(archive::SniffMediaType(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)).ok());
  EXPECT_FALSE(archive::SniffMediaType("%PD").ok());
}

}  // namespace
}  // namespace chancery::testing
