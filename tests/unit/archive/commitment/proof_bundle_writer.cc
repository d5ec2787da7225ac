// Writes proof bundles made by the C++ code, good and tampered, with a manifest of what each must
// give, for the independent Python verifier (python_verifier_test.py, docs/format/proof.md).
// Usage: proof_bundle_writer DIR
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chancery/archive/commitment.h"
#include "chancery/format/archive_record.h"

#include "unit/archive/commitment/proof_fixture.h"

namespace chancery::testing {
namespace {

using Json = nlohmann::json;

struct Entry {
  std::string file;
  // "OK", or a substring of each failure in order, separated by " && " (as many as failures)
  std::string expect;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The seed record with one approver's name and one paragraph withheld (issue 13, "the seed's own
// story").
std::string SeedBundle(ProofMaker& maker) {
  const model::Cable seed =
      format::ParseArchiveRecord(ReadFile(CHANCERY_SHARED_DIR "/seed/000_68b43146905a32b5.txt"))
          .value();
  return maker.Bundle(seed, {WholeFieldRun(seed, "/approvals/1/name", "[name not declassified]"),
                             WholeFieldRun(seed, "/enclosures/0/paragraphs/3/text",
                                           "[1 paragraph (1 line) not declassified]")});
}

class Writer : public ProofMaker {
 public:
  std::vector<std::pair<Entry, std::string>> All() {
    const std::string good = StandardBundle();
    // Tampering with the published text is diagnosed by §8 step 4 alone on a bundle without a
    // publication statement; with one, the statement fails too (fail_*_signed).
    const std::string legacy = LegacyBundle();
    const std::string key = other_.public_key_hex();
    const std::string forged_marker_approver = "a forged marker: field /approvals/1/name";
    const std::string forged_marker_body = "a forged marker: field /body/1/text";
    const std::string statement = "publication statement: does not verify";
    return {
        {{"ok_sample.json", "OK"}, good},
        {{"ok_legacy.json", "OK"}, legacy},
        {{"fail_marker_words.json", forged_marker_approver + " && " + forged_marker_body},
         Forge(legacy, [](Json& j) { DressMarkers(j, "Ivanov"); })},
        {{"fail_marker_empty.json", forged_marker_approver + " && " + forged_marker_body},
         Forge(legacy, [](Json& j) { DressMarkers(j, ""); })},
        // Finding 4 as reported: markers dressed as words, the record presented as in full.
        {{"fail_marker_words_signed.json",
          forged_marker_approver + " && " + forged_marker_body + " && " + statement},
         Forge(good,
               [](Json& j) {
                 DressMarkers(j, "Ivanov");
                 j["published"]["publication"]["in_full"] = true;
                 j["published"]["publication"]["redactions"] = Json::array();
               })},
        {{"fail_publication_archivist.json", statement},
         Forge(good, [](Json& j) { j["published"]["publication"]["archivist"] = "president"; })},
        {{"fail_publication_in_full.json", statement},
         Forge(good, [](Json& j) { j["published"]["publication"]["in_full"] = true; })},
        {{"fail_publication_code.json", statement},
         Forge(good, [](Json& j) { Replace(j["published"], "25X1", "(b)(6)"); })},
        {{"fail_changed_word_signed.json",
          statement + " && a changed word: field /body/0/text: unit 2"},
         Forge(good,
               [](Json& j) {
                 j["published"]["body"][0]["text"] =
                     "Chairman Liu received Ambassador Chervonenko on 9 March.";
               })},
        {{"ok_seed.json", "OK"}, SeedBundle(*this)},
        {{"ok_nothing_withheld.json", "OK"}, Bundle(SampleCable(), {})},
        {{"ok_cjk.json", "OK"},
         Bundle(SampleCable(),
                {Withhold("/body/2/text", 1, 3, "[less than 1 line not declassified; 25X1]")})},
        {{"fail_changed_word.json", "a changed word: field /body/0/text: unit 2"},
         Forge(legacy,
               [](Json& j) {
                 j["published"]["body"][0]["text"] =
                     "Chairman Liu received Ambassador Chervonenko on 9 March.";
               })},
        {{"fail_changed_word_in_proof.json", "commitment: the disclosed units"},
         Forge(legacy,
               [](Json& j) {
                 const std::string text =
                     "Chairman Liu received Ambassador Chervonenko on 9 March.";
                 j["published"]["body"][0]["text"] = text;
                 for (Json& field : j["fields"]) {
                   if (field["pointer"] == "/body/0/text") {
                     field["parts"][0]["text"] = text;
                   }
                 }
               })},
        {{"fail_moved_marker.json", "a moved marker: field /body/1/text"},
         Forge(legacy,
               [](Json& j) {
                 j["published"]["body"][1]["text"] =
                     "The source [name not declassified]in Hanoi, , reports troop movements.";
               })},
        {{"fail_removed_marker.json", "a removed marker: field /approvals/1/name"},
         Forge(legacy, [](Json& j) { j["published"]["approvals"][1]["name"] = ""; })},
        {{"fail_forged_seed.json", "a forged salt"},
         Forge(good, [](Json& j) { j["disclosed"][0]["seed"] = std::string(64, 'a'); })},
        {{"fail_forged_hash.json", "a forged hash"},
         Forge(good, [](Json& j) { j["withheld"][0]["hash"] = std::string(64, 'b'); })},
        {{"fail_wrong_key.json", "signature: does not verify"},
         Forge(good, [&](Json& j) { j["signed"]["public_key"] = key; })},
        {{"fail_digest.json", "bundle: digest does not match"},
         FlipByte(good, good.find("\"rel\"") + 1)},
    };
  }
};

}  // namespace
}  // namespace chancery::testing

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: proof_bundle_writer DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  chancery::testing::Writer writer;
  std::ofstream manifest(dir + "/manifest.tsv", std::ios::binary);
  for (const auto& [entry, bundle] : writer.All()) {
    std::ofstream(dir + "/" + entry.file, std::ios::binary) << bundle << "\n";
    manifest << entry.file << "\t" << entry.expect << "\n";
  }
  return manifest.good() ? 0 : 1;
}
