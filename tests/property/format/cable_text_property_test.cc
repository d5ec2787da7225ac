// Properties of the cable text format (docs/format/cable-text.md §9): over the domain generated
// by GenCable(), parsing a rendering gives the cable back, and rendering is canonical.
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/format/cable_text.h"
#include "chancery/model/cable.h"

#include "support/cable_gen.h"
#include "support/rc_check.h"

namespace chancery::format {
namespace {

// At least 1,000 cases per property regardless of RC_PARAMS.
template <typename F>
void CheckProperty(const std::string& name, F property) {
  testing::CheckProperty("CableTextProperty/" + name, property, 1000);
}

TEST(CableTextProperty, GeneratedCablesAreValid) {
  CheckProperty("valid", [] {
    const model::Cable cable = *testing::GenCable();
    RC_ASSERT(model::Validate(cable).ok());
  });
}

TEST(CableTextProperty, ParseOfRenderIsIdentity) {
  CheckProperty("round trip", [] {
    const model::Cable cable = *testing::GenCable();
    const std::string text = RenderCableText(cable);
    const Result<model::Cable> parsed = ParseCableText(text, "gen.cable");
    RC_ASSERT(parsed.ok());
    RC_ASSERT(*parsed == cable);
  });
}

TEST(CableTextProperty, RenderingIsCanonical) {
  CheckProperty("canonical", [] {
    const std::string text = RenderCableText(*testing::GenCable());
    const Result<model::Cable> parsed = ParseCableText(text);
    RC_ASSERT(parsed.ok());
    RC_ASSERT(RenderCableText(*parsed) == text);
  });
}

TEST(CableTextProperty, ParsedCableWithIdPassesValidate) {
  CheckProperty("validate", [] {
    const Result<model::Cable> parsed = ParseCableText(RenderCableText(*testing::GenCable()));
    RC_ASSERT(parsed.ok());
    RC_ASSERT(model::Validate(*parsed).ok());
  });
}

RC_GTEST_PROP(CableTextProperty, LabelBannerRoundTripsThroughPortionMark, ()) {
  model::Cable cable;
  cable.body.push_back({"text", *testing::GenLabel()});
  const Result<model::Cable> parsed = ParseCableText(RenderCableText(cable));
  RC_ASSERT(parsed.ok());
  RC_ASSERT(parsed->body == cable.body);
}

}  // namespace
}  // namespace chancery::format
