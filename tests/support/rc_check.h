// CheckProperty: runs a rapidcheck property with at least `min_cases` cases whatever RC_PARAMS
// says (RC_PARAMS may raise the count, and sets the seed), reporting a failure through GoogleTest
// with rapidcheck's counterexample. For properties whose case count is part of their contract.
#pragma once

#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>

namespace chancery::testing {

template <typename F>
void CheckProperty(const std::string& id, F property, int min_cases = 1000) {
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
