// ParsePolicy: the policy file grammar of docs/format/policy.md.
#include <charconv>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/security/policy.h"

#include "security/policy_lexer_internal.h"

namespace chancery::security {
namespace {

using internal::Token;
using internal::TokenKind;

// A reference to a level resolved once the whole file is read (forward references are allowed).
struct LevelRef {
  std::string name;
  size_t line = 0;
  size_t column = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view filename)
      : filename_(filename.empty() ? std::string_view("<policy>") : filename) {}

  Result<Policy> Run(std::string_view text);

 private:
  Status Error(size_t column, std::string_view message) const {
    return Error(line_, column, message);
  }

  Status Error(size_t line, size_t column, std::string_view message) const {
    return Corruption(std::string(filename_) + ":" + std::to_string(line) + ":" +
                      std::to_string(column) + ": " + std::string(message));
  }

  Status Tokenize(std::string_view line);
  Status ParseLine();
  Status ParsePolicyId();
  Status ParseLevel();
  Status ParseCategory();
  Status ParseGroup();
  Status ParsePrecedence();
  Status ParseHandling();
  Status ParseLevelRef(std::optional<LevelRef>* ref, std::string_view directive);
  // "user-changes two-person|security-officer|single", "portion-above-label raise|refuse".
  Status ParseUserChanges();
  Status ParsePortionRule();
  Status ParseAuditReads();
  // The archive's review rules (§7e): review-after, exemption, review-concurrence,
  // redaction-markers.
  Status ParseReviewAfter();
  Status ParseExemption();
  Status ParseReviewConcurrence();
  Status ParseRedactionMarkers();
  Result<std::string> TakeQuoted(std::string_view what);
  // The next word, which must be one of `choices`; its index.
  Result<size_t> TakeChoice(std::string_view directive,
                            std::initializer_list<std::string_view> choices);
  Status Resolve(size_t end_line);

  // Token cursor over the current line.
  const Token* Peek() const { return next_ < tokens_.size() ? &tokens_[next_] : nullptr; }

  size_t EndColumn() const { return line_text_.size() + 1; }

  bool AtEnd() const { return next_ >= tokens_.size(); }

  bool NextIsWord(std::string_view word) const {
    return !AtEnd() && tokens_[next_].kind == TokenKind::kWord && tokens_[next_].text == word;
  }

  Result<std::string> TakeName(std::string_view what);
  Result<std::vector<std::string>> TakeNameList(std::string_view what);
  Status ExpectEnd() const;
  // Registers a level, category or group name; all three share one namespace (§3).
  Status Define(const std::string& name, size_t column);

  std::string_view filename_;
  size_t line_ = 0;
  std::string_view line_text_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  std::map<std::string, std::pair<size_t, size_t>> names_;  // name -> (line, column)
  std::map<int32_t, std::string> ranks_;
  std::map<std::string, std::pair<size_t, size_t>> words_;  // precedence words
  bool have_id_ = false;
  bool seen_user_changes_ = false;
  bool seen_portion_rule_ = false;
  bool seen_audit_reads_ = false;
  std::optional<LevelRef> public_ref_;
  std::optional<LevelRef> ntk_ref_;
  std::optional<LevelRef> concurrence_ref_;
  std::vector<std::pair<LevelRef, int64_t>> review_after_;
  bool seen_markers_ = false;
  Policy policy_;
};

Status Parser::Tokenize(std::string_view line) {
  next_ = 0;
  internal::LexError error;
  if (!internal::TokenizePolicyLine(line, &tokens_, &error)) {
    return Error(error.column, error.message);
  }
  return Status::Ok();
}

Result<std::string> Parser::TakeName(std::string_view what) {
  const Token* t = Peek();
  if (t == nullptr || t->kind == TokenKind::kComma) {
    return Error(t == nullptr ? EndColumn() : t->column, "expected " + std::string(what));
  }
  ++next_;
  const std::string name = AsciiUpper(t->text);
  if (name.empty() || Trim(name).size() != name.size()) {
    return Error(t->column, std::string(what) + " is empty or has leading or trailing space");
  }
  if (name.find_first_of("/;,") != std::string::npos) {
    return Error(t->column, std::string(what) + " \"" + name + "\" contains '/', ';' or ','");
  }
  return name;
}

Result<std::vector<std::string>> Parser::TakeNameList(std::string_view what) {
  std::vector<std::string> names;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::string name, TakeName(what));
    names.push_back(std::move(name));
    if (AtEnd() || tokens_[next_].kind != TokenKind::kComma) {
      return names;
    }
    ++next_;
  }
}

Status Parser::ExpectEnd() const {
  if (AtEnd()) {
    return Status::Ok();
  }
  return Error(tokens_[next_].column, "unexpected \"" + tokens_[next_].text + "\"");
}

Status Parser::Define(const std::string& name, size_t column) {
  auto [it, inserted] = names_.emplace(name, std::make_pair(line_, column));
  if (!inserted) {
    return Error(column, "duplicate name \"" + name + "\" (first defined at " +
                             std::to_string(it->second.first) + ":" +
                             std::to_string(it->second.second) + ")");
  }
  return Status::Ok();
}

Status Parser::ParsePolicyId() {
  const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
  if (have_id_) {
    return Error(column, "duplicate policy directive");
  }
  CHANCERY_RETURN_IF_ERROR(TakeName("policy id").status());
  have_id_ = true;
  // The id keeps its spelling: it names the policy, not a marking.
  policy_.id = tokens_[next_ - 1].text;
  return ExpectEnd();
}

// docs/format/policy.md §4.
Status Parser::ParseLevel() {
  LevelDef def;
  const size_t name_column = AtEnd() ? EndColumn() : tokens_[next_].column;
  CHANCERY_ASSIGN_OR_RETURN(def.name, TakeName("level name"));
  CHANCERY_RETURN_IF_ERROR(Define(def.name, name_column));
  const Token* rank = Peek();
  if (rank == nullptr || rank->kind != TokenKind::kWord) {
    return Error(rank == nullptr ? EndColumn() : rank->column, "expected level rank");
  }
  const char* first = rank->text.data();
  const char* last = first + rank->text.size();
  auto [ptr, ec] = std::from_chars(first, last, def.rank);
  if (ec != std::errc() || ptr != last || def.rank < 0 || rank->text[0] == '+') {
    return Error(rank->column, "bad level rank \"" + rank->text + "\" (0 to 2147483647)");
  }
  auto [it, inserted] = ranks_.emplace(def.rank, def.name);
  if (!inserted) {
    return Error(rank->column, "duplicate level rank " + rank->text + " (also " + it->second + ")");
  }
  ++next_;
  if (NextIsWord("alias")) {
    ++next_;
    const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
    CHANCERY_ASSIGN_OR_RETURN(def.aliases, TakeNameList("alias"));
    for (const std::string& alias : def.aliases) {
      CHANCERY_RETURN_IF_ERROR(Define(alias, column));
    }
  }
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  policy_.levels.push_back(std::move(def));
  return Status::Ok();
}

// docs/format/policy.md §5.
Status Parser::ParseCategory() {
  CategoryDef def;
  const size_t name_column = AtEnd() ? EndColumn() : tokens_[next_].column;
  CHANCERY_ASSIGN_OR_RETURN(def.name, TakeName("category name"));
  CHANCERY_RETURN_IF_ERROR(Define(def.name, name_column));
  if (NextIsWord("restrictive")) {
    def.kind = CategoryKind::kRestrictive;
  } else if (NextIsWord("permissive")) {
    def.kind = CategoryKind::kPermissive;
  } else if (NextIsWord("informative")) {
    def.kind = CategoryKind::kInformative;
  } else {
    return Error(AtEnd() ? EndColumn() : tokens_[next_].column,
                 "expected restrictive, permissive or informative");
  }
  ++next_;
  if (NextIsWord("need-to-know")) {
    def.need_to_know = true;
    ++next_;
  }
  if (NextIsWord("alias")) {
    ++next_;
    const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
    CHANCERY_ASSIGN_OR_RETURN(def.aliases, TakeNameList("alias"));
    for (const std::string& alias : def.aliases) {
      CHANCERY_RETURN_IF_ERROR(Define(alias, column));
    }
  }
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  policy_.categories.push_back(std::move(def));
  return Status::Ok();
}

// docs/format/policy.md §6.
Status Parser::ParseGroup() {
  const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
  CHANCERY_ASSIGN_OR_RETURN(std::string name, TakeName("group name"));
  CHANCERY_RETURN_IF_ERROR(Define(name, column));
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  policy_.groups.push_back(std::move(name));
  return Status::Ok();
}

// docs/format/policy.md §7.
Status Parser::ParsePrecedence() {
  const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
  CHANCERY_ASSIGN_OR_RETURN(std::string word, TakeName("precedence word"));
  model::PrecedenceRank ignored;
  if (model::ParsePrecedenceRank(word, &ignored)) {
    return Error(column, "precedence word \"" + word + "\" is a canonical rank name");
  }
  auto [it, inserted] = words_.emplace(word, std::make_pair(line_, column));
  if (!inserted) {
    return Error(column, "duplicate precedence word \"" + word + "\"");
  }
  const Token* target = Peek();
  model::PrecedenceRank rank = model::PrecedenceRank::kUnknown;
  if (target == nullptr || target->kind == TokenKind::kComma ||
      !model::ParsePrecedenceRank(target->text, &rank) || rank == model::PrecedenceRank::kUnknown) {
    return Error(target == nullptr ? EndColumn() : target->column,
                 "expected a canonical precedence (DEFERRED, ROUTINE, PRIORITY, IMMEDIATE, "
                 "FLASH, OVERRIDE)");
  }
  ++next_;
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  policy_.precedence_words.push_back({std::move(word), rank});
  return Status::Ok();
}

// docs/format/policy.md §7a: "handling FLASH 10m".
Status Parser::ParseHandling() {
  const Token* target = Peek();
  model::PrecedenceRank rank = model::PrecedenceRank::kUnknown;
  if (target == nullptr || target->kind == TokenKind::kComma ||
      !model::ParsePrecedenceRank(target->text, &rank) || rank == model::PrecedenceRank::kUnknown) {
    return Error(target == nullptr ? EndColumn() : target->column,
                 "expected a canonical precedence (DEFERRED, ROUTINE, PRIORITY, IMMEDIATE, "
                 "FLASH, OVERRIDE)");
  }
  ++next_;
  for (const HandlingTime& h : policy_.handling) {
    if (h.rank == rank) {
      return Error(target->column,
                   "duplicate handling time for " + std::string(model::PrecedenceRankName(rank)));
    }
  }
  const Token* amount = Peek();
  int64_t seconds = 0;
  if (amount == nullptr || !internal::ParseDuration(amount->text, &seconds)) {
    return Error(amount == nullptr ? EndColumn() : amount->column,
                 "expected a duration such as 90s, 10m, 3h or 2d");
  }
  ++next_;
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  policy_.handling.push_back({rank, seconds});
  return Status::Ok();
}

Status Parser::ParseLevelRef(std::optional<LevelRef>* ref, std::string_view directive) {
  const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
  if (ref->has_value()) {
    return Error(column, "duplicate " + std::string(directive) + " directive");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string name, TakeName("level name"));
  *ref = LevelRef{std::move(name), line_, column};
  return ExpectEnd();
}

Result<size_t> Parser::TakeChoice(std::string_view directive,
                                  std::initializer_list<std::string_view> choices) {
  const Token* word = Peek();
  std::string expected;
  for (std::string_view c : choices) {
    expected += (expected.empty() ? "" : ", ") + std::string(c);
  }
  if (word != nullptr && word->kind == TokenKind::kWord) {
    size_t index = 0;
    for (std::string_view c : choices) {
      if (AsciiLower(word->text) == c) {
        ++next_;
        CHANCERY_RETURN_IF_ERROR(ExpectEnd());
        return index;
      }
      ++index;
    }
  }
  return Error(word == nullptr ? EndColumn() : word->column,
               std::string(directive) + ": expected one of " + expected);
}

// docs/format/policy.md §7b.
Status Parser::ParseUserChanges() {
  if (seen_user_changes_) {
    return Error(tokens_[next_ - 1].column, "duplicate user-changes directive");
  }
  seen_user_changes_ = true;
  CHANCERY_ASSIGN_OR_RETURN(
      size_t choice, TakeChoice("user-changes", {"two-person", "security-officer", "single"}));
  policy_.user_changes = static_cast<UserChangeRule>(choice);
  return Status::Ok();
}

// docs/format/policy.md §7c.
Status Parser::ParsePortionRule() {
  if (seen_portion_rule_) {
    return Error(tokens_[next_ - 1].column, "duplicate portion-above-label directive");
  }
  seen_portion_rule_ = true;
  CHANCERY_ASSIGN_OR_RETURN(size_t choice, TakeChoice("portion-above-label", {"raise", "refuse"}));
  policy_.portion_above_label = static_cast<PortionRule>(choice);
  return Status::Ok();
}

// docs/format/policy.md §7d: "audit-reads each" or "audit-reads aggregate 1m".
Status Parser::ParseAuditReads() {
  if (seen_audit_reads_) {
    return Error(tokens_[next_ - 1].column, "duplicate audit-reads directive");
  }
  seen_audit_reads_ = true;
  const Token* mode = Peek();
  if (mode != nullptr && mode->kind == TokenKind::kWord && AsciiLower(mode->text) == "each") {
    ++next_;
    policy_.audit_reads.aggregate_seconds = 0;
    return ExpectEnd();
  }
  if (mode == nullptr || mode->kind != TokenKind::kWord || AsciiLower(mode->text) != "aggregate") {
    return Error(mode == nullptr ? EndColumn() : mode->column,
                 "audit-reads: expected each, or aggregate and an interval");
  }
  ++next_;
  const Token* amount = Peek();
  int64_t seconds = 0;
  if (amount == nullptr || !internal::ParseDuration(amount->text, &seconds) || seconds <= 0) {
    return Error(amount == nullptr ? EndColumn() : amount->column,
                 "audit-reads aggregate: expected an interval such as 90s, 10m, 3h or 1d");
  }
  constexpr int64_t kMaxInterval = 86'400;
  if (seconds > kMaxInterval) {
    return Error(amount->column, "audit-reads aggregate: the interval is longer than a day");
  }
  ++next_;
  policy_.audit_reads.aggregate_seconds = seconds;
  return ExpectEnd();
}

// docs/format/policy.md §7e: "review-after \"TOP SECRET\" 25y" (years, days or hours).
Status Parser::ParseReviewAfter() {
  const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
  CHANCERY_ASSIGN_OR_RETURN(std::string name, TakeName("level name"));
  const Token* amount = Peek();
  int64_t seconds = 0;
  if (amount != nullptr && amount->kind == TokenKind::kWord && amount->text.size() >= 2 &&
      amount->text.size() <= 4 && amount->text.back() == 'y' &&
      amount->text.find_first_not_of("0123456789", 0) == amount->text.size() - 1) {
    seconds =
        std::stoll(amount->text.substr(0, amount->text.size() - 1)) * 31'556'952;  // 365.2425 d
  } else if (amount != nullptr && amount->kind == TokenKind::kWord) {
    if (!internal::ParseDuration(amount->text, &seconds)) {
      seconds = 0;
    }
  }
  if (seconds <= 0) {
    return Error(amount == nullptr ? EndColumn() : amount->column,
                 "review-after: expected a period such as 25y, 90d or 12h");
  }
  ++next_;
  review_after_.push_back({LevelRef{std::move(name), line_, column}, seconds});
  return ExpectEnd();
}

Result<std::string> Parser::TakeQuoted(std::string_view what) {
  const Token* t = Peek();
  if (t == nullptr || t->kind == TokenKind::kComma || Trim(t->text).empty()) {
    return Error(t == nullptr ? EndColumn() : t->column, "expected " + std::string(what));
  }
  ++next_;
  return t->text;
}

// §7e: "exemption 25X1 \"short text\" \"authority\"". Codes keep their spelling.
Status Parser::ParseExemption() {
  const size_t column = AtEnd() ? EndColumn() : tokens_[next_].column;
  Exemption e;
  CHANCERY_ASSIGN_OR_RETURN(e.code, TakeQuoted("an exemption code"));
  if (e.code.size() > 32 || e.code.find_first_of(" \t;,[]") != std::string::npos) {
    return Error(column, "exemption code \"" + e.code +
                             "\" is longer than 32 characters or holds a space, ';', ',' or "
                             "a bracket");
  }
  if (policy_.archive.FindExemption(e.code) != nullptr) {
    return Error(column, "duplicate exemption \"" + e.code + "\"");
  }
  CHANCERY_ASSIGN_OR_RETURN(e.text, TakeQuoted("the exemption's short text"));
  CHANCERY_ASSIGN_OR_RETURN(e.authority, TakeQuoted("the exemption's authority"));
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  policy_.archive.exemptions.push_back(std::move(e));
  return Status::Ok();
}

// §7e: "review-concurrence LEVEL": records at or above it need a second reviewer.
Status Parser::ParseReviewConcurrence() {
  return ParseLevelRef(&concurrence_ref_, "review-concurrence");
}

// §7e: "redaction-markers lines|none".
Status Parser::ParseRedactionMarkers() {
  if (seen_markers_) {
    return Error(tokens_[next_ - 1].column, "duplicate redaction-markers directive");
  }
  seen_markers_ = true;
  CHANCERY_ASSIGN_OR_RETURN(size_t choice, TakeChoice("redaction-markers", {"lines", "none"}));
  policy_.archive.markers = static_cast<MarkerRule>(choice);
  return Status::Ok();
}

Status Parser::ParseLine() {
  if (AtEnd()) {
    return Status::Ok();
  }
  const Token& keyword = tokens_[next_];
  ++next_;
  using Handler = Status (Parser::*)();
  static constexpr std::pair<std::string_view, Handler> kDirectives[] = {
      {"policy", &Parser::ParsePolicyId},
      {"level", &Parser::ParseLevel},
      {"category", &Parser::ParseCategory},
      {"group", &Parser::ParseGroup},
      {"precedence", &Parser::ParsePrecedence},
      {"handling", &Parser::ParseHandling},
      {"user-changes", &Parser::ParseUserChanges},
      {"portion-above-label", &Parser::ParsePortionRule},
      {"audit-reads", &Parser::ParseAuditReads},
      {"review-after", &Parser::ParseReviewAfter},
      {"exemption", &Parser::ParseExemption},
      {"review-concurrence", &Parser::ParseReviewConcurrence},
      {"redaction-markers", &Parser::ParseRedactionMarkers}};
  if (keyword.kind == TokenKind::kWord) {
    for (const auto& [name, handler] : kDirectives) {
      if (keyword.text == name) {
        return (this->*handler)();
      }
    }
    if (keyword.text == "public") {
      return ParseLevelRef(&public_ref_, "public");
    }
    if (keyword.text == "need-to-know-from") {
      return ParseLevelRef(&ntk_ref_, "need-to-know-from");
    }
  }
  return Error(keyword.column, "unknown directive \"" + keyword.text + "\"");
}

// docs/format/policy.md §8: whole-file rules, checked after the last line.
Status Parser::Resolve(size_t end_line) {
  if (!have_id_) {
    return Error(end_line, 1, "missing policy directive");
  }
  if (policy_.levels.empty()) {
    return Error(end_line, 1, "no level defined");
  }
  if (!public_ref_.has_value()) {
    return Error(end_line, 1, "missing public directive");
  }
  const LevelDef* pub = policy_.FindLevel(public_ref_->name);
  if (pub == nullptr) {
    return Error(public_ref_->line, public_ref_->column,
                 "undefined level \"" + public_ref_->name + "\"");
  }
  policy_.public_level = pub->name;
  if (ntk_ref_.has_value()) {
    const LevelDef* ntk = policy_.FindLevel(ntk_ref_->name);
    if (ntk == nullptr) {
      return Error(ntk_ref_->line, ntk_ref_->column, "undefined level \"" + ntk_ref_->name + "\"");
    }
    if (ntk->rank <= 0 || ntk->rank <= pub->rank) {
      return Error(ntk_ref_->line, ntk_ref_->column,
                   "need-to-know-from level \"" + ntk->name +
                       "\" must rank above 0 and above the public level");
    }
    policy_.need_to_know_rank = ntk->rank;
  }
  for (const auto& [ref, seconds] : review_after_) {
    const LevelDef* level = policy_.FindLevel(ref.name);
    if (level == nullptr) {
      return Error(ref.line, ref.column, "undefined level \"" + ref.name + "\"");
    }
    if (policy_.archive.ReviewAfterSeconds(level->name).has_value()) {
      return Error(ref.line, ref.column, "duplicate review-after for \"" + level->name + "\"");
    }
    policy_.archive.review_after.push_back({level->name, seconds});
  }
  if (concurrence_ref_.has_value()) {
    const LevelDef* level = policy_.FindLevel(concurrence_ref_->name);
    if (level == nullptr) {
      return Error(concurrence_ref_->line, concurrence_ref_->column,
                   "undefined level \"" + concurrence_ref_->name + "\"");
    }
    policy_.archive.concurrence_rank = level->rank;
  }
  return Status::Ok();
}

Result<Policy> Parser::Run(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    ++line_;
    line_text_ = text.substr(start, end - start);
    if (!line_text_.empty() && line_text_.back() == '\r') {
      line_text_.remove_suffix(1);
    }
    CHANCERY_RETURN_IF_ERROR(Tokenize(line_text_));
    CHANCERY_RETURN_IF_ERROR(ParseLine());
    start = end + 1;
  }
  CHANCERY_RETURN_IF_ERROR(Resolve(line_ + 1));
  return std::move(policy_);
}

}  // namespace

Result<Policy> ParsePolicy(std::string_view text, std::string_view filename) {
  Parser parser(filename);
  return parser.Run(text);
}

}  // namespace chancery::security
