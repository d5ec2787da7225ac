#include "search/xapian/xapian_error.h"

#include <string>

namespace chancery::search::internal {
namespace {

// Xapian::Error is not polymorphic in 1.4, so the class is told by its type name.
StatusCode CodeFor(const Xapian::Error& error) {
  std::string_view type = error.get_type();
  if (type == "QueryParserError" || type == "InvalidArgumentError") {
    return StatusCode::kInvalidArgument;
  }
  if (type == "DatabaseCorruptError" || type == "DatabaseVersionError" ||
      type == "SerialisationError") {
    return StatusCode::kCorruption;
  }
  return StatusCode::kIoError;
}

}  // namespace

Status FromXapianError(const Xapian::Error& error, std::string_view context) {
  std::string message(context);
  message.append(": xapian ");
  message.append(error.get_type());
  message.append(": ");
  message.append(error.get_msg());
  if (!error.get_context().empty()) {
    message.append(" (" + error.get_context() + ")");
  }
  return Status(CodeFor(error), message);
}

}  // namespace chancery::search::internal
