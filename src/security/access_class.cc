// AccessClass::Key and FromKey: the versioned interning key (docs/security.md §6).
//
// v1|<level>|<category>,<category>|REL:<group>,<group>|NTK:<office>,<office>
// Within a name, '\', '|' and ',' are escaped with a backslash; nothing else is. An empty list
// is an empty field; list elements are never empty.
#include <string>
#include <string_view>
#include <vector>

#include "chancery/security/decide.h"

namespace chancery::security {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::string_view kRelPrefix = "REL:";
constexpr std::string_view kNtkPrefix = "NTK:";

void AppendEscaped(std::string_view name, std::string* out) {
  for (char c : name) {
    if (c == '\\' || c == '|' || c == ',') {
      out->push_back('\\');
    }
    out->push_back(c);
  }
}

void AppendList(const std::vector<std::string>& names, std::string* out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out->push_back(',');
    }
    AppendEscaped(names[i], out);
  }
}

Status BadKey(std::string_view key, std::string_view why) {
  return Corruption("bad access class key \"" + std::string(key) + "\": " + std::string(why));
}

// Splits on unescaped `sep`, keeping escapes in the pieces. False on a dangling backslash.
bool SplitEscaped(std::string_view s, char sep, std::vector<std::string_view>* pieces) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      if (i + 1 >= s.size()) {
        return false;
      }
      ++i;
    } else if (s[i] == sep) {
      pieces->push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  pieces->push_back(s.substr(start));
  return true;
}

// Removes escapes; false if an escape is not one Key() writes.
bool Unescape(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      if (i + 1 >= s.size() || (s[i + 1] != '\\' && s[i + 1] != '|' && s[i + 1] != ',')) {
        return false;
      }
      ++i;
    } else if (s[i] == '|' || s[i] == ',') {
      return false;
    }
    out->push_back(s[i]);
  }
  return true;
}

Result<std::vector<std::string>> ParseList(std::string_view key, std::string_view field) {
  std::vector<std::string> names;
  if (field.empty()) {
    return names;
  }
  std::vector<std::string_view> pieces;
  if (!SplitEscaped(field, ',', &pieces)) {
    return BadKey(key, "dangling escape");
  }
  for (std::string_view piece : pieces) {
    std::string name;
    if (piece.empty()) {
      return BadKey(key, "empty name in list");
    }
    if (!Unescape(piece, &name)) {
      return BadKey(key, "bad escape");
    }
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

std::string AccessClass::Key() const {
  std::string key(kVersion);
  key.push_back('|');
  AppendEscaped(label.classification, &key);
  key.push_back('|');
  AppendList(label.categories, &key);
  key.push_back('|');
  key.append(kRelPrefix);
  AppendList(label.releasable_to, &key);
  key.push_back('|');
  key.append(kNtkPrefix);
  AppendList(offices, &key);
  return key;
}

Result<AccessClass> AccessClass::FromKey(std::string_view key) {
  std::vector<std::string_view> fields;
  if (!SplitEscaped(key, '|', &fields)) {
    return BadKey(key, "dangling escape");
  }
  if (fields.size() != 5) {
    return BadKey(key, "expected 5 fields");
  }
  if (fields[0] != kVersion) {
    return BadKey(key, "unknown version");
  }
  if (fields[3].substr(0, kRelPrefix.size()) != kRelPrefix ||
      fields[4].substr(0, kNtkPrefix.size()) != kNtkPrefix) {
    return BadKey(key, "missing REL: or NTK: field");
  }
  AccessClass access;
  if (!Unescape(fields[1], &access.label.classification)) {
    return BadKey(key, "bad escape in level");
  }
  CHANCERY_ASSIGN_OR_RETURN(access.label.categories, ParseList(key, fields[2]));
  CHANCERY_ASSIGN_OR_RETURN(access.label.releasable_to,
                            ParseList(key, fields[3].substr(kRelPrefix.size())));
  CHANCERY_ASSIGN_OR_RETURN(access.offices, ParseList(key, fields[4].substr(kNtkPrefix.size())));
  return access;
}

}  // namespace chancery::security
