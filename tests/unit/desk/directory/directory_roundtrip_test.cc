// The canonical rendering property: ParseDirectory(RenderDirectory(d)) == d for random
// directories whose ids are valid and whose names are any non-empty UTF-8 without control
// characters (spaces, quotes, backslashes, '#', ',', Cyrillic, Chinese, emoji), and rendering
// is a fixed point. At least 500 cases (tests/support/rc_check.h).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "chancery/desk/directory.h"

#include "support/rc_check.h"

namespace chancery::desk {
namespace {

rc::Gen<std::string> GenId() {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
  return rc::gen::map(
      rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, kAlphabet.size())),
      [](const std::vector<size_t>& picks) {
        std::string id = "I";                                          // never empty
        for (size_t i = 0; i < picks.size() && id.size() < 56; ++i) {  // room for a suffix
          id.push_back(kAlphabet[picks[i]]);
        }
        return id;
      });
}

// Names from pieces that stress the lexer: separators, quotes, escapes, comments, UTF-8.
rc::Gen<std::string> GenName() {
  return rc::gen::map(
      rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(
          rc::gen::element<std::string>("a", "Z", " ", "\t", "\"", "\\", "#", ",", "office", "kind",
                                        "*", "秘密", "Внеочередно", "é", "🙂", "'", "members"))),
      [](const std::vector<std::string>& pieces) {
        std::string name;
        for (const std::string& p : pieces) {
          name += p;
        }
        return name;
      });
}

rc::Gen<std::vector<std::string>> GenList(rc::Gen<std::string> item) {
  return rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(std::move(item)));
}

Office GenOffice(const std::string& id) {
  Office o;
  o.id = id;
  o.name = *GenName();
  o.kind = static_cast<OfficeKind>(*rc::gen::inRange(0, 7));
  o.organization = *GenId();
  o.parent = *rc::gen::oneOf(rc::gen::just(std::string()), GenId());
  o.clearance.level = *rc::gen::oneOf(rc::gen::just(std::string()), GenName());
  o.clearance.categories = *GenList(GenName());
  o.clearance.groups = *GenList(GenName());
  o.clearance.offices = *GenList(GenId());
  o.series = *rc::gen::oneOf(rc::gen::just(std::string()), GenId());
  o.escalation = *rc::gen::oneOf(rc::gen::just(std::string()), GenId());
  return o;
}

// Offices and groups get distinct ids (the parser rejects duplicates), by a numeric suffix.
Directory GenDirectory() {
  Directory d;
  const auto orgs = *rc::gen::inRange(0, 4);
  for (int i = 0; i < orgs; ++i) {
    d.organizations.push_back({*GenId() + "-o" + std::to_string(i), *GenName()});
  }
  const auto offices = *rc::gen::inRange(0, 6);
  for (int i = 0; i < offices; ++i) {
    d.offices.push_back(GenOffice(*GenId() + "-f" + std::to_string(i)));
  }
  const auto groups = *rc::gen::inRange(0, 4);
  for (int i = 0; i < groups; ++i) {
    d.groups.push_back({*GenId() + "-g" + std::to_string(i), *GenName(), *GenList(GenId())});
  }
  const auto grants = *rc::gen::inRange(0, 6);
  for (int i = 0; i < grants; ++i) {
    d.grants.push_back({*GenName(), static_cast<Role>(*rc::gen::inRange(0, 7)),
                        *rc::gen::oneOf(rc::gen::just(std::string("*")), GenId())});
  }
  const auto people = *rc::gen::inRange(0, 3);
  for (int i = 0; i < people; ++i) {
    d.people.push_back({*GenName(), *GenName()});
  }
  return d;
}

TEST(DirectoryRoundTrip, ParseOfRenderIsIdentityAndRenderIsCanonical) {
  chancery::testing::CheckProperty(
      "directory round trip",
      [] {
        const Directory d = GenDirectory();
        const std::string text = RenderDirectory(d);
        Result<Directory> parsed = ParseDirectory(text, "rendered");
        RC_LOG() << text << "\n" << parsed.status().ToString() << "\n";
        RC_ASSERT(parsed.ok());
        RC_ASSERT(*parsed == d);
        RC_ASSERT(RenderDirectory(*parsed) == text);
      },
      500);
}

}  // namespace
}  // namespace chancery::desk
