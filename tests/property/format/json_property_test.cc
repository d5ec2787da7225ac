// Properties of the JSON form (docs/format/json.md): over GenCable(), reading what was written
// gives the cable back, in compact, pretty and JSON Lines form, and writing is canonical.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/format/json.h"
#include "chancery/model/cable.h"

#include "support/cable_gen.h"
#include "support/rc_check.h"

namespace chancery::format {
namespace {

// At least 1,000 cases per property regardless of RC_PARAMS.
template <typename F>
void CheckProperty(const std::string& name, F property) {
  testing::CheckProperty("JsonProperty/" + name, property, 1000);
}

TEST(JsonProperty, CompactJsonRoundTrips) {
  CheckProperty("compact", [] {
    const model::Cable cable = *testing::GenCable();
    const Result<model::Cable> back = CableFromJson(CableToJson(cable));
    RC_ASSERT(back.ok());
    RC_ASSERT(*back == cable);
  });
}

TEST(JsonProperty, PrettyJsonRoundTrips) {
  CheckProperty("pretty", [] {
    const model::Cable cable = *testing::GenCable();
    const Result<model::Cable> back = CableFromJson(CableToJson(cable, 2));
    RC_ASSERT(back.ok());
    RC_ASSERT(*back == cable);
  });
}

TEST(JsonProperty, WritingIsCanonical) {
  CheckProperty("canonical", [] {
    const std::string json = CableToJson(*testing::GenCable());
    RC_ASSERT(CableToJson(CableFromJson(json).value()) == json);
  });
}

TEST(JsonProperty, JsonLinesRoundTrips) {
  CheckProperty("jsonl", [] {
    const auto cables =
        *rc::gen::resize(3, rc::gen::container<std::vector<model::Cable>>(testing::GenCable()));
    std::string text;
    for (const model::Cable& c : cables) {
      text += CableToJson(c) + "\n";
    }
    const Result<std::vector<model::Cable>> back = CablesFromJsonLines(text, "p.jsonl");
    RC_ASSERT(back.ok());
    RC_ASSERT(*back == cables);
  });
}

}  // namespace
}  // namespace chancery::format
