#include "chancery/base/status.h"

#include <gtest/gtest.h>

#include "chancery/base/result.h"

namespace chancery {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) {
    return InvalidArgument("odd value " + std::to_string(x));
  }
  return x / 2;
}

Result<int> Quarter(int x) {
  CHANCERY_ASSIGN_OR_RETURN(int half, Half(x));
  CHANCERY_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(Status, ErrorCarriesCodeAndMessage) {
  Status s = NotFound("record x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not found: record x");
}

TEST(Status, WithContextPrefixesMessage) {
  EXPECT_EQ(Corruption("bad").WithContext("a.cable:1:2").message(), "a.cable:1:2: bad");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

TEST(Result, AssignOrReturnPropagatesFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd value 3");
}

}  // namespace
}  // namespace chancery
