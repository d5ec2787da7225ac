// A structural check of query text before Xapian parses it. Xapian's QueryParser quietly
// re-parses some malformed queries without operators ("(foo" becomes "foo"), which would hide
// the user's mistake; this check rejects them with the column of the problem instead.
#pragma once

#include <string_view>

#include "chancery/base/status.h"

namespace chancery::search::internal {

// OK if `text` has balanced parentheses (outside quotes), terminated quotes, and every boolean
// operator (AND, OR, XOR, NOT; upper case, as Xapian reads them) has an operand on each side
// ("AND NOT" counts as one operator). Errors: kInvalidArgument
// "malformed query at column N: <problem>", N counting bytes from 1.
Status CheckQuerySyntax(std::string_view text);

}  // namespace chancery::search::internal
