// chancery cite ID|SERIAL... --style S [--version N]: the citation of record versions
// (docs/citations.md). Reads through Records::ShowVersion, so a record or version the reader
// may not read is "no record ID", like a missing one.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/format/citation.h"
#include "chancery/records/content_hash.h"

#include "cli.h"

namespace chancery::cli {

namespace {

constexpr int kExitUsage = 2;  // an unknown style or --version with several records

struct CiteArgs {
  std::vector<std::string> targets;
  std::string style = "wilson";
  int64_t version = 0;
  std::string as;
  std::string base_url;
};

// --base-url, else $CHANCERY_PUBLIC_URL, else chanceryd's default address.
std::string BaseUrl(const CiteArgs& args) {
  if (!args.base_url.empty()) {
    return args.base_url;
  }
  const char* env = std::getenv("CHANCERY_PUBLIC_URL");
  return env != nullptr && *env != '\0' ? env : "http://localhost:8080";
}

int RunCite(const GlobalOptions& global, const CiteArgs& args) {
  Result<format::CitationStyle> style = format::ParseCitationStyle(args.style);
  if (!style.ok()) {
    Fail(style.status());
    return kExitUsage;
  }
  if (args.version != 0 && args.targets.size() != 1) {
    Fail(InvalidArgument("--version cites one record: give one ID"));
    return kExitUsage;
  }
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  auto subject = SubjectFor(**records, args.as);
  if (!subject.ok()) {
    return Fail(subject.status());
  }
  std::string out;
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const std::string& target : args.targets) {
    auto v = (*records)->ShowVersion(*subject, target, args.version);
    if (!v.ok()) {
      return Fail(v.status());
    }
    format::CitedVersion cited{v->version, BaseUrl(args), records::ContentHash(v->cable)};
    if (*style == format::CitationStyle::kCslJson) {
      // Several records make one CSL-JSON array.
      items.push_back(nlohmann::ordered_json::parse(format::CslItemJson(v->cable, cited)));
    } else {
      out += format::RenderCitation(v->cable, cited, *style);
    }
  }
  if (*style == format::CitationStyle::kCslJson) {
    out = items.dump(2) + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterCite(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<CiteArgs>();
  auto* cmd = app.add_subcommand("cite", "cite record versions (docs/citations.md)");
  cmd->add_option("id", args->targets, "record ids or verbatim serials")->required();
  cmd->add_option("--style", args->style, "one of: " + format::CitationStyleList());
  cmd->add_option("--version", args->version, "the version to cite (default: the current one)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--as", args->as, "read as this user (default: the public reader)");
  cmd->add_option("--base-url", args->base_url,
                  "base of permalinks (default: $CHANCERY_PUBLIC_URL, else http://localhost:8080)");
  cmd->callback(
      [&global, &run, args]() { run = [&global, args]() { return RunCite(global, *args); }; });
}

}  // namespace chancery::cli
