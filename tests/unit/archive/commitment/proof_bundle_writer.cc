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
  std::string expect;  // "OK" or a substring of the one failure
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
                                           "[1 paragraph not declassified]")});
}

class Writer : public ProofMaker {
 public:
  std::vector<std::pair<Entry, std::string>> All() {
    const std::string good = StandardBundle();
    const std::string key = other_.public_key_hex();
    return {
        {{"ok_sample.json", "OK"}, good},
        {{"ok_seed.json", "OK"}, SeedBundle(*this)},
        {{"ok_nothing_withheld.json", "OK"}, Bundle(SampleCable(), {})},
        {{"ok_cjk.json", "OK"},
         Bundle(SampleCable(), {Withhold("/body/2/text", 1, 3, "[2 characters]")})},
        {{"fail_changed_word.json", "a changed word: field /body/0/text: unit 2"},
         Forge(good,
               [](Json& j) {
                 j["published"]["body"][0]["text"] =
                     "Chairman Liu received Ambassador Chervonenko on 9 March.";
               })},
        {{"fail_changed_word_in_proof.json", "commitment: the disclosed units"},
         Forge(good,
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
         Forge(good,
               [](Json& j) {
                 j["published"]["body"][1]["text"] =
                     "The source [name not declassified]in Hanoi, , reports troop movements.";
               })},
        {{"fail_removed_marker.json", "a removed marker: field /approvals/1/name"},
         Forge(good, [](Json& j) { j["published"]["approvals"][1]["name"] = ""; })},
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
