// chancery saved add|list|remove|feed and chancery alerts list|run: saved searches and their
// alerts (docs/alerts.md). A saved search belongs to a registered reader (--as USER); alerts
// are decided for that reader as they are now, like every read.
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "chancery/archive/alerts.h"

#include "cli.h"

namespace chancery::cli {
namespace {

using Json = nlohmann::json;

struct AlertArgs {
  std::string as;
  std::string id;
  std::string query;
  std::string name;
  std::string from;
  std::string to;
  bool undated = false;
  bool renew = false;
  bool revoke = false;
  size_t limit = archive::kDefaultAlertLimit;
  bool json = false;
};

struct Opened {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Alerts> alerts;
  security::Subject subject;
};

Result<Opened> OpenAll(const GlobalOptions& global, const std::string& as, bool need_user) {
  if (need_user && as.empty()) {
    return InvalidArgument("--as USER: saved searches and alerts belong to a registered reader");
  }
  Opened o;
  CHANCERY_ASSIGN_OR_RETURN(o.records, OpenRecords(global));
  if (!as.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(o.subject, SubjectFor(*o.records, as));
  }
  CHANCERY_ASSIGN_OR_RETURN(o.alerts, archive::Alerts::Open(*o.records));
  return o;
}

std::string Iso(int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Json SavedJson(const archive::SavedSearch& s) {
  return {{"id", s.id},
          {"name", s.spec.name},
          {"query", s.spec.query},
          {"from", s.spec.from},
          {"to", s.spec.to},
          {"undated", s.spec.undated},
          {"created", Iso(s.created_micros)},
          {"feed", s.feed_token.empty() ? "" : "/feeds/" + s.feed_token + ".atom"}};
}

Json AlertJson(const archive::Alert& a) {
  return {{"search", a.search_id},
          {"id", a.record_id},
          {"title", a.title},
          {"date", a.date},
          {"alerted", Iso(a.alerted_micros)}};
}

void PrintSaved(const archive::SavedSearch& s) {
  std::string range;
  if (!s.spec.from.empty() || !s.spec.to.empty()) {
    range = "  [" + s.spec.from + ".." + s.spec.to + (s.spec.undated ? ", undated too" : "") + "]";
  }
  std::printf("%s  %s  q=%s%s\n    feed: %s\n", s.id.c_str(), s.spec.name.c_str(),
              s.spec.query.c_str(), range.c_str(),
              s.feed_token.empty() ? "(revoked)" : ("/feeds/" + s.feed_token + ".atom").c_str());
}

void PrintAlerts(const std::vector<archive::Alert>& alerts, bool json) {
  if (json) {
    Json out = Json::array();
    for (const auto& a : alerts) {
      out.push_back(AlertJson(a));
    }
    std::printf("%s\n", out.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
    return;
  }
  for (const auto& a : alerts) {
    std::printf("%s  %s  %s  %s  (%s)\n", Iso(a.alerted_micros).c_str(), a.record_id.c_str(),
                a.date.empty() ? "undated" : a.date.c_str(), a.title.c_str(), a.search_id.c_str());
  }
  if (alerts.empty()) {
    std::printf("no alerts\n");
  }
}

int RunAdd(const GlobalOptions& global, const AlertArgs& args) {
  auto o = OpenAll(global, args.as, true);
  if (!o.ok()) {
    return Fail(o.status());
  }
  archive::SavedSearchSpec spec{args.name, args.query, args.from, args.to, args.undated};
  auto saved = o->alerts->Save(o->subject, spec);
  if (!saved.ok()) {
    return Fail(saved.status());
  }
  if (args.json) {
    std::printf("%s\n",
                SavedJson(*saved).dump(2, ' ', false, Json::error_handler_t::replace).c_str());
  } else {
    std::printf("saved ");
    PrintSaved(*saved);
  }
  return kExitOk;
}

int RunSavedList(const GlobalOptions& global, const AlertArgs& args) {
  auto o = OpenAll(global, args.as, true);
  if (!o.ok()) {
    return Fail(o.status());
  }
  auto list = o->alerts->List(o->subject);
  if (!list.ok()) {
    return Fail(list.status());
  }
  if (args.json) {
    Json out = Json::array();
    for (const auto& s : *list) {
      out.push_back(SavedJson(s));
    }
    std::printf("%s\n", out.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  for (const auto& s : *list) {
    PrintSaved(s);
  }
  if (list->empty()) {
    std::printf("no saved searches\n");
  }
  return kExitOk;
}

int RunRemove(const GlobalOptions& global, const AlertArgs& args) {
  auto o = OpenAll(global, args.as, true);
  if (!o.ok()) {
    return Fail(o.status());
  }
  if (Status s = o->alerts->Remove(o->subject, args.id); !s.ok()) {
    return Fail(s);
  }
  std::printf("removed %s\n", args.id.c_str());
  return kExitOk;
}

int RunFeed(const GlobalOptions& global, const AlertArgs& args) {
  if (args.renew == args.revoke) {
    return Fail(InvalidArgument("saved feed: give exactly one of --renew or --revoke"));
  }
  auto o = OpenAll(global, args.as, true);
  if (!o.ok()) {
    return Fail(o.status());
  }
  if (args.revoke) {
    if (Status s = o->alerts->RevokeFeed(o->subject, args.id); !s.ok()) {
      return Fail(s);
    }
    std::printf("feed of %s revoked\n", args.id.c_str());
    return kExitOk;
  }
  auto renewed = o->alerts->RenewFeed(o->subject, args.id);
  if (!renewed.ok()) {
    return Fail(renewed.status());
  }
  std::printf("feed: /feeds/%s.atom\n", renewed->feed_token.c_str());
  return kExitOk;
}

int RunAlertsList(const GlobalOptions& global, const AlertArgs& args) {
  auto o = OpenAll(global, args.as, true);
  if (!o.ok()) {
    return Fail(o.status());
  }
  auto alerts = o->alerts->List(o->subject, args.id, args.limit);
  if (!alerts.ok()) {
    return Fail(alerts.status());
  }
  PrintAlerts(*alerts, args.json);
  return kExitOk;
}

int RunAlertsRun(const GlobalOptions& global, const AlertArgs& args) {
  auto o = OpenAll(global, args.as, false);
  if (!o.ok()) {
    return Fail(o.status());
  }
  auto run = o->alerts->Run();
  if (!run.ok()) {
    return Fail(run.status());
  }
  std::fprintf(args.json ? stderr : stdout,
               "changes %lld..%lld: %lld record(s) matched against %lld saved search(es) in "
               "%.1f ms, %lld new alert(s)\n",
               static_cast<long long>(run->from_seq), static_cast<long long>(run->to_seq),
               static_cast<long long>(run->records), static_cast<long long>(run->searches),
               static_cast<double>(run->micros) / 1000.0, static_cast<long long>(run->matches));
  if (args.as.empty()) {
    return kExitOk;
  }
  auto alerts = o->alerts->List(o->subject, "", args.limit);
  if (!alerts.ok()) {
    return Fail(alerts.status());
  }
  PrintAlerts(*alerts, args.json);
  return kExitOk;
}

}  // namespace

void RegisterAlerts(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<AlertArgs>();
  const auto as = [&](CLI::App* sub) {
    sub->add_option("--as", args->as, "the reader whose saved searches these are");
  };
  CLI::App* saved = app.add_subcommand("saved", "saved searches (alerts when records match)");
  saved->require_subcommand(1);

  CLI::App* add = saved->add_subcommand("add", "save a search (query language of docs/search.md)");
  add->add_option("query", args->query, "the query, as in the reading room")->required();
  add->add_option("--name", args->name, "a name for it (default: the query)");
  add->add_option("--from", args->from, "from date: YYYY, YYYY-MM or YYYY-MM-DD");
  add->add_option("--to", args->to, "to date (inclusive)");
  add->add_flag("--undated", args->undated, "with a date range, undated records match too");
  add->add_flag("--json", args->json, "print JSON");
  as(add);
  add->callback(
      [&global, &run, args]() { run = [&global, args] { return RunAdd(global, *args); }; });

  CLI::App* list = saved->add_subcommand("list", "my saved searches and their feed URLs");
  list->add_flag("--json", args->json, "print JSON");
  as(list);
  list->callback(
      [&global, &run, args]() { run = [&global, args] { return RunSavedList(global, *args); }; });

  CLI::App* remove = saved->add_subcommand("remove", "remove a saved search and its alerts");
  remove->add_option("id", args->id, "saved search id (ss-...)")->required();
  as(remove);
  remove->callback(
      [&global, &run, args]() { run = [&global, args] { return RunRemove(global, *args); }; });

  CLI::App* feed = saved->add_subcommand("feed", "renew or revoke a saved search's feed URL");
  feed->add_option("id", args->id, "saved search id (ss-...)")->required();
  feed->add_flag("--renew", args->renew, "a new secret URL (the old one stops working)");
  feed->add_flag("--revoke", args->revoke, "no feed URL");
  as(feed);
  feed->callback(
      [&global, &run, args]() { run = [&global, args] { return RunFeed(global, *args); }; });

  CLI::App* alerts = app.add_subcommand("alerts", "alerts of saved searches");
  alerts->require_subcommand(1);
  CLI::App* alist = alerts->add_subcommand("list", "my alerts, newest first");
  alist->add_option("id", args->id, "only this saved search");
  alist->add_option("--limit", args->limit, "at most this many (default 100)");
  alist->add_flag("--json", args->json, "print JSON");
  as(alist);
  alist->callback(
      [&global, &run, args]() { run = [&global, args] { return RunAlertsList(global, *args); }; });
  CLI::App* arun = alerts->add_subcommand(
      "run", "match records changed since the last run against every saved search");
  arun->add_option("--limit", args->limit, "with --as: alerts shown (default 100)");
  arun->add_flag("--json", args->json, "with --as: print the alerts as JSON");
  as(arun);
  arun->callback(
      [&global, &run, args]() { run = [&global, args] { return RunAlertsRun(global, *args); }; });
}

}  // namespace chancery::cli
