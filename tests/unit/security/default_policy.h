// The default policy for security tests, parsed once.
#pragma once

#include <gtest/gtest.h>

#include "chancery/security/policy.h"

namespace chancery::security::testing {

// The parsed policy/default.policy; a test fails (and gets an empty policy) if it does not parse.
inline const Policy& DefaultPolicy() {
  static const Policy* const kPolicy = [] {
    Result<Policy> parsed = ParsePolicy(DefaultPolicyText(), "default.policy");
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return new Policy(parsed.ok() ? *parsed : Policy{});
  }();
  return *kPolicy;
}

}  // namespace chancery::security::testing
