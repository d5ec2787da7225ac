#include "search/xapian/query_parser.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "chancery/search/search_index.h"

namespace chancery::search::internal {
namespace {

constexpr int kMaxDepth = 32;
constexpr std::array<std::string_view, 13> kFields = {"title",  "from", "to",     "person", "place",
                                                      "serial", "ref",  "class",  "prec",   "type",
                                                      "vol",    "lang", "subject"};

enum class Tok : int8_t { kEnd, kWord, kPhrase, kField, kOpen, kClose, kAnd, kOr, kNot, kPlus };

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;  // word, phrase contents, field name or operator
  size_t column = 0;      // 1-based
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool EndsWord(char c) {
  return IsSpace(c) || c == '(' || c == ')' || c == '"';
}

Status Malformed(size_t column, std::string_view problem) {
  return InvalidArgument("query:1:" + std::to_string(column) + ": " + std::string(problem));
}

std::string_view OperatorName(Tok kind) {
  return kind == Tok::kAnd ? "AND" : kind == Tok::kOr ? "OR" : "NOT";
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Splits the whole text into tokens, ending with one kEnd token.
  Status Run(std::vector<Token>* tokens) {
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) {
        ++pos_;
      }
      if (pos_ >= text_.size()) {
        tokens->push_back({Tok::kEnd, {}, text_.size() + 1});
        return Status::Ok();
      }
      CHANCERY_RETURN_IF_ERROR(Next(tokens));
    }
  }

 private:
  Status Next(std::vector<Token>* tokens) {
    const size_t start = pos_;
    const char c = text_[pos_];
    if (c == '(' || c == ')') {
      ++pos_;
      tokens->push_back({c == '(' ? Tok::kOpen : Tok::kClose, text_.substr(start, 1), start + 1});
      return Status::Ok();
    }
    if (c == '"') {
      size_t close = text_.find('"', start + 1);
      if (close == std::string_view::npos) {
        return Malformed(start + 1, "unterminated quote");
      }
      pos_ = close + 1;
      tokens->push_back({Tok::kPhrase, text_.substr(start + 1, close - start - 1), start + 1});
      return Status::Ok();
    }
    if ((c == '-' || c == '+') && pos_ + 1 < text_.size() && !EndsWord(text_[pos_ + 1])) {
      ++pos_;
      tokens->push_back({c == '-' ? Tok::kNot : Tok::kPlus, text_.substr(start, 1), start + 1});
      return Status::Ok();
    }
    return Word(tokens);
  }

  // A field prefix "name:" (followed by a value) or a word, which may be an operator.
  Status Word(std::vector<Token>* tokens) {
    const size_t start = pos_;
    size_t end = start;
    while (end < text_.size() && IsAsciiLetter(text_[end])) {
      ++end;
    }
    if (end > start && end < text_.size() && text_[end] == ':') {
      std::string_view name = text_.substr(start, end - start);
      if (end + 1 >= text_.size() || IsSpace(text_[end + 1]) || text_[end + 1] == ')') {
        return Malformed(start + 1, std::string(name) + ": has no value");
      }
      if (!IsQueryField(name)) {
        return Malformed(start + 1, "unknown field '" + std::string(name) + "'");
      }
      pos_ = end + 1;
      tokens->push_back({Tok::kField, name, start + 1});
      return Status::Ok();
    }
    while (pos_ < text_.size() && !EndsWord(text_[pos_])) {
      ++pos_;
    }
    std::string_view word = text_.substr(start, pos_ - start);
    Tok kind = word == "AND"   ? Tok::kAnd
               : word == "OR"  ? Tok::kOr
               : word == "NOT" ? Tok::kNot
                               : Tok::kWord;
    tokens->push_back({kind, word, start + 1});
    return Status::Ok();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

size_t CountWords(std::string_view text) {
  size_t count = 0;
  bool in_word = false;
  for (char c : text) {
    if (!IsSpace(c) && !in_word) {
      ++count;
    }
    in_word = !IsSpace(c);
  }
  return std::max<size_t>(count, 1);
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<QueryNode> ParseAll() {
    CHANCERY_ASSIGN_OR_RETURN(QueryNode root, ParseOr(0, ""));
    if (Peek().kind != Tok::kEnd) {
      return Malformed(Peek().column, "unbalanced parenthesis");  // only ')' stops ParseOr
    }
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[next_]; }

  const Token& Take() { return tokens_[next_++]; }

  static bool EndsOperand(Tok kind) {
    return kind == Tok::kEnd || kind == Tok::kClose || kind == Tok::kOr || kind == Tok::kAnd;
  }

  // or := and ("OR" and)*
  Result<QueryNode> ParseOr(int depth, std::string_view field) {
    CHANCERY_ASSIGN_OR_RETURN(QueryNode first, ParseAnd(depth, field));
    if (Peek().kind != Tok::kOr) {
      return first;
    }
    QueryNode node{QueryNode::Kind::kOr, "", "", false, first.column, {}};
    node.children.push_back(std::move(first));
    while (Peek().kind == Tok::kOr) {
      const Token& op = Take();
      if (Peek().kind == Tok::kEnd || Peek().kind == Tok::kClose) {
        return Malformed(op.column, "OR has no right operand");
      }
      CHANCERY_ASSIGN_OR_RETURN(QueryNode next, ParseAnd(depth, field));
      node.children.push_back(std::move(next));
    }
    return node;
  }

  // and := clause (["AND"] clause)*, clause := ["NOT" | "-" | "+"] primary
  Result<QueryNode> ParseAnd(int depth, std::string_view field) {
    std::vector<QueryNode> positives;
    std::vector<QueryNode> negatives;
    const size_t column = Peek().column;
    while (true) {
      const Token& token = Peek();
      if (token.kind == Tok::kEnd || token.kind == Tok::kClose || token.kind == Tok::kOr) {
        break;
      }
      CHANCERY_RETURN_IF_ERROR(ExpectLeftOperand(positives.size() + negatives.size()));
      bool negate = false;
      if (Peek().kind == Tok::kNot || Peek().kind == Tok::kPlus) {
        const Token& op = Take();
        negate = op.kind == Tok::kNot;
        if (EndsOperand(Peek().kind) || Peek().kind == Tok::kNot) {
          return Malformed(op.column, std::string(op.text) + " has no right operand");
        }
      }
      CHANCERY_ASSIGN_OR_RETURN(QueryNode clause, ParsePrimary(depth, field));
      (negate ? negatives : positives).push_back(std::move(clause));
    }
    if (positives.empty() && negatives.empty()) {
      const Token& token = Peek();
      return token.kind == Tok::kOr ? Malformed(token.column, "OR has no left operand")
                                    : Malformed(token.column, "unbalanced parenthesis");
    }
    return Combine(column, std::move(positives), std::move(negatives));
  }

  // Consumes an "AND" between clauses, checking it has operands on both sides.
  Status ExpectLeftOperand(size_t clauses_so_far) {
    if (Peek().kind != Tok::kAnd) {
      return Status::Ok();
    }
    const Token& op = Take();
    if (clauses_so_far == 0) {
      return Malformed(op.column, "AND has no left operand");
    }
    const Token& next = Peek();
    if (next.kind == Tok::kEnd || next.kind == Tok::kClose) {
      return Malformed(op.column, "AND has no right operand");
    }
    if (next.kind == Tok::kOr || next.kind == Tok::kAnd) {
      return Malformed(next.column, std::string(OperatorName(next.kind)) + " has no left operand");
    }
    return Status::Ok();
  }

  static QueryNode Combine(size_t column, std::vector<QueryNode> positives,
                           std::vector<QueryNode> negatives) {
    QueryNode left{QueryNode::Kind::kAll, "", "", false, column, {}};
    if (positives.size() == 1) {
      left = std::move(positives.front());
    } else if (!positives.empty()) {
      left.kind = QueryNode::Kind::kAnd;
      left.children = std::move(positives);
    }
    if (negatives.empty()) {
      return left;
    }
    QueryNode right{QueryNode::Kind::kOr, "", "", false, negatives.front().column, {}};
    if (negatives.size() == 1) {
      right = std::move(negatives.front());
    } else {
      right.children = std::move(negatives);
    }
    QueryNode node{QueryNode::Kind::kAndNot, "", "", false, column, {}};
    node.children.push_back(std::move(left));
    node.children.push_back(std::move(right));
    return node;
  }

  // primary := "(" or ")" | field ":" (word | phrase | "(" or ")") | word | phrase
  Result<QueryNode> ParsePrimary(int depth, std::string_view field) {
    const Token& token = Take();
    switch (token.kind) {
      case Tok::kOpen:
        return ParseGroup(token, depth, field);
      case Tok::kField: {
        if (Peek().kind == Tok::kOpen) {
          return ParseGroup(Take(), depth, token.text);
        }
        if (Peek().kind != Tok::kWord && Peek().kind != Tok::kPhrase) {
          return Malformed(token.column, std::string(token.text) + ": has no value");
        }
        return ParseTerm(Take(), token.text, token.column);
      }
      case Tok::kWord:
      case Tok::kPhrase:
        return ParseTerm(token, field, token.column);
      default:
        return Malformed(token.column, "unexpected '" + std::string(token.text) + "'");
    }
  }

  Result<QueryNode> ParseGroup(const Token& open, int depth, std::string_view field) {
    if (depth >= kMaxDepth) {
      return Malformed(open.column, "parentheses nested deeper than 32");
    }
    if (Peek().kind == Tok::kClose) {
      return Malformed(open.column, "empty parentheses");
    }
    if (Peek().kind == Tok::kEnd) {
      return Malformed(open.column, "unbalanced parenthesis");
    }
    CHANCERY_ASSIGN_OR_RETURN(QueryNode inner, ParseOr(depth + 1, field));
    if (Peek().kind != Tok::kClose) {
      return Malformed(open.column, "unbalanced parenthesis");
    }
    Take();
    return inner;
  }

  Result<QueryNode> ParseTerm(const Token& token, std::string_view field, size_t column) {
    terms_ += token.kind == Tok::kPhrase ? CountWords(token.text) : 1;
    if (terms_ > kMaxQueryTerms) {
      return Malformed(token.column, "more than " + std::to_string(kMaxQueryTerms) + " terms");
    }
    if (token.kind == Tok::kPhrase &&
        token.text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return Malformed(token.column, "empty phrase");
    }
    return QueryNode{QueryNode::Kind::kTerm,
                     std::string(field),
                     std::string(token.text),
                     token.kind == Tok::kPhrase,
                     column,
                     {}};
  }

  std::vector<Token> tokens_;
  size_t next_ = 0;
  size_t terms_ = 0;
};

}  // namespace

bool IsQueryField(std::string_view name) {
  return std::find(kFields.begin(), kFields.end(), name) != kFields.end();
}

Result<QueryNode> ParseQueryText(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return InvalidArgument("query: longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  std::vector<Token> tokens;
  CHANCERY_RETURN_IF_ERROR(Lexer(text).Run(&tokens));
  if (tokens.size() == 1) {
    return QueryNode{};  // blank: every document
  }
  return Parser(std::move(tokens)).ParseAll();
}

}  // namespace chancery::search::internal
