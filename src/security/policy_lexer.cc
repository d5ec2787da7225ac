// Tokenizer of the policy file (docs/format/policy.md §1-§2).
#include "security/policy_lexer_internal.h"

namespace chancery::security::internal {
namespace {

bool IsControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
}

bool IsWordByte(char c) {
  return c != ' ' && c != '\t' && c != ',' && c != '"' && c != '#' && !IsControl(c);
}

// Reads the string starting at line[*pos] == '"' (§2.2); advances *pos past the closing quote.
bool ReadQuoted(std::string_view line, size_t* pos, std::vector<Token>* tokens, LexError* error) {
  const size_t start = *pos;
  std::string text;
  for (size_t i = start + 1; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      tokens->push_back({TokenKind::kString, std::move(text), start + 1});
      *pos = i + 1;
      return true;
    }
    if (c == '\\') {
      if (i + 1 >= line.size() || (line[i + 1] != '"' && line[i + 1] != '\\')) {
        *error = {i + 1, "bad escape in quoted name (only \\\" and \\\\)"};
        return false;
      }
      ++i;
      text += line[i];
      continue;
    }
    if (IsControl(c) && c != '\t') {
      *error = {i + 1, "control character in quoted name"};
      return false;
    }
    text += c;
  }
  *error = {start + 1, "unterminated quoted name"};
  return false;
}

}  // namespace

bool TokenizePolicyLine(std::string_view line, std::vector<Token>* tokens, LexError* error) {
  tokens->clear();
  size_t pos = 0;
  while (pos < line.size()) {
    const char c = line[pos];
    if (c == ' ' || c == '\t') {
      ++pos;
    } else if (c == '#') {
      break;
    } else if (c == ',') {
      tokens->push_back({TokenKind::kComma, ",", pos + 1});
      ++pos;
    } else if (c == '"') {
      if (!ReadQuoted(line, &pos, tokens, error)) {
        return false;
      }
    } else if (IsControl(c)) {
      *error = {pos + 1, "control character"};
      return false;
    } else {
      const size_t start = pos;
      while (pos < line.size() && IsWordByte(line[pos])) {
        ++pos;
      }
      tokens->push_back(
          {TokenKind::kWord, std::string(line.substr(start, pos - start)), start + 1});
    }
  }
  return true;
}

bool ParseDuration(std::string_view text, int64_t* seconds) {
  if (text.size() < 2 || text.size() > 8) {
    return false;
  }
  int64_t value = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return false;
  }
  if (value <= 0 || value * unit > 366 * 86400) {
    return false;
  }
  *seconds = value * unit;
  return true;
}

}  // namespace chancery::security::internal
