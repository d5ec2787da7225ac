#include "search/xapian/query_syntax.h"

#include <string>
#include <vector>

#include "chancery/base/result.h"

namespace chancery::search::internal {
namespace {

enum class TokenKind : int8_t { kStart, kOpen, kClose, kOperator, kOperand };

struct Token {
  TokenKind kind = TokenKind::kStart;
  std::string_view text;
  size_t column = 0;  // 1-based
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsOperator(std::string_view word) {
  return word == "AND" || word == "OR" || word == "XOR" || word == "NOT";
}

Status Malformed(size_t column, std::string_view problem) {
  return InvalidArgument("malformed query at column " + std::to_string(column) + ": " +
                         std::string(problem));
}

// Splits `text` into parentheses and words; a quoted phrase belongs to the word it starts in.
Status Tokenize(std::string_view text, std::vector<Token>* tokens) {
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    if (text[i] == '(' || text[i] == ')') {
      tokens->push_back({text[i] == '(' ? TokenKind::kOpen : TokenKind::kClose,
                         text.substr(i, 1), i + 1});
      ++i;
      continue;
    }
    size_t start = i;
    size_t quote_column = 0;
    while (i < text.size() &&
           (quote_column != 0 || (!IsSpace(text[i]) && text[i] != '(' && text[i] != ')'))) {
      if (text[i] == '"') {
        quote_column = quote_column == 0 ? i + 1 : 0;
      }
      ++i;
    }
    if (quote_column != 0) {
      return Malformed(quote_column, "unterminated quote");
    }
    std::string_view word = text.substr(start, i - start);
    tokens->push_back(
        {IsOperator(word) ? TokenKind::kOperator : TokenKind::kOperand, word, start + 1});
  }
  return Status::Ok();
}

bool EndsOperand(TokenKind kind) { return kind == TokenKind::kOperand || kind == TokenKind::kClose; }

}  // namespace

Status CheckQuerySyntax(std::string_view text) {
  std::vector<Token> tokens;
  CHANCERY_RETURN_IF_ERROR(Tokenize(text, &tokens));
  std::vector<size_t> open_columns;
  Token prev;
  for (const Token& token : tokens) {
    switch (token.kind) {
      case TokenKind::kOpen:
        open_columns.push_back(token.column);
        break;
      case TokenKind::kClose:
        if (open_columns.empty()) {
          return Malformed(token.column, "unmatched ')'");
        }
        if (prev.kind == TokenKind::kOperator) {
          return Malformed(prev.column, std::string(prev.text) + " has no right operand");
        }
        open_columns.pop_back();
        break;
      case TokenKind::kOperator: {
        bool and_not = token.text == "NOT" && prev.kind == TokenKind::kOperator &&
                       prev.text == "AND";
        if (!EndsOperand(prev.kind) && !and_not) {
          return Malformed(token.column, std::string(token.text) + " has no left operand");
        }
        break;
      }
      case TokenKind::kStart:
      case TokenKind::kOperand:
        break;
    }
    prev = token;
  }
  if (prev.kind == TokenKind::kOperator) {
    return Malformed(prev.column, std::string(prev.text) + " has no right operand");
  }
  if (!open_columns.empty()) {
    return Malformed(open_columns.back(), "unmatched '('");
  }
  return Status::Ok();
}

}  // namespace chancery::search::internal
