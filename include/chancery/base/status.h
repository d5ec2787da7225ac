// Status is the outcome of an operation: OK, or a closed error code with a message.
//
// Our code does not throw (STYLE.md §3.2). A Status is cheap to copy when OK (no allocation).
// Messages are lower case, have no trailing period and name the id involved; parser errors carry
// "file:line:column". Status is a value type and safe to use from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace chancery {

// A closed set of error codes. Caller errors: kInvalidArgument, kFailedPrecondition. Runtime
// errors: kNotFound .. kUnavailable. Bugs: kInternal. No HTTP numbers here: the server maps them.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument,
  kFailedPrecondition,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kPermissionDenied,
  kUnauthenticated,
  kCorruption,
  kIoError,
  kUnavailable,
  kInternal,
};

// Returns the stable lower-case name of `code` ("not found", "corruption", ...).
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string_view message);

  static Status Ok() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ == nullptr ? StatusCode::kOk : rep_->code; }
  // Empty when ok().
  std::string_view message() const;
  // "ok" or "<code name>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message();
  }

 private:
  struct Rep {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const Rep> rep_;
};

inline Status InvalidArgument(std::string_view m) { return {StatusCode::kInvalidArgument, m}; }
inline Status FailedPrecondition(std::string_view m) {
  return {StatusCode::kFailedPrecondition, m};
}
inline Status NotFound(std::string_view m) { return {StatusCode::kNotFound, m}; }
inline Status AlreadyExists(std::string_view m) { return {StatusCode::kAlreadyExists, m}; }
inline Status Conflict(std::string_view m) { return {StatusCode::kConflict, m}; }
inline Status PermissionDenied(std::string_view m) { return {StatusCode::kPermissionDenied, m}; }
inline Status Unauthenticated(std::string_view m) { return {StatusCode::kUnauthenticated, m}; }
inline Status Corruption(std::string_view m) { return {StatusCode::kCorruption, m}; }
inline Status IoError(std::string_view m) { return {StatusCode::kIoError, m}; }
inline Status Unavailable(std::string_view m) { return {StatusCode::kUnavailable, m}; }
inline Status Internal(std::string_view m) { return {StatusCode::kInternal, m}; }

}  // namespace chancery
