// The seed's own story to the reading room (issue 13, "Tests"): the 1963 telegram of
// ../shared/seed/000_68b43146905a32b5.txt released at the desk, reviewed forty years on (one
// phrase and one approver's name withheld), concurred, published; the public reads the seed's
// fields in the published version and no withheld word; its proof verifies in C++ and with the
// independent Python verifier; flipping any byte of the bundle fails verification.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/archive/archive.h"
#include "chancery/archive/commitment.h"
#include "chancery/format/archive_record.h"
#include "chancery/format/json.h"

#include "support/desk_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int64_t kFortyYears = 40LL * 365 * 86'400'000'000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs `command`, returns its stdout and sets *status to its exit status.
std::string RunCommand(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    out += buffer;
  }
  *status = pipe == nullptr ? -1 : pclose(pipe);
  return out;
}

class ArchiveSeedStoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<model::Cable> seed = format::ParseArchiveRecord(
        ReadFile(std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt"));
    ASSERT_TRUE(seed.ok()) << seed.status().ToString();
    seed_ = *seed;
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"rev1", "reviewer"}, {"rev2", "reviewer"}, {"arch", "archivist"}}) {
      records::UserSpec spec;
      spec.name = name;
      spec.clearance.level = "TOP SECRET";
      spec.clearance.categories = {"INTERNAL RESEARCH"};
      spec.clearance.groups = {"PRC"};
      spec.clearance.roles = {role};
      ASSERT_TRUE(fx_.records().AddUser(fx_.Admin(), spec).ok());
    }
    archive::ArchiveOptions options;
    options.db_path = fx_.db_path();
    options.clock = &fx_.clock();
    archive_ = *archive::Archive::Open(fx_.records(), options);
  }

  // The seed as the division drafts it: its title, type, reference, precedence, body, the four
  // fraternal parties and the informed ambassador; approved by wu and zeng, subject to the
  // approval of the chairman (pending at release, as on the seed).
  desk::DraftSpec Telegram() const {
    desk::DraftSpec spec = testing::DeskFixture::Spec(seed_.title, {"TOP SECRET"}, {"EMB-MOSCOW"});
    model::Cable& c = spec.content;
    c.document_type = seed_.document_type;
    c.internal_reference = seed_.internal_reference;
    c.precedence = seed_.precedence;
    c.body.clear();
    for (const model::Paragraph& p : seed_.body) {
      c.body.push_back({p.text, model::Label{"TOP SECRET", {"INTERNAL RESEARCH"}, {}}});
    }
    c.enclosures = seed_.enclosures;  // the key points of the conversation
    for (const char* party : {"Algeria", "DPRK", "Vietnam", "Indonesia"}) {
      c.disseminations.push_back(
          {std::string("the Central Committee of the fraternal party of ") + party,
           "REL TO ALLIED PARTIES", model::Date(), "before being issued"});
    }
    c.also_informed = {"The Chinese Ambassador to the Soviet Union Comrade Pan Zili"};
    spec.conditions = {"chairman"};
    return spec;
  }

  std::string ReleaseSeed() {
    auto draft = fx_.desk().CreateDraft(fx_.User("drafter"), Telegram());
    EXPECT_TRUE(draft.ok()) << draft.status().ToString();
    EXPECT_TRUE(fx_.desk().Submit(fx_.User("drafter"), draft->id).ok());
    for (const char* approver : {"wu", "zeng"}) {
      EXPECT_TRUE(fx_.desk().DecideStep(fx_.User(approver), draft->id, true, "").ok());
    }
    auto release = fx_.desk().ReleaseDraft(fx_.User("releaser"), draft->id);
    EXPECT_TRUE(release.ok()) << release.status().ToString();
    return release.ok() ? release->cable_id : "";
  }

  testing::TempDir dir_;
  testing::DeskFixture fx_{dir_.path()};
  model::Cable seed_;
  std::unique_ptr<archive::Archive> archive_;
};

TEST_F(ArchiveSeedStoryTest, ReleasedReviewedPublishedAndProvenAgainstTheReleaseSignature) {
  const std::string id = ReleaseSeed();
  ASSERT_FALSE(id.empty());
  fx_.clock().Advance(kFortyYears);
  const security::Subject rev1 = fx_.User("rev1");
  const security::Subject pub = security::Subject::PublicReader(fx_.records().policy());

  // Due forty years on; one phrase and one approver's name withheld, the rest released.
  auto queue = archive_->Queue(rev1);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].state, archive::ReviewState::kDue);
  const std::string phrase = "German Party Congress";
  auto withheld = archive_->Withhold(rev1, id, {{}, phrase, "(b)(1)", false});
  ASSERT_TRUE(withheld.ok()) << withheld.status().ToString();
  auto name = archive_->Withhold(
      rev1, id, {{*archive::Span::Parse("/approvals/1/name")}, "", "(b)(6)", false});
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  ASSERT_TRUE(archive_->Release(rev1, id).ok());
  ASSERT_TRUE(archive_->Concur(fx_.User("rev2"), id).ok());
  auto published = archive_->Publish(fx_.User("arch"), id);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_FALSE(published->in_full);

  // The public reads the seed's fields in the published version, and no withheld word.
  auto original = fx_.records().Show(rev1, id);
  ASSERT_TRUE(original.ok());
  const std::string withheld_name = original->approvals[1].name;
  auto page = fx_.records().Show(pub, published->record_id);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->title, seed_.title);
  EXPECT_EQ(page->document_type, "Top Secret Telegram");
  EXPECT_EQ(page->internal_reference, seed_.internal_reference);
  EXPECT_EQ(page->precedence.original, "Very Urgent");
  EXPECT_EQ(page->serial.original, original->serial.original);
  EXPECT_EQ(page->original_marking.label.classification, "TOP SECRET");
  EXPECT_EQ(page->current_label.classification, "PUBLIC");
  EXPECT_EQ(page->disseminations.size(), 4u);
  EXPECT_EQ(page->also_informed, original->also_informed);
  ASSERT_EQ(page->approvals.size(), original->approvals.size());
  EXPECT_EQ(page->approvals[1].name, "[name not declassified; (b)(6)]");
  EXPECT_EQ(page->approvals.back().state, model::ApprovalState::kPending);  // "subject to"
  ASSERT_EQ(page->body.size(), seed_.body.size());
  EXPECT_EQ(page->body[0].text, seed_.body[0].text);
  ASSERT_EQ(page->enclosures.size(), 1u);
  EXPECT_EQ(page->enclosures[0].title, seed_.enclosures[0].title);
  const std::vector<model::Paragraph>& said = seed_.enclosures[0].paragraphs;
  ASSERT_EQ(page->enclosures[0].paragraphs.size(), said.size());
  size_t markers = 0;
  for (size_t i = 0; i < said.size(); ++i) {
    const std::string& text = page->enclosures[0].paragraphs[i].text;
    if (said[i].text.find(phrase) == std::string::npos) {
      EXPECT_EQ(text, said[i].text) << "key point " << i;
    } else {
      ++markers;
      EXPECT_NE(text.find("[less than 1 line not declassified; (b)(1)]"), std::string::npos);
    }
  }
  EXPECT_EQ(markers, 1u);
  const std::string json = format::CableToJson(*page);
  EXPECT_EQ(json.find(phrase), std::string::npos);
  EXPECT_EQ(json.find(withheld_name), std::string::npos) << withheld_name;
  EXPECT_EQ(fx_.records().Show(pub, id).status().code(), StatusCode::kNotFound);

  // The proof verifies against the releaser's signature, in C++ and in Python.
  auto bundle = archive_->Proof(pub, published->record_id, 0);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->find(phrase), std::string::npos);
  EXPECT_EQ(bundle->find(withheld_name), std::string::npos);
  // The public may also name it by the seed's serial, which the original carries.
  auto by_serial = archive_->Proof(pub, original->serial.original, 0);
  ASSERT_TRUE(by_serial.ok()) << by_serial.status().ToString();
  EXPECT_EQ(*by_serial, *bundle);
  archive::VerifyReport report = archive::VerifyBundle(*bundle);
  ASSERT_TRUE(report.ok) << (report.failures.empty() ? "" : report.failures[0]);
  EXPECT_EQ(report.signed_commitment.kind, "release");
  EXPECT_EQ(report.signed_commitment.signer, "releaser");
  // The archivist's statement covers the whole published record: markers, codes, /publication.
  ASSERT_TRUE(report.signed_commitment.publication.has_value());
  EXPECT_EQ(report.signed_commitment.publication->signer, "arch");
  EXPECT_GT(report.signed_commitment.publication->key_audit_seq, 0);
  const std::string file = dir_.File("seed-proof.json");
  std::ofstream(file, std::ios::binary) << *bundle;
  int status = 0;
  const std::string python = RunCommand("/usr/bin/python3 " + std::string(CHANCERY_SOURCE_DIR) +
                                            "/tools/verify_proof.py " + file + " 2>&1",
                                        &status);
  EXPECT_EQ(status, 0) << python;
  EXPECT_EQ(python.rfind("OK: ", 0), 0u) << python;
  EXPECT_NE(python.find("publication statement: signed by arch"), std::string::npos) << python;
  EXPECT_NE(python.find("key: claimed, registered at audit entry"), std::string::npos) << python;

  // Flipping any byte fails. Every byte position of a bundle takes minutes (each check
  // rebuilds the tree); a prime stride over the whole bundle reaches every part of it (header,
  // fields, seeds, hashes, signature) and tools/verify_proof.py's test flips every byte of a
  // smaller bundle.
  size_t passed = 0;
  size_t tried = 0;
  for (size_t i = 0; i < bundle->size(); i += 53) {
    std::string tampered = *bundle;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    passed += archive::VerifyBundle(tampered).ok ? 1u : 0u;
    ++tried;
  }
  EXPECT_EQ(passed, 0u) << "of " << tried << " flipped bytes";
  EXPECT_GT(tried, 400u) << bundle->size();
  EXPECT_TRUE(fx_.AuditVerifies());
}

}  // namespace
}  // namespace chancery
