// The read verbs: show, search, list, export. Every one goes through Records, which decides
// access and audits; a record the subject may not read is "not found", like a missing one.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"
#include "chancery/search/histogram.h"

#include "cli.h"
#include "record_view.h"
#include "translation_view.h"

namespace chancery::cli {

namespace {

struct ReadArgs {
  std::string as;
  bool json = false;
  bool cable_text = false;  // show: the cable text format instead of the reader's view
  bool jsonl = false;
  std::string target;  // show: id or serial; search: query
  std::string from;
  std::string to;
  uint32_t limit = 10;
  uint32_t offset = 0;
  std::string sort = "relevance";
  std::vector<std::string> facets;
  bool snippets = false;
  bool include_undated = false;
  bool histogram = false;  // search --histogram: the date histogram (docs/search.md)
  int64_t version = 0;     // show --version N: a past version (docs/citations.md)
};

// Opens the store and resolves --as; on failure prints the error and returns false.
bool Open(const GlobalOptions& global, const ReadArgs& args,
          std::unique_ptr<records::Records>* records, security::Subject* subject, int* code) {
  auto opened = OpenRecords(global);
  if (!opened.ok()) {
    *code = Fail(opened.status());
    return false;
  }
  *records = std::move(opened).value();
  auto s = SubjectFor(**records, args.as);
  if (!s.ok()) {
    *code = Fail(s.status());
    return false;
  }
  *subject = std::move(s).value();
  return true;
}

int RunShow(const GlobalOptions& global, const ReadArgs& args) {
  std::unique_ptr<records::Records> records;
  security::Subject subject;
  int code = kExitFailed;
  if (!Open(global, args, &records, &subject, &code)) {
    return code;
  }
  std::string banner;  // show --version N of a version that is not the current one
  Result<model::Cable> cable = NotFound("");
  if (args.version != 0) {
    auto v = records->ShowVersion(subject, args.target, args.version);
    if (!v.ok()) {
      return Fail(v.status());
    }
    if (v->version != v->current) {
      banner = "Version " + std::to_string(v->version) + " of " + std::to_string(v->current) +
               "; the current version differs.\n\n";
    }
    cable = std::move(v->cable);
  } else {
    cable = records->Show(subject, args.target);
  }
  if (!cable.ok()) {
    return Fail(cable.status());
  }
  // The translations the reader may read (docs/archive.md "Translations"), current version only.
  std::vector<records::TranslationSummary> translations;
  if (args.version == 0 && !args.cable_text) {
    auto listed = records->Translations(subject, cable->id);
    if (!listed.ok()) {
      return Fail(listed.status());
    }
    translations = std::move(*listed);
  }
  std::string published_original;  // a published translation's original, as published
  if (args.version == 0 && !args.cable_text && !cable->translation_of.original.empty()) {
    auto published = records->PublishedOriginal(subject, cable->id);
    if (!published.ok()) {
      return Fail(published.status());
    }
    published_original = std::move(*published);
  }
  std::string out =
      args.json
          ? records::CableJsonWithTranslations(*cable, translations, 2, published_original) + "\n"
      : args.cable_text
          ? format::RenderCableText(*cable)
          : banner + RenderRecordView(*cable) +
                (published_original.empty()
                     ? ""
                     : "Original as published: " + published_original + "\n") +
                (translations.empty() ? "" : "\n") + RenderTranslations(translations) +
                (args.version == 0 ? RenderNeighbours(*records, subject, cable->id) : "");
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

Result<std::optional<model::Date>> ParseOptionalDate(const std::string& text, const char* flag) {
  if (text.empty()) {
    return std::optional<model::Date>();
  }
  auto d = model::Date::Parse(text);
  if (!d.ok()) {
    return InvalidArgument(std::string(flag) + ": " + std::string(d.status().message()));
  }
  return std::optional<model::Date>(*d);
}

// docs/format/json.md §Search results.
nlohmann::json SearchJson(const search::SearchResults& results) {
  nlohmann::json j;
  j["total"] = results.total;
  j["hits"] = nlohmann::json::array();
  for (const auto& hit : results.hits) {
    // Empty title, unset date and absent snippet are omitted.
    nlohmann::json h{{"id", hit.id}, {"score", hit.score}};
    if (!hit.title.empty()) {
      h["title"] = hit.title;
    }
    if (!hit.date.empty()) {
      h["date"] = hit.date;
    }
    // The range of an undated record, as `show --json` gives it (docs/format/json.md).
    if (!hit.earliest.empty()) {
      h["earliest"] = hit.earliest;
    }
    if (!hit.latest.empty()) {
      h["latest"] = hit.latest;
    }
    if (hit.date_approximate) {
      h["date_approximate"] = true;
    }
    if (!hit.snippet.empty()) {
      h["snippet"] = hit.snippet;
    }
    AddHitLanguage(hit, &h);  // translation_view.cc
    j["hits"].push_back(std::move(h));
  }
  if (!results.facets.empty()) {
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& facet : results.facets) {
      nlohmann::json buckets = nlohmann::json::array();
      for (const auto& b : facet.buckets) {
        nlohmann::json bucket = {{"value", b.value}, {"count", b.count}};
        if (!b.label.empty()) {
          bucket["label"] = b.label;
        }
        buckets.push_back(std::move(bucket));
      }
      facets[std::string(search::FacetName(facet.facet))] = std::move(buckets);
    }
    j["facets"] = std::move(facets);
  }
  if (results.budget_exceeded) {
    j["budget_exceeded"] = true;
  }
  return j;
}

void PrintSearchText(const search::SearchResults& results) {
  std::printf("%llu result%s\n", static_cast<unsigned long long>(results.total),
              results.total == 1 ? "" : "s");
  for (const auto& hit : results.hits) {
    const std::string date = DateText(hit.date, hit.earliest, hit.latest, hit.date_approximate);
    std::printf("%-24s %-10s %s\n", hit.id.c_str(), date.c_str(), hit.title.c_str());
    if (const std::string language = HitLanguageText(hit); !language.empty()) {
      std::printf("    %s\n", language.c_str());  // translation_view.cc
    }
    if (!hit.snippet.empty()) {
      std::printf("    %s\n", hit.snippet.c_str());
    }
  }
  for (const auto& facet : results.facets) {
    std::printf("facet %s:", std::string(search::FacetName(facet.facet)).c_str());
    for (const auto& b : facet.buckets) {
      if (b.label.empty()) {
        std::printf(" %s (%llu)", b.value.c_str(), static_cast<unsigned long long>(b.count));
      } else {
        std::printf(" %s [%s] (%llu)", b.label.c_str(), b.value.c_str(),
                    static_cast<unsigned long long>(b.count));
      }
    }
    std::printf("\n");
  }
  if (results.budget_exceeded) {
    std::printf("(time budget exceeded: results may be incomplete)\n");
  }
}

// The date histogram (search/histogram.h) from the month facet, as JSON or text; the month
// facet is then dropped from the results unless it was asked for.
std::string TakeHistogram(search::SearchResults* results, bool keep_months, bool json,
                          const std::string& from, const std::string& to) {
  search::DateHistogram h;
  for (auto it = results->facets.begin(); it != results->facets.end(); ++it) {
    if (it->facet == search::Facet::kMonth) {
      h = search::MakeDateHistogram(*it, from, to);
      if (!keep_months) {
        results->facets.erase(it);
      }
      break;
    }
  }
  if (json) {
    nlohmann::json bins = nlohmann::json::array();
    for (const auto& b : h.bins) {
      bins.push_back({{"label", b.label}, {"from", b.from}, {"to", b.to}, {"count", b.count}});
    }
    return nlohmann::json{{"unit", h.unit}, {"bins", bins}}.dump();
  }
  std::string out = "histogram by " + (h.unit.empty() ? std::string("year") : h.unit) + ":";
  for (const auto& b : h.bins) {
    out += " " + b.label + "=" + std::to_string(b.count);
  }
  return out + "\n";
}

int RunSearch(const GlobalOptions& global, const ReadArgs& args) {
  records::SearchRequest request;
  request.query = args.target;
  request.limit = args.limit;
  request.offset = args.offset;
  auto from = ParseOptionalDate(args.from, "--from");
  auto to = ParseOptionalDate(args.to, "--to");
  if (!from.ok() || !to.ok()) {
    return Fail(!from.ok() ? from.status() : to.status());
  }
  request.from = *from;
  request.to = *to;
  request.include_undated = args.include_undated;
  request.snippets = args.snippets;
  if (!search::ParseSortOrder(args.sort, &request.sort)) {
    return Fail(InvalidArgument("--sort: expected relevance, date-asc or date-desc, not \"" +
                                args.sort + "\""));
  }
  for (const std::string& name : args.facets) {
    search::Facet facet;
    if (!search::ParseFacet(name, &facet)) {
      return Fail(InvalidArgument("--facets: unknown facet \"" + name +
                                  "\" (decade, year, classification, precedence, from, to, "
                                  "collection, language, type)"));
    }
    request.facets.push_back(facet);
  }
  std::unique_ptr<records::Records> records;
  security::Subject subject;
  int code = kExitFailed;
  if (!Open(global, args, &records, &subject, &code)) {
    return code;
  }
  // person:NAME finds every variant of the authorities NAME names (docs/authorities.md).
  if (auto expanded = ExpandPersonQuery(*records, request.query); expanded.ok()) {
    request.query = std::move(expanded).value();
  } else {
    return Fail(expanded.status());
  }
  const bool month_asked = std::find(request.facets.begin(), request.facets.end(),
                                     search::Facet::kMonth) != request.facets.end();
  if (args.histogram && !month_asked) {
    request.facets.push_back(search::Facet::kMonth);
  }
  auto results = records->Search(subject, request);
  if (!results.ok()) {
    return Fail(results.status());
  }
  const std::string histogram =
      args.histogram ? TakeHistogram(&*results, month_asked, args.json, args.from, args.to)
                     : std::string();
  if (args.json) {
    nlohmann::json j = SearchJson(*results);
    if (args.histogram) {
      j["histogram"] = nlohmann::json::parse(histogram);
    }
    std::printf("%s\n", j.dump().c_str());
    return kExitOk;
  }
  PrintSearchText(*results);
  std::fwrite(histogram.data(), 1, histogram.size(), stdout);
  return kExitOk;
}

int RunList(const GlobalOptions& global, const ReadArgs& args) {
  std::unique_ptr<records::Records> records;
  security::Subject subject;
  int code = kExitFailed;
  if (!Open(global, args, &records, &subject, &code)) {
    return code;
  }
  nlohmann::json list = nlohmann::json::array();
  Status s = records->List(subject, [&](const records::RecordSummary& r) {
    if (args.json) {
      list.push_back({{"id", r.id},
                      {"title", r.title},
                      {"date", r.date},
                      {"serial", r.serial},
                      {"label", r.label}});
    } else {
      std::printf("%-24s %-10s %-20s %s\n", r.id.c_str(), r.date.c_str(), r.label.c_str(),
                  r.title.c_str());
    }
    return Status::Ok();
  });
  if (!s.ok()) {
    return Fail(s);
  }
  if (args.json) {
    nlohmann::json j{{"total", list.size()}, {"records", list}};
    std::printf("%s\n", j.dump().c_str());
  }
  return kExitOk;
}

int RunExport(const GlobalOptions& global, const ReadArgs& args) {
  std::unique_ptr<records::Records> records;
  security::Subject subject;
  int code = kExitFailed;
  if (!Open(global, args, &records, &subject, &code)) {
    return code;
  }
  Status s = records->Export(subject, [](const model::Cable& c) {
    std::string line = format::CableToJson(c) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    return Status::Ok();
  });
  return s.ok() ? kExitOk : Fail(s);
}

CLI::App* WithAs(CLI::App* cmd, ReadArgs* args) {
  cmd->add_option("--as", args->as, "read as this user (default: the public reader)");
  return cmd;
}

}  // namespace

void RegisterShow(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<ReadArgs>();
  auto* cmd = WithAs(app.add_subcommand("show", "show one record by id or serial"), args.get());
  cmd->add_option("id", args->target, "record id or verbatim serial")->required();
  cmd->add_flag("--json", args->json, "print JSON (docs/format/json.md)");
  cmd->add_flag("--cable-text", args->cable_text,
                "print the cable text format (docs/format/cable-text.md), which import reads");
  cmd->add_option("--version", args->version, "show this version (default: the current one)")
      ->check(CLI::PositiveNumber);
  cmd->callback(
      [&global, &run, args]() { run = [&global, args]() { return RunShow(global, *args); }; });
}

void RegisterSearch(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<ReadArgs>();
  auto* cmd = WithAs(app.add_subcommand("search", "full-text search (docs/search.md)"), args.get());
  cmd->add_option("query", args->target, "query")->required();
  cmd->add_option("--from", args->from, "earliest date, ISO 8601 (inclusive)");
  cmd->add_option("--to", args->to, "latest date, ISO 8601 (inclusive)");
  cmd->add_option("--limit", args->limit, "hits per page (default 10)")->check(CLI::Range(1, 1000));
  cmd->add_option("--offset", args->offset, "hits to skip (default 0)");
  cmd->add_option("--sort", args->sort, "relevance (default), date-asc or date-desc");
  cmd->add_option("--facets", args->facets,
                  "facet counts: decade,year,classification,precedence,from,to,collection,"
                  "language,type")
      ->delimiter(',');
  cmd->add_flag("--snippets", args->snippets, "highlighted snippet per hit");
  cmd->add_flag(
      "--histogram", args->histogram,
      "date histogram of the results: by year, by month when they span two years or less");
  cmd->add_flag("--include-undated", args->include_undated,
                "with --from/--to, also return undated records");
  cmd->add_flag("--json", args->json, "print {\"total\": N, \"hits\": [...]}");
  cmd->callback(
      [&global, &run, args]() { run = [&global, args]() { return RunSearch(global, *args); }; });
}

void RegisterList(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto list_args = std::make_shared<ReadArgs>();
  auto* list = WithAs(app.add_subcommand("list", "list the records you may read"), list_args.get());
  list->add_flag("--json", list_args->json, "print JSON");
  list->callback([&global, &run, list_args]() {
    run = [&global, list_args]() { return RunList(global, *list_args); };
  });
  auto export_args = std::make_shared<ReadArgs>();
  auto* exp =
      WithAs(app.add_subcommand("export", "export the records you may read"), export_args.get());
  exp->add_flag("--jsonl", export_args->jsonl, "JSON Lines, one record per line")->required();
  exp->callback([&global, &run, export_args]() {
    run = [&global, export_args]() { return RunExport(global, *export_args); };
  });
}

}  // namespace chancery::cli
