// The writers of a directory: RenderDirectory, the canonical text form
// (docs/format/directory.md §8), and the all-or-nothing edits of chancery/desk/directory_edit.h.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/desk/directory.h"
#include "chancery/desk/directory_edit.h"

namespace chancery::desk {
namespace {

constexpr size_t kWrapColumn = 100;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// A name is written bare when it lexes back as one word, else quoted (§2).
std::string Name(std::string_view s) {
  const bool bare = !s.empty() && s.find_first_of(" \t,\"#\\") == std::string_view::npos;
  return bare ? std::string(s) : Quote(s);
}

// Builds one statement from tokens, folding onto an indented continuation line (§1.4) before a
// token that would pass kWrapColumn.
class Statement {
 public:
  explicit Statement(std::string first) : text_(std::move(first)) {}

  void Add(const std::string& token) {
    if (text_.size() > line_start_ + 3 &&
        text_.size() - line_start_ + 1 + token.size() > kWrapColumn) {
      text_ += "\n   ";
      line_start_ = text_.size() - 3;
    }
    text_ += " " + token;
  }

  void AddList(std::string_view keyword, const std::vector<std::string>& items, bool ids) {
    if (items.empty()) {
      return;
    }
    Add(std::string(keyword));
    for (size_t i = 0; i < items.size(); ++i) {
      Add((ids ? items[i] : Name(items[i])) + (i + 1 < items.size() ? "," : ""));
    }
  }

  void AppendTo(std::string* out) const { *out += text_ + "\n"; }

 private:
  std::string text_;
  size_t line_start_ = 0;
};

void RenderOffice(const Office& office, std::string* out) {
  Statement s("office " + office.id);
  s.Add(Quote(office.name));
  s.Add("kind");
  s.Add(std::string(OfficeKindName(office.kind)));
  s.Add("org");
  s.Add(office.organization);
  if (!office.parent.empty()) {
    s.Add("parent");
    s.Add(office.parent);
  }
  const security::Clearance& c = office.clearance;
  if (!c.level.empty()) {
    s.Add("clearance");
    s.Add(Name(c.level));
  }
  s.AddList("categories", c.categories, false);
  s.AddList("groups", c.groups, false);
  s.AddList("acts-for", c.offices, true);
  if (!office.series.empty()) {
    s.Add("series");
    s.Add(office.series);
  }
  if (!office.escalation.empty()) {
    s.Add("escalate-to");
    s.Add(office.escalation);
  }
  s.AppendTo(out);
}

// Applies `edit` to a copy, validates the copy and only then replaces *directory.
template <typename Edit>
Status Apply(const security::Policy& policy, Directory* directory, Edit edit) {
  Directory copy = *directory;
  CHANCERY_RETURN_IF_ERROR(edit(&copy));
  CHANCERY_RETURN_IF_ERROR(ValidateDirectory(policy, copy));
  *directory = std::move(copy);
  return Status::Ok();
}

// Replaces the element of `items` with the same id as `item`, or appends it.
template <typename T>
void Upsert(std::vector<T>* items, T item) {
  auto it = std::find_if(items->begin(), items->end(), [&](const T& x) { return x.id == item.id; });
  if (it != items->end()) {
    *it = std::move(item);
  } else {
    items->push_back(std::move(item));
  }
}

template <typename T>
void EraseId(std::vector<T>* items, std::string_view id) {
  items->erase(std::remove_if(items->begin(), items->end(), [&](const T& x) { return x.id == id; }),
               items->end());
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The first entry that refers to office or group `id`, as "office X (parent)", or "".
std::string FirstReferrer(const Directory& d, std::string_view id) {
  for (const Office& office : d.offices) {
    if (office.parent == id) {
      return "office " + office.id + " (parent)";
    }
    if (Contains(office.clearance.offices, id)) {
      return "office " + office.id + " (acts-for)";
    }
  }
  for (const AddresseeGroup& group : d.groups) {
    if (Contains(group.members, id)) {
      return "group " + group.id + " (member)";
    }
  }
  for (const RoleGrant& g : d.grants) {
    if (g.office == id) {
      return "grant " + g.user + " " + std::string(RoleName(g.role)) + " " + g.office;
    }
  }
  return "";
}

}  // namespace

std::string RenderDirectory(const Directory& directory) {
  std::string out;
  for (const Organization& org : directory.organizations) {
    Statement s("organization " + org.id);
    s.Add(Quote(org.name));
    s.AppendTo(&out);
  }
  for (const Office& office : directory.offices) {
    RenderOffice(office, &out);
  }
  for (const AddresseeGroup& group : directory.groups) {
    Statement s("group " + group.id);
    s.Add(Quote(group.name));
    s.AddList("members", group.members, true);
    s.AppendTo(&out);
  }
  for (const RoleGrant& g : directory.grants) {
    out += "grant " + Name(g.user) + " " + std::string(RoleName(g.role)) + " " + g.office + "\n";
  }
  for (const Person& p : directory.people) {
    out += "person " + Name(p.user) + " " + Quote(p.name) + "\n";
  }
  return out;
}

Status AddOrReplaceOrganization(const security::Policy& policy, Directory* directory,
                                Organization organization) {
  return Apply(policy, directory, [&](Directory* d) {
    Upsert(&d->organizations, std::move(organization));
    return Status::Ok();
  });
}

Status RemoveOrganization(const security::Policy& policy, Directory* directory,
                          std::string_view id) {
  return Apply(policy, directory, [&](Directory* d) {
    if (std::none_of(d->organizations.begin(), d->organizations.end(),
                     [&](const Organization& o) { return o.id == id; })) {
      return NotFound("no organization " + std::string(id));
    }
    for (const Office& office : d->offices) {
      if (office.organization == id) {
        return FailedPrecondition("organization " + std::string(id) + " is referenced by office " +
                                  office.id);
      }
    }
    EraseId(&d->organizations, id);
    return Status::Ok();
  });
}

Status AddOrReplaceOffice(const security::Policy& policy, Directory* directory, Office office) {
  return Apply(policy, directory, [&](Directory* d) {
    if (d->FindGroup(office.id) != nullptr) {
      return AlreadyExists("id " + office.id + " is an addressee group");
    }
    Upsert(&d->offices, std::move(office));
    return Status::Ok();
  });
}

Status RemoveOffice(const security::Policy& policy, Directory* directory, std::string_view id) {
  return Apply(policy, directory, [&](Directory* d) {
    if (d->FindOffice(id) == nullptr) {
      return NotFound("no office " + std::string(id));
    }
    if (const std::string by = FirstReferrer(*d, id); !by.empty()) {
      return FailedPrecondition("office " + std::string(id) + " is referenced by " + by);
    }
    EraseId(&d->offices, id);
    return Status::Ok();
  });
}

Status AddOrReplaceGroup(const security::Policy& policy, Directory* directory,
                         AddresseeGroup group) {
  return Apply(policy, directory, [&](Directory* d) {
    if (d->FindOffice(group.id) != nullptr) {
      return AlreadyExists("id " + group.id + " is an office");
    }
    Upsert(&d->groups, std::move(group));
    return Status::Ok();
  });
}

Status RemoveGroup(const security::Policy& policy, Directory* directory, std::string_view id) {
  return Apply(policy, directory, [&](Directory* d) {
    if (d->FindGroup(id) == nullptr) {
      return NotFound("no addressee group " + std::string(id));
    }
    if (const std::string by = FirstReferrer(*d, id); !by.empty()) {
      return FailedPrecondition("addressee group " + std::string(id) + " is referenced by " + by);
    }
    EraseId(&d->groups, id);
    return Status::Ok();
  });
}

Status Grant(const security::Policy& policy, Directory* directory, RoleGrant grant) {
  return Apply(policy, directory, [&](Directory* d) {
    if (std::find(d->grants.begin(), d->grants.end(), grant) != d->grants.end()) {
      return AlreadyExists("user " + grant.user + " already holds " +
                           std::string(RoleName(grant.role)) + " at " + grant.office);
    }
    d->grants.push_back(std::move(grant));
    return Status::Ok();
  });
}

Status Revoke(const security::Policy& policy, Directory* directory, const RoleGrant& grant) {
  return Apply(policy, directory, [&](Directory* d) {
    auto it = std::find(d->grants.begin(), d->grants.end(), grant);
    if (it == d->grants.end()) {
      return NotFound("user " + grant.user + " does not hold " + std::string(RoleName(grant.role)) +
                      " at " + grant.office);
    }
    d->grants.erase(it);
    return Status::Ok();
  });
}

}  // namespace chancery::desk
