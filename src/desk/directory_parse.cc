// ParseDirectory: the directory file grammar of docs/format/directory.md (the house style of
// src/security/policy_parse.cc: a line lexer, then one handler per directive).
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/desk/directory.h"
#include "chancery/desk/directory_edit.h"

namespace chancery::desk {
namespace {

enum class TokenKind : int8_t { kWord = 0, kString, kComma };

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string text;  // unescaped for strings
  size_t line = 0;
  size_t column = 0;
};

struct Position {
  size_t line = 0;
  size_t column = 0;
};

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not well formed.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  if (b < 0x80) {
    return 1;
  }
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
      return 0;
    }
  }
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90) ||
      (b == 0xF4 && b1 > 0x8F)) {
    return 0;  // overlong, surrogate or above U+10FFFF
  }
  return n;
}

bool IsControl(char c) {
  const auto b = static_cast<unsigned char>(c);
  return (b < 0x20 && c != '\t') || b == 0x7F;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source.empty() ? "directory" : source) {}

  Result<Directory> Run(std::string_view text);

 private:
  Status Error(size_t line, size_t column, std::string_view message) const {
    return InvalidArgument(std::string(source_) + ":" + std::to_string(line) + ":" +
                           std::to_string(column) + ": " + std::string(message));
  }

  Status Error(Position at, std::string_view message) const {
    return Error(at.line, at.column, message);
  }

  Status Lex(std::string_view line, std::vector<Token>* tokens) const;
  Status LexString(std::string_view line, size_t* i, std::vector<Token>* tokens) const;
  Status ParseStatement();
  Status ParseOrganization();
  Status ParseOffice();
  Status ParseOfficeField(const Token& keyword, Office* office);
  Status ParseGroup();
  Status ParseGrant();
  Status ParsePerson();
  // Registers `id` in *ids; an error names where it was first defined.
  Status Define(std::map<std::string, Position>* ids, std::string_view what, const std::string& id,
                Position at) const;

  // Token cursor over the current statement.
  bool AtEnd() const { return next_ >= tokens_.size(); }

  Position Here() const {
    return AtEnd() ? end_ : Position{tokens_[next_].line, tokens_[next_].column};
  }

  bool NextIsComma() const { return !AtEnd() && tokens_[next_].kind == TokenKind::kComma; }

  Result<std::string> TakeName(std::string_view what);
  Result<std::string> TakeId(std::string_view what);
  Result<std::vector<std::string>> TakeList(std::string_view what, bool ids);
  Status ExpectEnd() const;

  std::string_view source_;
  size_t line_ = 0;
  Position end_;  // one past the end of the statement's last line
  std::vector<Token> tokens_;
  size_t next_ = 0;
  std::map<std::string, Position> org_ids_;
  std::map<std::string, Position> ids_;  // offices and groups: one namespace
  Directory directory_;
};

Status Parser::LexString(std::string_view line, size_t* i, std::vector<Token>* tokens) const {
  Token token{TokenKind::kString, "", line_, *i + 1};
  for (size_t j = *i + 1; j < line.size(); ++j) {
    const char c = line[j];
    if (c == '"') {
      tokens->push_back(std::move(token));
      *i = j + 1;
      return Status::Ok();
    }
    if (c == '\\') {
      if (j + 1 >= line.size() || (line[j + 1] != '"' && line[j + 1] != '\\')) {
        return Error(line_, j + 1, "bad escape (only \\\" and \\\\)");
      }
      ++j;
    }
    token.text.push_back(line[j]);
  }
  return Error(line_, token.column, "unterminated string");
}

// Appends the tokens of one physical line to *tokens.
Status Parser::Lex(std::string_view line, std::vector<Token>* tokens) const {
  for (size_t i = 0; i < line.size(); ++i) {
    if (IsControl(line[i])) {
      return Error(line_, i + 1,
                   "control character " + std::to_string(static_cast<unsigned char>(line[i])));
    }
    const size_t n = Utf8Length(line, i);
    if (n == 0) {
      return Error(line_, i + 1, "invalid utf-8");
    }
    i += n - 1;
  }
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == ',') {
      tokens->push_back({TokenKind::kComma, ",", line_, i + 1});
      ++i;
    } else if (c == '"') {
      CHANCERY_RETURN_IF_ERROR(LexString(line, &i, tokens));
    } else {
      const size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != ',' &&
             line[i] != '"' && line[i] != '#') {
        ++i;
      }
      tokens->push_back(
          {TokenKind::kWord, std::string(line.substr(start, i - start)), line_, start + 1});
    }
  }
  return Status::Ok();
}

Result<std::string> Parser::TakeName(std::string_view what) {
  if (AtEnd() || NextIsComma()) {
    return Error(Here(), "expected " + std::string(what));
  }
  const Token& t = tokens_[next_++];
  if (t.text.empty()) {
    return Error(t.line, t.column, std::string(what) + " is empty");
  }
  return t.text;
}

Result<std::string> Parser::TakeId(std::string_view what) {
  const Position at = Here();
  CHANCERY_ASSIGN_OR_RETURN(std::string id, TakeName(what));
  if (!IsValidDirectoryId(id)) {
    return Error(at, std::string(what) + " \"" + id + "\" is not [A-Za-z0-9._-]{1,64}");
  }
  return id;
}

Result<std::vector<std::string>> Parser::TakeList(std::string_view what, bool ids) {
  std::vector<std::string> items;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::string item, ids ? TakeId(what) : TakeName(what));
    items.push_back(std::move(item));
    if (!NextIsComma()) {
      return items;
    }
    ++next_;
  }
}

Status Parser::ExpectEnd() const {
  if (AtEnd()) {
    return Status::Ok();
  }
  return Error(Here(), "unexpected \"" + tokens_[next_].text + "\"");
}

Status Parser::Define(std::map<std::string, Position>* ids, std::string_view what,
                      const std::string& id, Position at) const {
  auto [it, inserted] = ids->emplace(id, at);
  if (!inserted) {
    return Error(at, "duplicate " + std::string(what) + " " + id + " (first defined at " +
                         std::to_string(it->second.line) + ":" + std::to_string(it->second.column) +
                         ")");
  }
  return Status::Ok();
}

// docs/format/directory.md §3.
Status Parser::ParseOrganization() {
  Organization org;
  const Position at = Here();
  CHANCERY_ASSIGN_OR_RETURN(org.id, TakeId("organization id"));
  auto [it, inserted] = org_ids_.emplace(org.id, at);
  if (!inserted) {
    return Error(at, "duplicate organization " + org.id + " (first defined at " +
                         std::to_string(it->second.line) + ":" + std::to_string(it->second.column) +
                         ")");
  }
  CHANCERY_ASSIGN_OR_RETURN(org.name, TakeName("organization name"));
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  directory_.organizations.push_back(std::move(org));
  return Status::Ok();
}

// docs/format/directory.md §4: `office ID NAME field...`, each field at most once.
Status Parser::ParseOffice() {
  Office office;
  const Position at = Here();
  CHANCERY_ASSIGN_OR_RETURN(office.id, TakeId("office id"));
  CHANCERY_RETURN_IF_ERROR(Define(&ids_, "id", office.id, at));
  CHANCERY_ASSIGN_OR_RETURN(office.name, TakeName("office name"));
  std::map<std::string, Position> seen;
  while (!AtEnd()) {
    const Token& keyword = tokens_[next_++];
    if (keyword.kind != TokenKind::kWord) {
      return Error(keyword.line, keyword.column,
                   "expected an office field, got \"" + keyword.text + "\"");
    }
    auto [it, inserted] = seen.emplace(keyword.text, Position{keyword.line, keyword.column});
    if (!inserted) {
      return Error(keyword.line, keyword.column, "duplicate field " + keyword.text);
    }
    CHANCERY_RETURN_IF_ERROR(ParseOfficeField(keyword, &office));
  }
  for (std::string_view required : {"kind", "org"}) {
    if (seen.count(std::string(required)) == 0) {
      return Error(end_, "office " + office.id + ": missing " + std::string(required));
    }
  }
  directory_.offices.push_back(std::move(office));
  return Status::Ok();
}

Status Parser::ParseOfficeField(const Token& keyword, Office* office) {
  const std::string& field = keyword.text;
  if (field == "kind") {
    const Position at = Here();
    CHANCERY_ASSIGN_OR_RETURN(std::string kind, TakeName("office kind"));
    if (!ParseOfficeKind(kind, &office->kind)) {
      return Error(at, "unknown office kind \"" + kind +
                           "\" (ministry, department, division, embassy, consulate, mission, "
                           "external)");
    }
    return Status::Ok();
  }
  if (field == "org") {
    CHANCERY_ASSIGN_OR_RETURN(office->organization, TakeId("organization id"));
  } else if (field == "parent") {
    CHANCERY_ASSIGN_OR_RETURN(office->parent, TakeId("parent office id"));
  } else if (field == "series") {
    CHANCERY_ASSIGN_OR_RETURN(office->series, TakeId("serial series"));
  } else if (field == "escalate-to") {
    CHANCERY_ASSIGN_OR_RETURN(office->escalation, TakeId("escalation office id"));
  } else if (field == "clearance") {
    CHANCERY_ASSIGN_OR_RETURN(office->clearance.level, TakeName("clearance level"));
  } else if (field == "categories") {
    CHANCERY_ASSIGN_OR_RETURN(office->clearance.categories, TakeList("category", false));
  } else if (field == "groups") {
    CHANCERY_ASSIGN_OR_RETURN(office->clearance.groups, TakeList("group", false));
  } else if (field == "acts-for") {
    CHANCERY_ASSIGN_OR_RETURN(office->clearance.offices, TakeList("office id", true));
  } else {
    return Error(keyword.line, keyword.column,
                 "unknown office field \"" + field +
                     "\" (kind, org, parent, clearance, categories, groups, acts-for, series, "
                     "escalate-to)");
  }
  return Status::Ok();
}

// docs/format/directory.md §5.
Status Parser::ParseGroup() {
  AddresseeGroup group;
  const Position at = Here();
  CHANCERY_ASSIGN_OR_RETURN(group.id, TakeId("group id"));
  CHANCERY_RETURN_IF_ERROR(Define(&ids_, "id", group.id, at));
  CHANCERY_ASSIGN_OR_RETURN(group.name, TakeName("group name"));
  if (!AtEnd()) {
    const Token& keyword = tokens_[next_];
    if (keyword.kind != TokenKind::kWord || keyword.text != "members") {
      return Error(keyword.line, keyword.column, "expected members, got \"" + keyword.text + "\"");
    }
    ++next_;
    CHANCERY_ASSIGN_OR_RETURN(group.members, TakeList("member id", true));
  }
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  directory_.groups.push_back(std::move(group));
  return Status::Ok();
}

// docs/format/directory.md §6: `grant USER ROLE OFFICE`.
Status Parser::ParseGrant() {
  RoleGrant grant;
  CHANCERY_ASSIGN_OR_RETURN(grant.user, TakeName("user name"));
  const Position at = Here();
  CHANCERY_ASSIGN_OR_RETURN(std::string role, TakeName("role"));
  if (!ParseRole(role, &grant.role)) {
    return Error(at, "unknown role \"" + role +
                         "\" (drafter, clearer, approver, releaser, recipient, archivist, "
                         "administrator)");
  }
  if (!AtEnd() && tokens_[next_].kind == TokenKind::kWord && tokens_[next_].text == "*") {
    grant.office = "*";
    ++next_;
  } else {
    CHANCERY_ASSIGN_OR_RETURN(grant.office, TakeId("office id or *"));
  }
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  directory_.grants.push_back(std::move(grant));
  return Status::Ok();
}

// docs/format/directory.md §6a: `person USER NAME`.
Status Parser::ParsePerson() {
  Person person;
  CHANCERY_ASSIGN_OR_RETURN(person.user, TakeName("user name"));
  CHANCERY_ASSIGN_OR_RETURN(person.name, TakeName("person's name"));
  CHANCERY_RETURN_IF_ERROR(ExpectEnd());
  directory_.people.push_back(std::move(person));
  return Status::Ok();
}

Status Parser::ParseStatement() {
  next_ = 0;
  const Token& keyword = tokens_[next_++];
  using Handler = Status (Parser::*)();
  static constexpr std::pair<std::string_view, Handler> kDirectives[] = {
      {"organization", &Parser::ParseOrganization},
      {"office", &Parser::ParseOffice},
      {"group", &Parser::ParseGroup},
      {"grant", &Parser::ParseGrant},
      {"person", &Parser::ParsePerson}};
  for (const auto& [name, handler] : kDirectives) {
    if (keyword.kind == TokenKind::kWord && keyword.text == name) {
      return (this->*handler)();
    }
  }
  return Error(keyword.line, keyword.column, "unknown directive \"" + keyword.text + "\"");
}

// A statement is one line plus the lines after it that begin with a space or tab (§1.4).
Result<Directory> Parser::Run(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    ++line_;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    // Lex first: blank and comment lines neither end nor continue a statement (§1.2).
    std::vector<Token> tokens;
    const Status lexed = Lex(line, &tokens);
    const bool continues = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (!continues && !tokens_.empty() && (!tokens.empty() || !lexed.ok())) {
      CHANCERY_RETURN_IF_ERROR(ParseStatement());  // an earlier statement's error comes first
      tokens_.clear();
    }
    CHANCERY_RETURN_IF_ERROR(lexed);
    if (!tokens.empty()) {
      tokens_.insert(tokens_.end(), tokens.begin(), tokens.end());
      end_ = Position{line_, line.size() + 1};
    }
    start = end + 1;
  }
  if (!tokens_.empty()) {
    CHANCERY_RETURN_IF_ERROR(ParseStatement());
  }
  return std::move(directory_);
}

}  // namespace

Result<Directory> ParseDirectory(std::string_view text, std::string_view source) {
  Parser parser(source);
  return parser.Run(text);
}

}  // namespace chancery::desk
