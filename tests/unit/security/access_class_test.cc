// AccessClass::Key and FromKey (docs/security.md §6).
#include <string>

#include <gtest/gtest.h>

#include "chancery/security/decide.h"

namespace chancery::security {
namespace {

AccessClass Sample() {
  AccessClass access;
  access.label = {"TOP SECRET", {"INTERNAL RESEARCH", "NODIS"}, {"ALLIED PARTIES", "USA"}};
  access.offices = {"DIVISION ONE", "EMBASSY, ARCADIA|SOUTH\\"};
  return access;
}

TEST(AccessClassKey, IsVersionedAndEscaped) {
  EXPECT_EQ(Sample().Key(),
            "v1|TOP SECRET|INTERNAL RESEARCH,NODIS|REL:ALLIED PARTIES,USA|"
            "NTK:DIVISION ONE,EMBASSY\\, ARCADIA\\|SOUTH\\\\");
}

TEST(AccessClassKey, EmptyClassHasEmptyFields) {
  EXPECT_EQ(AccessClass{}.Key(), "v1|||REL:|NTK:");
}

TEST(AccessClassKey, FromKeyInvertsKey) {
  Result<AccessClass> back = AccessClass::FromKey(Sample().Key());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
  EXPECT_EQ(back->Key(), Sample().Key());
}

TEST(AccessClassKey, MalformedKeysAreCorruption) {
  for (const char* key : {"", "v2|S||REL:|NTK:", "v1|S||REL:", "v1|S|A,,B|REL:|NTK:",
                          "v1|S|A\\x|REL:|NTK:", "v1|S||NTK:|REL:", "v1|S||REL:|NTK:A\\"}) {
    Result<AccessClass> parsed = AccessClass::FromKey(key);
    ASSERT_FALSE(parsed.ok()) << key;
    EXPECT_EQ(parsed.status().code(), StatusCode::kCorruption) << key;
  }
}

TEST(AccessClassKey, ErrorNamesTheKey) {
  Result<AccessClass> parsed = AccessClass::FromKey("v9|x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "bad access class key \"v9|x\": expected 5 fields");
}

}  // namespace
}  // namespace chancery::security
