// chancery collection list|show|create|describe|add|remove|move: collections in their own order
// (docs/archive.md "Browsing"). Reading is anyone's, as --as USER (default: the public reader);
// curated collections are changed by archivists (--as an archivist, or the local operator).
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "chancery/archive/collections.h"

#include "cli.h"

namespace chancery::cli {
namespace {

using Json = nlohmann::json;

struct CollectionArgs {
  std::string as;
  std::string id;
  std::string member;
  std::string title;
  std::string description;
  std::string description_file;
  std::string section;
  std::vector<std::string> members;
  uint32_t position = 0;
  bool json = false;
};

struct Opened {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Collections> collections;
  security::Subject subject;
};

// --as USER, else the public reader (reading) or the local operator (changes).
Result<Opened> OpenAll(const GlobalOptions& global, const std::string& as, bool change) {
  Opened o;
  CHANCERY_ASSIGN_OR_RETURN(o.records, OpenRecords(global));
  if (change && as.empty()) {
    o.subject = Operator(*o.records);
  } else {
    CHANCERY_ASSIGN_OR_RETURN(o.subject, SubjectFor(*o.records, as));
  }
  CHANCERY_ASSIGN_OR_RETURN(o.collections, archive::Collections::Open(*o.records));
  return o;
}

Json EntryJson(const archive::CollectionEntry& e) {
  return {{"id", e.id}, {"title", e.title}, {"date", e.date}, {"number", e.number}};
}

Json SummaryJson(const archive::CollectionSummary& s) {
  return {{"id", s.id},
          {"kind", archive::CollectionKindName(s.kind)},
          {"title", s.title},
          {"description", s.description},
          {"count", s.count}};
}

int RunList(const GlobalOptions& global, const CollectionArgs& args) {
  auto o = OpenAll(global, args.as, false);
  if (!o.ok()) {
    return Fail(o.status());
  }
  auto list = o->collections->List(o->subject);
  if (!list.ok()) {
    return Fail(list.status());
  }
  if (args.json) {
    Json out = Json::array();
    for (const auto& s : *list) {
      out.push_back(SummaryJson(s));
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  for (const auto& s : *list) {
    std::printf("%-24s %-8s %5llu  %s\n", s.id.c_str(),
                std::string(archive::CollectionKindName(s.kind)).c_str(),
                static_cast<unsigned long long>(s.count), s.title.c_str());
  }
  return kExitOk;
}

int RunShow(const GlobalOptions& global, const CollectionArgs& args) {
  auto o = OpenAll(global, args.as, false);
  if (!o.ok()) {
    return Fail(o.status());
  }
  auto toc = o->collections->Toc(o->subject, args.id);
  if (!toc.ok()) {
    return Fail(toc.status());
  }
  if (args.json) {
    Json j = SummaryJson(toc->summary);
    j["sections"] = Json::array();
    for (const auto& s : toc->sections) {
      Json entries = Json::array();
      for (const auto& e : s.entries) {
        entries.push_back(EntryJson(e));
      }
      j["sections"].push_back({{"path", s.path}, {"entries", entries}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s\n%s (%s, %llu documents)\n", toc->summary.title.c_str(), toc->summary.id.c_str(),
              std::string(archive::CollectionKindName(toc->summary.kind)).c_str(),
              static_cast<unsigned long long>(toc->summary.count));
  if (!toc->summary.description.empty()) {
    std::printf("\n%s\n", toc->summary.description.c_str());
  }
  std::vector<std::string> open;  // the headings printed so far, outermost first
  for (const auto& s : toc->sections) {
    size_t same = 0;
    while (same < open.size() && same < s.path.size() && open[same] == s.path[same]) {
      ++same;
    }
    for (size_t i = same; i < s.path.size(); ++i) {
      std::printf("\n%s%s\n", std::string(2 * i, ' ').c_str(), s.path[i].c_str());
    }
    open = s.path;
    const std::string indent(2 * s.path.size() + 2, ' ');
    for (const auto& e : s.entries) {
      std::printf("%s%s. %s%s%s\n", indent.c_str(), e.number.c_str(), e.title.c_str(),
                  e.date.empty() ? "" : "  ", e.date.c_str());
    }
  }
  return kExitOk;
}

// A change by an archivist; prints "ok" and signs a checkpoint.
int Change(const GlobalOptions& global, const CollectionArgs& args,
           const std::function<Status(archive::Collections&, const security::Subject&)>& fn) {
  auto o = OpenAll(global, args.as, true);
  if (!o.ok()) {
    return Fail(o.status());
  }
  const Status done = fn(*o->collections, o->subject);
  WarnIfUnsigned(*o->records);
  if (!done.ok()) {
    return Fail(done);
  }
  std::printf("ok\n");
  return kExitOk;
}

Result<std::optional<std::string>> Description(const CollectionArgs& args) {
  if (!args.description_file.empty()) {
    std::ifstream in(args.description_file, std::ios::binary);
    if (!in) {
      return IoError(args.description_file + ": cannot read");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return std::optional<std::string>(text.str());
  }
  if (!args.description.empty()) {
    return std::optional<std::string>(args.description);
  }
  return std::optional<std::string>();
}

}  // namespace

void RegisterCollection(CLI::App& app, GlobalOptions& global, Runner& run) {
  CLI::App* cmd = app.add_subcommand("collection", "collections in their own order");
  cmd->require_subcommand(1);
  auto args = std::make_shared<CollectionArgs>();
  const auto common = [&](CLI::App* sub, bool json) {
    sub->add_option("--as", args->as, "as this user (reading: default the public reader)");
    if (json) {
      sub->add_flag("--json", args->json, "print JSON");
    }
  };
  CLI::App* list = cmd->add_subcommand("list", "collections the reader may see");
  common(list, true);
  list->callback(
      [&global, &run, args]() { run = [&global, args] { return RunList(global, *args); }; });

  CLI::App* show = cmd->add_subcommand("show", "a collection's table of contents");
  show->add_option("id", args->id, "collection id (a FRUS volume id or a curated id)")->required();
  common(show, true);
  show->callback(
      [&global, &run, args]() { run = [&global, args] { return RunShow(global, *args); }; });

  CLI::App* create = cmd->add_subcommand("create", "create a curated collection (archivist)");
  create->add_option("id", args->id, "new id: a-z, 0-9, '-'")->required();
  create->add_option("--title", args->title, "title")->required();
  create->add_option("--description", args->description, "description text");
  create->add_option("--description-file", args->description_file, "description from a file");
  create->add_option("--member", args->members, "a member record id (repeat, in order)");
  common(create, false);
  create->callback([&global, &run, args]() {
    run = [&global, args] {
      auto description = Description(*args);
      if (!description.ok()) {
        return Fail(description.status());
      }
      archive::CuratedCollection c;
      c.id = args->id;
      c.title = args->title;
      c.description = description->value_or("");
      if (!args->members.empty()) {
        c.sections.push_back({"", args->members});
      }
      return Change(global, *args, [c](archive::Collections& cs, const security::Subject& s) {
        return cs.Create(s, c);
      });
    };
  });

  CLI::App* describe = cmd->add_subcommand("describe", "set title or description (archivist)");
  describe->add_option("id", args->id, "collection id")->required();
  describe->add_option("--title", args->title, "new title");
  describe->add_option("--description", args->description, "new description text");
  describe->add_option("--description-file", args->description_file, "description from a file");
  common(describe, false);
  describe->callback([&global, &run, args]() {
    run = [&global, args] {
      auto description = Description(*args);
      if (!description.ok()) {
        return Fail(description.status());
      }
      std::optional<std::string> title;
      if (!args->title.empty()) {
        title = args->title;
      }
      const std::optional<std::string> d = *description;
      return Change(global, *args, [&](archive::Collections& cs, const security::Subject& s) {
        return cs.Describe(s, args->id, title, d);
      });
    };
  });

  CLI::App* add = cmd->add_subcommand("add", "add a member (archivist)");
  add->add_option("id", args->id, "collection id")->required();
  add->add_option("member", args->member, "record id")->required();
  add->add_option("--section", args->section, "section title (a new one is appended)");
  add->add_option("--position", args->position, "1-based place in the section (default: end)");
  common(add, false);
  add->callback([&global, &run, args]() {
    run = [&global, args] {
      return Change(global, *args, [&](archive::Collections& cs, const security::Subject& s) {
        return cs.Add(s, args->id, args->member, args->section, args->position);
      });
    };
  });

  CLI::App* remove = cmd->add_subcommand("remove", "remove a member (archivist)");
  remove->add_option("id", args->id, "collection id")->required();
  remove->add_option("member", args->member, "record id")->required();
  common(remove, false);
  remove->callback([&global, &run, args]() {
    run = [&global, args] {
      return Change(global, *args, [&](archive::Collections& cs, const security::Subject& s) {
        return cs.Remove(s, args->id, args->member);
      });
    };
  });

  CLI::App* move = cmd->add_subcommand("move", "move a member within its section (archivist)");
  move->add_option("id", args->id, "collection id")->required();
  move->add_option("member", args->member, "record id")->required();
  move->add_option("position", args->position, "new 1-based place")->required();
  common(move, false);
  move->callback([&global, &run, args]() {
    run = [&global, args] {
      return Change(global, *args, [&](archive::Collections& cs, const security::Subject& s) {
        return cs.Move(s, args->id, args->member, args->position);
      });
    };
  });
}

std::string RenderNeighbours(records::Records& records, const security::Subject& reader,
                             std::string_view id) {
  auto collections = archive::Collections::Open(records);
  if (!collections.ok()) {
    return "";
  }
  auto around = (*collections)->Around(reader, id);
  if (!around.ok()) {
    return "";
  }
  std::string out;
  for (const archive::Neighbours& n : *around) {
    out += "\nIn " + n.title + " (" + n.collection + "), " + std::to_string(n.index) + " of " +
           std::to_string(n.count) + (n.chapter.empty() ? "" : "; " + n.chapter) + "\n";
    out += "  Previous in " + n.collection + ": " +
           (n.previous ? n.previous->number + ". " + n.previous->title + " [" + n.previous->id + "]"
                       : std::string("(first)")) +
           "\n";
    out += "  Next in " + n.collection + ": " +
           (n.next ? n.next->number + ". " + n.next->title + " [" + n.next->id + "]"
                   : std::string("(last)")) +
           "\n";
  }
  return out;
}

}  // namespace chancery::cli
