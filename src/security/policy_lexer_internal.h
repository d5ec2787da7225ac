// Tokenizer of the policy file (docs/format/policy.md §1-§2), private to src/security.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::security::internal {

// docs/format/policy.md §2: a token is a bare word, a quoted string or a comma.
enum class TokenKind : int8_t { kWord, kString, kComma };

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string text;   // a string's text without quotes and escapes
  size_t column = 0;  // 1-based byte column of the token's first byte
};

// A tokenizer error: the 1-based byte column and a lower-case message.
struct LexError {
  size_t column = 0;
  std::string message;
};

// Splits one line (without its line ending) into tokens, dropping a trailing comment. Returns
// true and fills `tokens` (cleared first) on success; false and fills `error` on an unterminated
// string, a bad escape or a control character.
bool TokenizePolicyLine(std::string_view line, std::vector<Token>* tokens, LexError* error);

// "90s", "10m", "3h", "2d": a positive whole number and a unit, at most 366 days. False otherwise.
bool ParseDuration(std::string_view text, int64_t* seconds);

}  // namespace chancery::security::internal
