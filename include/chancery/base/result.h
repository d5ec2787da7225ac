// Result<T> holds either a T or a non-OK Status: the subset of std::expected<T, Status> that
// g++ 12 and clang 14 both support in C++20 (STYLE.md §3.2, §4).
//
// Propagate errors only with CHANCERY_RETURN_IF_ERROR and CHANCERY_ASSIGN_OR_RETURN.
#pragma once

#include <cstdlib>
#include <optional>
#include <utility>

#include "chancery/base/check.h"
#include "chancery/base/status.h"

namespace chancery {

template <typename T>
class [[nodiscard]] Result {
 public:
  // REQUIRES: !status.ok(). An OK status without a value is a bug and aborts.
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    CHANCERY_CHECK(!status_.ok());
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  bool has_value() const { return value_.has_value(); }
  explicit operator bool() const { return value_.has_value(); }

  // The error; an OK Status when a value is held.
  const Status& status() const { return status_; }
  const Status& error() const { return status_; }

  // REQUIRES: ok().
  T& value() & {
    CHANCERY_CHECK(ok());
    return *value_;
  }
  const T& value() const& {
    CHANCERY_CHECK(ok());
    return *value_;
  }
  T&& value() && {
    CHANCERY_CHECK(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace chancery

#define CHANCERY_CONCAT_INNER_(a, b) a##b
#define CHANCERY_CONCAT_(a, b) CHANCERY_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Status); returns it from the enclosing function if it is not OK.
#define CHANCERY_RETURN_IF_ERROR(expr)                  \
  do {                                                  \
    ::chancery::Status chancery_status_ = (expr);       \
    if (!chancery_status_.ok()) return chancery_status_; \
  } while (false)

#define CHANCERY_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()

// Evaluates `expr` (a Result<T>); on error returns its Status, else assigns the value to `lhs`,
// which may be a declaration (`CHANCERY_ASSIGN_OR_RETURN(auto x, F());`).
#define CHANCERY_ASSIGN_OR_RETURN(lhs, expr) \
  CHANCERY_ASSIGN_OR_RETURN_IMPL_(CHANCERY_CONCAT_(chancery_result_, __LINE__), lhs, expr)
