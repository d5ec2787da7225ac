// chancery authority load|link|show|search|chief|subjects: name authorities
// (docs/authorities.md). Loads and links are administrative (the local operator); reading is
// anyone's, and the records shown are searched as --as USER (default: the public reader).
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "chancery/archive/authorities.h"
#include "chancery/archive/authority_json.h"

#include "cli.h"

namespace chancery::cli {
namespace {

using Json = nlohmann::json;

struct AuthorityArgs {
  std::string as;
  std::string target;  // load: path; show: name or id; search: text
  bool pocom = false;
  bool json = false;
  bool link = true;
  std::string kind;
  std::string post;
  std::string on;
  uint32_t limit = 20;
};

using archive::AuthorityJson;
using archive::PostJson;

std::string Span(const std::string& from, const std::string& to) {
  if (from.empty() && to.empty())
    return "";
  return (from.empty() ? "?" : from) + "–" + to;
}

void PrintPost(const archive::PostHeld& p) {
  std::string what = p.role;
  if (p.post_name != p.role)
    what += (what.empty() ? "" : ", ") + p.post_name;
  std::string when = p.appointed.empty() ? "" : "appointed " + p.appointed + ", ";
  when += p.started.empty() ? "started ?" : "started " + p.started;
  if (!p.ended.empty())
    when += ", ended " + p.ended;
  if (!p.seat.empty())
    when += ", resident at " + p.seat;
  std::printf("  %s: %s\n", what.c_str(), when.c_str());
}

struct Opened {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Authorities> authorities;
  security::Subject subject;
};

Result<Opened> OpenAll(const GlobalOptions& global, const std::string& as) {
  Opened o;
  CHANCERY_ASSIGN_OR_RETURN(o.records, OpenRecords(global));
  CHANCERY_ASSIGN_OR_RETURN(o.subject, SubjectFor(*o.records, as));
  CHANCERY_ASSIGN_OR_RETURN(o.authorities, archive::Authorities::Open(*o.records));
  return o;
}

int RunLoad(const GlobalOptions& global, const AuthorityArgs& args) {
  auto o = OpenAll(global, "");
  if (!o.ok())
    return Fail(o.status());
  const security::Subject op = Operator(*o->records);
  const std::string& path = args.target;
  const bool pocom = args.pocom || std::filesystem::is_directory(path) ||
                     path.ends_with(".tar.zst") || path.ends_with(".tar");
  auto loaded = pocom ? o->authorities->LoadPocom(op, path) : o->authorities->LoadFile(op, path);
  if (!loaded.ok())
    return Fail(loaded.status());
  std::printf("loaded %s: %lld added, %lld updated (%lld people)\n", path.c_str(),
              static_cast<long long>(loaded->added), static_cast<long long>(loaded->updated),
              static_cast<long long>(loaded->people));
  if (args.link) {  // bring the links up to date with what is imported
    auto linked = o->authorities->Link(op);
    if (!linked.ok())
      return Fail(linked.status());
  }
  WarnIfUnsigned(*o->records);
  return kExitOk;
}

int RunLink(const GlobalOptions& global, const AuthorityArgs& /*args*/) {
  auto o = OpenAll(global, "");
  if (!o.ok())
    return Fail(o.status());
  auto linked = o->authorities->Link(Operator(*o->records));
  if (!linked.ok())
    return Fail(linked.status());
  std::printf(
      "linked through change %lld: %lld records, %lld new names (%lld matched, %lld "
      "authorities of their own)\n",
      static_cast<long long>(linked->last_seq), static_cast<long long>(linked->records),
      static_cast<long long>(linked->names), static_cast<long long>(linked->matched),
      static_cast<long long>(linked->created));
  WarnIfUnsigned(*o->records);
  return kExitOk;
}

int RunShowAuthority(const GlobalOptions& global, const AuthorityArgs& args) {
  auto o = OpenAll(global, args.as);
  if (!o.ok())
    return Fail(o.status());
  auto view = o->authorities->Show(o->subject, args.target, args.limit);
  if (!view.ok())
    return Fail(view.status());
  const archive::Authority& a = view->authority;
  if (args.json) {
    Json j = AuthorityJson(a);
    Json years = Json::array();
    for (const auto& [y, n] : view->by_year)
      years.push_back({{"year", y}, {"count", n}});
    Json mentions = Json::array();
    for (const archive::Mention& m : view->mentions) {
      mentions.push_back({{"id", m.id}, {"title", m.title}, {"date", m.date}});
    }
    j["records"] = {{"total", view->records}, {"by_year", years}, {"hits", mentions}};
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s  [%s, %s]\n", a.name.c_str(), a.id.c_str(),
              std::string(archive::AuthorityKindName(a.kind)).c_str());
  if (const std::string life = Span(a.birth, a.death); !life.empty()) {
    std::printf("Dates: %s\n", life.c_str());
  }
  if (const std::string active = Span(a.active_from, a.active_to); !active.empty()) {
    std::printf("Named in sources: %s\n", active.c_str());
  }
  if (!a.variants.empty()) {
    std::printf("Variants:\n");
    for (const std::string& v : a.variants)
      std::printf("  %s\n", v.c_str());
  }
  if (!a.posts.empty()) {
    std::printf("Posts held:\n");
    for (const archive::PostHeld& p : a.posts)
      PrintPost(p);
  }
  if (!a.note.empty())
    std::printf("Note: %s\n", a.note.c_str());
  if (!a.sources.empty()) {
    std::printf("Sources:\n");
    for (const std::string& s : a.sources)
      std::printf("  %s\n", s.c_str());
  }
  std::printf("Records: %llu\n", static_cast<unsigned long long>(view->records));
  for (const auto& [y, n] : view->by_year) {
    std::printf("  %s: %llu\n", y.c_str(), static_cast<unsigned long long>(n));
  }
  for (const archive::Mention& m : view->mentions) {
    std::printf("  %s  %s  %s\n", m.id.c_str(), m.date.c_str(), m.title.c_str());
  }
  return kExitOk;
}

int RunSearchAuthority(const GlobalOptions& global, const AuthorityArgs& args) {
  auto o = OpenAll(global, "");
  if (!o.ok())
    return Fail(o.status());
  std::optional<archive::AuthorityKind> kind;
  if (!args.kind.empty()) {
    archive::AuthorityKind k;
    if (!archive::ParseAuthorityKind(args.kind, &k)) {
      return Fail(InvalidArgument("--kind: expected person, office, organization or subject"));
    }
    kind = k;
  }
  auto found = o->authorities->Find(args.target, kind, args.limit);
  if (!found.ok())
    return Fail(found.status());
  if (args.json) {
    Json out = Json::array();
    for (const archive::Authority& a : *found)
      out.push_back(AuthorityJson(a));
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  for (const archive::Authority& a : *found) {
    std::printf("%s  %s  (%s)\n", a.id.c_str(), a.name.c_str(),
                std::string(archive::AuthorityKindName(a.kind)).c_str());
  }
  if (found->empty())
    std::printf("no authority matches\n");
  return kExitOk;
}

int RunChief(const GlobalOptions& global, const AuthorityArgs& args) {
  auto o = OpenAll(global, "");
  if (!o.ok())
    return Fail(o.status());
  auto chiefs = o->authorities->Chief(args.post, args.on);
  if (!chiefs.ok())
    return Fail(chiefs.status());
  if (args.json) {
    Json out = Json::array();
    for (const archive::ChiefAnswer& c : *chiefs) {
      out.push_back({{"person", AuthorityJson(c.person)}, {"post", PostJson(c.post)}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  for (const archive::ChiefAnswer& c : *chiefs) {
    std::printf("%s  [%s]\n", c.person.name.c_str(), c.person.id.c_str());
    PrintPost(c.post);
  }
  if (chiefs->empty())
    std::printf("nobody held %s on %s\n", args.post.c_str(), args.on.c_str());
  return kExitOk;
}

int RunSubjects(const GlobalOptions& global, const AuthorityArgs& args) {
  auto o = OpenAll(global, "");
  if (!o.ok())
    return Fail(o.status());
  if (!args.target.empty()) {
    auto s = o->authorities->CheckSubject(args.target);
    if (!s.ok())
      return Fail(s.status());
    std::printf("%s  %s\n", s->id.c_str(), s->name.c_str());
    return kExitOk;
  }
  auto all = o->authorities->Subjects();
  if (!all.ok())
    return Fail(all.status());
  for (const archive::Authority& s : *all) {
    std::printf("%s  %s%s\n", s.id.c_str(), s.name.c_str(),
                s.broader.empty() ? "" : ("  (broader: " + s.broader + ")").c_str());
  }
  return kExitOk;
}

}  // namespace

Result<std::string> ExpandPersonQuery(records::Records& records, const std::string& query) {
  if (query.find("person:") == std::string::npos)
    return query;
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Authorities> authorities,
                            archive::Authorities::Open(records));
  return authorities->ExpandQuery(query);
}

void RegisterAuthority(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("authority", "name authorities (docs/authorities.md)");
  cmd->require_subcommand(1);
  auto bind = [&global, &run](CLI::App* sub, std::shared_ptr<AuthorityArgs> args,
                              int (*fn)(const GlobalOptions&, const AuthorityArgs&)) {
    sub->callback(
        [&global, &run, args, fn]() { run = [&global, args, fn]() { return fn(global, *args); }; });
  };
  {
    auto args = std::make_shared<AuthorityArgs>();
    auto* sub = cmd->add_subcommand(
        "load", "load POCOM (.tar.zst, .tar or directory) or an authority file (.jsonl)");
    sub->add_option("path", args->target, "file or directory")->required();
    sub->add_flag("--pocom", args->pocom, "read PATH as POCOM data whatever its name");
    sub->add_flag("!--no-link", args->link, "do not link the records' persons afterwards");
    bind(sub, args, RunLoad);
  }
  {
    auto args = std::make_shared<AuthorityArgs>();
    auto* sub = cmd->add_subcommand("link", "link persons of records changed since the last link");
    bind(sub, args, RunLink);
  }
  {
    auto args = std::make_shared<AuthorityArgs>();
    auto* sub = cmd->add_subcommand("show", "an authority, its posts and the records naming it");
    sub->add_option("name", args->target, "id or name")->required();
    sub->add_option("--as", args->as, "read as this user (default: the public reader)");
    sub->add_option("--limit", args->limit, "records listed (default 20)");
    sub->add_flag("--json", args->json, "print JSON");
    bind(sub, args, RunShowAuthority);
  }
  {
    auto args = std::make_shared<AuthorityArgs>();
    auto* sub = cmd->add_subcommand("search", "authorities whose names hold every word");
    sub->add_option("text", args->target, "words")->required();
    sub->add_option("--kind", args->kind, "person, office, organization or subject");
    sub->add_option("--limit", args->limit, "at most (default 20)");
    sub->add_flag("--json", args->json, "print JSON");
    bind(sub, args, RunSearchAuthority);
  }
  {
    auto args = std::make_shared<AuthorityArgs>();
    auto* sub = cmd->add_subcommand("chief", "who held a post on a day");
    sub->add_option("--post", args->post, "city (Moscow) or POCOM post id (russia)")->required();
    sub->add_option("--on", args->on, "day, YYYY-MM-DD")->required();
    sub->add_flag("--json", args->json, "print JSON");
    bind(sub, args, RunChief);
  }
  {
    auto args = std::make_shared<AuthorityArgs>();
    auto* sub = cmd->add_subcommand("subjects", "the subject vocabulary, or check one term");
    sub->add_option("term", args->target, "a term to check");
    bind(sub, args, RunSubjects);
  }
}

}  // namespace chancery::cli
