// Nothing in a bundle confirms a guess of withheld text (docs/format/proof.md §7): for a random
// withheld token, no value in the bundle is the SHA-256 of anything built from the token alone,
// and the bundle's text does not contain it.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"

#include "support/rc_check.h"
#include "unit/archive/commitment/proof_fixture.h"

namespace chancery::archive {
namespace {

using Json = nlohmann::json;

class GuessTest : public ::chancery::testing::ProofFixture {};

void CollectStrings(const Json& json, std::set<std::string>* out) {
  if (json.is_string()) {
    out->insert(json.get<std::string>());
  } else if (json.is_structured()) {
    for (const Json& child : json) {
      CollectStrings(child, out);
    }
  }
}

// Hashes a guesser could compute from the token and public facts alone (the pointer, the unit
// index, the rest of the paragraph, the tags of docs/format/proof.md and of desk releases v1).
std::vector<std::string> GuessHashes(const std::string& token, const std::string& paragraph) {
  const std::string pointer = "/body/1/text";
  std::vector<std::string> preimages = {
      token,
      paragraph,
      "chancery-unit-v2\n\n" + pointer + "\n2\n" + token,
      "chancery-unit-v2\n" + std::string(64, '0') + "\n" + pointer + "\n2\n" + token,
      "chancery-unit-v2\n" + token,
      "chancery-leaf\n\n" + token,
      "chancery-leaf\n\n" + paragraph,
  };
  std::vector<std::string> hashes;
  for (const std::string& preimage : preimages) {
    hashes.push_back(audit::Sha256Hex(preimage));
  }
  return hashes;
}

TEST_F(GuessTest, NoBundleValueConfirmsAGuessOfAWithheldToken) {
  testing::CheckProperty(
      "no bundle value confirms a guess",
      [this] {
        const std::string token = *rc::gen::container<std::string>(
            *rc::gen::inRange<size_t>(8, 17),
            rc::gen::elementOf(std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                           "0123456789")));
        model::Cable original = testing::SampleCable();
        original.body[1].text = "Agent " + token + " reported.";
        const std::string bundle =
            Bundle(original, {Withhold("/body/1/text", 2, 3, "[name not declassified]")},
                   Commit(original).value().seed_hex);
        RC_ASSERT(VerifyBundle(bundle).ok);
        RC_ASSERT(bundle.find(token) == std::string::npos);
        std::set<std::string> values;
        CollectStrings(Json::parse(bundle), &values);
        for (const std::string& hash : GuessHashes(token, original.body[1].text)) {
          RC_ASSERT(values.count(hash) == 0);
        }
      },
      1000);
}

}  // namespace
}  // namespace chancery::archive
