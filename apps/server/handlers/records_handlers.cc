// Health, metrics and the reading room: search, records, citations, import.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "chancery/archive/alerts.h"
#include "chancery/archive/authorities.h"
#include "chancery/format/json.h"
#include "chancery/records/importer.h"
#include "chancery/records/records.h"
#include "chancery/search/histogram.h"

#include "admission.h"
#include "handlers.h"
#include "json/record_json.h"
#include "metrics.h"

namespace chancery::server::handlers {

namespace {

// A Host header fit to name this server in a permalink: host[:port], a bracketed IPv6 address
// allowed, nothing that could break out of the URL.
bool IsPlainHost(std::string_view host) {
  if (host.empty() || host.size() > 255)
    return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '[' || c == ']';
  });
}

// A file name for the uploaded body: the basename of ?filename=, restricted to a safe alphabet
// (its extension tells DetectFormat the format).
std::string UploadName(const Params& query) {
  std::string name = FindParam(query, "filename").value_or("upload");
  const size_t slash = name.find_last_of('/');
  if (slash != std::string::npos)
    name = name.substr(slash + 1);
  std::string safe;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    safe.push_back(ok ? c : '_');
  }
  if (safe.empty() || safe[0] == '.')
    safe = "upload" + safe;
  return safe.substr(0, 128);
}

// A private temp directory, removed with its contents when this goes away.
class UploadDir {
 public:
  UploadDir() {
    std::string pattern = (std::filesystem::temp_directory_path(ec_) / "chanceryd-XXXXXX").string();
    if (!ec_ && mkdtemp(pattern.data()) != nullptr)
      path_ = pattern;
  }

  ~UploadDir() {
    if (!path_.empty())
      std::filesystem::remove_all(path_, ec_);
  }

  UploadDir(const UploadDir&) = delete;
  UploadDir& operator=(const UploadDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::error_code ec_;
  std::string path_;
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

Result<records::ImportOptions> ImportOptionsFrom(const Params& query) {
  records::ImportOptions options;
  if (auto current = FindParam(query, "current_classification"); current && !current->empty()) {
    model::Label label;
    label.classification = *current;
    options.current_label = label;
  }
  return options;
}

}  // namespace

// The base of permalinks in citations: the configured public_url; else the address the client
// reached this server at (its Host header); else the bound address and port, never the
// configured port 0 (docs/server.md, public_url).
std::string PublicUrl(const Services& s, const HttpRequest& request) {
  if (!s.config->public_url.empty())
    return s.config->public_url;
  if (const std::string host = request.get_header_value("Host"); IsPlainHost(host))
    return "http://" + host;
  return "http://" + s.config->host + ":" + std::to_string(s.port > 0 ? s.port : s.config->port);
}

Result<Reply> Healthz(Services& s, Call&) {
  return JsonReply(
      Dump({{"status", "ok"}, {"desk", s.desk != nullptr}, {"archive", s.archive != nullptr}}));
}

// Readiness for a load balancer: 200 while the store answers (one read of its change log) and
// the search index can answer searches, else 503 naming which part failed, never why: the
// store's error names its host, and the details go to the log (once per distinct error, not once
// per probe). No change seqs either: they count writes to records the anonymous caller may not
// read.
Result<Reply> Readyz(Services& s, Call&) {
  static std::mutex logged_mu;
  static std::string logged;
  Result<records::IndexLag> lag = s.records->ReadIndexLag();
  const Status& failed = !lag.ok() ? lag.status() : lag->index;
  {
    std::lock_guard<std::mutex> lock(logged_mu);
    if (!failed.ok() && failed.ToString() != logged)
      std::fprintf(stderr, "chanceryd: not ready: %s\n", failed.ToString().c_str());
    logged = failed.ok() ? "" : failed.ToString();
  }
  if (failed.ok())
    return JsonReply(Dump({{"status", "ready"}}));
  return JsonReply(Dump({{"status", "unavailable"}, {"failing", lag.ok() ? "index" : "store"}}),
                   503);
}

Result<Reply> MetricsText(Services& s, Call& call) {
  Reply reply;
  // Per-route series show who works at which desk and when: administrators only.
  reply.body =
      s.metrics->Render(s.gate != nullptr ? s.gate->Waiting() : 0, call.subject.administrator);
  reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return reply;
}

// The date histogram from the month facet (search/histogram.h); the month facet is then dropped
// from the results unless the caller asked for it.
static nlohmann::json TakeHistogramJson(search::SearchResults* results, bool keep_months,
                                        const records::SearchRequest& request) {
  search::DateHistogram h;
  for (auto it = results->facets.begin(); it != results->facets.end(); ++it) {
    if (it->facet != search::Facet::kMonth)
      continue;
    h = search::MakeDateHistogram(*it, request.from ? request.from->ToIso() : "",
                                  request.to ? request.to->ToIso() : "");
    if (!keep_months)
      results->facets.erase(it);
    break;
  }
  nlohmann::json bins = nlohmann::json::array();
  for (const auto& b : h.bins) {
    bins.push_back({{"label", b.label}, {"from", b.from}, {"to", b.to}, {"count", b.count}});
  }
  return {{"unit", h.unit}, {"bins", std::move(bins)}};
}

Result<Reply> Search(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(SearchParams params, ParseSearchParams(call.query));
  if (s.authorities != nullptr) {  // person:NAME finds every variant (docs/authorities.md)
    CHANCERY_ASSIGN_OR_RETURN(params.request.query,
                              s.authorities->ExpandQuery(params.request.query));
  }
  // histogram=1: the date histogram of these results (docs/search.md "Date histogram").
  const bool histogram = FindParam(call.query, "histogram").value_or("") == "1";
  const bool months_asked = std::find(params.request.facets.begin(), params.request.facets.end(),
                                      search::Facet::kMonth) != params.request.facets.end();
  if (histogram && !months_asked)
    params.request.facets.push_back(search::Facet::kMonth);
  CHANCERY_ASSIGN_OR_RETURN(search::SearchResults results,
                            s.records->Search(call.subject, params.request));
  nlohmann::json histogram_json;
  if (histogram)
    histogram_json = TakeHistogramJson(&results, months_asked, params.request);
  nlohmann::json body = SearchResultsJson(results, params.page, params.size);
  if (histogram)
    body["histogram"] = std::move(histogram_json);
  return JsonReply(Dump(body));
}

Result<Reply> GetRecord(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, s.records->Show(call.subject, call.path["id"]));
  // The translations the reader may read (docs/archive.md "Translations").
  CHANCERY_ASSIGN_OR_RETURN(std::vector<records::TranslationSummary> translations,
                            s.records->Translations(call.subject, cable.id));
  std::string published_original;  // a published translation's original, as published
  if (!cable.translation_of.original.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(published_original,
                              s.records->PublishedOriginal(call.subject, cable.id));
  }
  return JsonReply(records::CableJsonWithTranslations(cable, translations, -1, published_original));
}

Result<Reply> Import(Services& s, Call& call) {
  if (call.http.body.empty())
    return InvalidArgument("body: empty: send the file to import");
  CHANCERY_ASSIGN_OR_RETURN(records::ImportOptions options, ImportOptionsFrom(call.query));
  UploadDir dir;
  if (dir.path().empty())
    return IoError("cannot create a temporary directory for the upload");
  const std::string name = UploadName(call.query);
  const std::string path = dir.path() + "/" + name;
  {
    std::ofstream out(path, std::ios::binary);
    out.write(call.http.body.data(), static_cast<std::streamsize>(call.http.body.size()));
    if (!out)
      return IoError("cannot write the upload to " + path);
  }
  CHANCERY_ASSIGN_OR_RETURN(records::ImportReport report,
                            records::ImportPaths(*s.records, call.subject, {path}, options, {}));
  // As `chancery import` does: link the persons of public records now (docs/authorities.md).
  if (auto authorities = archive::Authorities::Open(*s.records); authorities.ok()) {
    (void)(*authorities)->Link(call.subject);  // else the next `authority link` does it
  }
  if (s.alerts != nullptr) {
    (void)s.alerts->Run();  // saved searches see the imported records now (docs/alerts.md)
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const records::FileError& e : report.errors) {
    errors.push_back(Replace(e.message, path, name));
  }
  nlohmann::json body = {{"records", report.records}, {"created", report.created},
                         {"updated", report.updated}, {"unchanged", report.unchanged},
                         {"ids", report.ids},         {"anomalies", report.anomalies.size()},
                         {"errors", errors}};
  if (!report.errors.empty()) {
    body["error"] = errors[0];
    return JsonReply(Dump(body), 400);
  }
  return JsonReply(Dump(body));
}

}  // namespace chancery::server::handlers
