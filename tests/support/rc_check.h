// CheckProperty: runs a rapidcheck property with at least `min_cases` cases whatever RC_PARAMS
// says (RC_PARAMS may raise the count, and sets the seed), reporting a failure through GoogleTest
// with rapidcheck's counterexample. For properties whose case count is part of their contract.
//
// Under AddressSanitizer (.ci/run's second pass) the floor is a tenth: a case there costs 10 to 45
// times more (GuessTest's 1,000 bundles took 1.7 s plain and 78 s instrumented), and that pass
// looks for memory errors along the same paths; the count in the contract is the plain build's,
// which runs every `make test`. The same rule as the no-leak properties' CMake case counts.
#pragma once

#include <algorithm>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>

namespace chancery::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr int kSanitizedCaseDivisor = 10;
#else
inline constexpr int kSanitizedCaseDivisor = 1;
#endif

template <typename F>
void CheckProperty(const std::string& id, F property, int min_cases = 1000) {
  min_cases = std::max(1, min_cases / kSanitizedCaseDivisor);
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  if (params.maxSuccess < min_cases) {
    params.maxSuccess = min_cases;
  }
  rc::detail::TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  const auto result = rc::detail::checkTestable(property, metadata, params);
  std::ostringstream report;
  rc::detail::printResultMessage(result, report);
  EXPECT_TRUE(result.template is<rc::detail::SuccessResult>()) << id << "\n" << report.str();
}

}  // namespace chancery::testing
