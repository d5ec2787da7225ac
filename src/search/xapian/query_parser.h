// The reading-room query language (docs/search.md "Query language"): a lexer and a recursive
// descent parser from query text to a small syntax tree. Pure: no Xapian, no I/O; the query
// builder turns the tree into a Xapian::Query. Internal to the Xapian adapter.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"

namespace chancery::search::internal {

struct QueryNode {
  enum class Kind : int8_t {
    kAll,     // every document (the left side of a leading NOT)
    kTerm,    // a word or "phrase", optionally under a field prefix
    kAnd,     // all children
    kOr,      // any child
    kAndNot,  // children[0] and not children[1]
  };
  Kind kind = Kind::kAll;
  std::string field;    // kTerm: "" (free text) or a known field name such as "ref"
  std::string text;     // kTerm: the word, or the phrase without its quotes
  bool phrase = false;  // kTerm: quoted
  size_t column = 0;    // 1-based byte column where the node starts
  std::vector<QueryNode> children;
};

// The field names the parser accepts before ':'.
bool IsQueryField(std::string_view name);

// Parses `text`. Blank text gives a kAll node. Errors: kInvalidArgument
// "query:1:<column>: <problem>" (column 1-based, in bytes) for unbalanced parentheses,
// unterminated quotes, operators missing an operand, empty parentheses or field values, unknown
// fields, parentheses nested deeper than 32, and more than kMaxQueryTerms terms; "query: longer
// than 1024 bytes" past kMaxQueryBytes.
Result<QueryNode> ParseQueryText(std::string_view text);

}  // namespace chancery::search::internal
