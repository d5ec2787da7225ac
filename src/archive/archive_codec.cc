// JSON bodies of the archive's store rows (docs/archive.md "Storage"). Opaque to the store.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "archive/archive_impl.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

template <typename T, typename F>
Result<T> Parse(std::string_view json, std::string_view what, F decode) {
  try {
    const Json j = Json::parse(json);
    T out;
    decode(j, &out);
    return out;
  } catch (const std::exception& e) {  // nlohmann::json errors and bad spans or kinds
    return Corruption("stored " + std::string(what) + ": " + e.what());
  }
}

Json SpansJson(const std::vector<Span>& spans) {
  Json a = Json::array();
  for (const Span& s : spans) {
    a.push_back(s.ToString());
  }
  return a;
}

std::vector<Span> SpansFrom(const Json& a) {
  std::vector<Span> out;
  for (const Json& s : a) {
    Result<Span> span = Span::Parse(s.get<std::string>());
    if (!span.ok()) {
      throw std::invalid_argument(std::string(span.status().message()));
    }
    out.push_back(std::move(*span));
  }
  return out;
}

DecisionKind KindFrom(const std::string& name) {
  for (DecisionKind k : {DecisionKind::kRelease, DecisionKind::kWithhold, DecisionKind::kRefer,
                         DecisionKind::kConcur, DecisionKind::kAnswer}) {
    if (DecisionKindName(k) == name) {
      return k;
    }
  }
  throw std::invalid_argument("unknown decision kind " + name);
}

}  // namespace

std::string ReviewRowToJson(const ReviewRow& r) {
  return Json{{"round", r.round},
              {"own_due", r.own_due_micros},
              {"next_decision", r.next_decision},
              {"published", r.published},
              {"withheld_full", r.withheld_full},
              {"closed", r.closed},
              {"opened", r.opened_micros},
              {"requests", r.requests}}
      .dump();
}

Result<ReviewRow> ReviewRowFromJson(std::string_view json) {
  return Parse<ReviewRow>(json, "review", [](const Json& j, ReviewRow* r) {
    r->round = j.at("round").get<int64_t>();
    r->own_due_micros = j.at("own_due").get<int64_t>();
    r->next_decision = j.at("next_decision").get<int64_t>();
    r->published = j.at("published").get<int64_t>();
    r->withheld_full = j.at("withheld_full").get<bool>();
    r->closed = j.at("closed").get<bool>();
    r->opened_micros = j.at("opened").get<int64_t>();
    r->requests = j.at("requests").get<std::vector<std::string>>();
  });
}

std::string DecisionToJson(const Decision& d) {
  return Json{{"id", d.id},
              {"record", d.record_id},
              {"round", d.round},
              {"version", d.version},
              {"digest", d.digest},
              {"kind", std::string(DecisionKindName(d.kind))},
              {"spans", SpansJson(d.spans)},
              {"phrase", d.phrase},
              {"code", d.code},
              {"names", d.names},
              {"office", d.office},
              {"answers", d.answers},
              {"answer_withhold", d.answer_withhold},
              {"actor", d.actor},
              {"micros", d.micros},
              {"signature", d.signature},
              {"public_key", d.public_key},
              {"void", d.void_reason}}
      .dump();
}

Result<Decision> DecisionFromJson(std::string_view json) {
  return Parse<Decision>(json, "decision", [](const Json& j, Decision* d) {
    d->id = j.at("id").get<std::string>();
    d->record_id = j.at("record").get<std::string>();
    d->round = j.at("round").get<int64_t>();
    d->version = j.at("version").get<int64_t>();
    d->digest = j.at("digest").get<std::string>();
    d->kind = KindFrom(j.at("kind").get<std::string>());
    d->spans = SpansFrom(j.at("spans"));
    d->phrase = j.at("phrase").get<std::string>();
    d->code = j.at("code").get<std::string>();
    d->names = j.value("names", false);
    d->office = j.at("office").get<std::string>();
    d->answers = j.at("answers").get<std::string>();
    d->answer_withhold = j.at("answer_withhold").get<bool>();
    d->actor = j.at("actor").get<std::string>();
    d->micros = j.at("micros").get<int64_t>();
    d->signature = j.at("signature").get<std::string>();
    d->public_key = j.at("public_key").get<std::string>();
    d->void_reason = j.at("void").get<std::string>();
  });
}

std::string PublishedRowToJson(const PublishedRow& p) {
  Json runs = Json::array();
  for (const WithheldRun& r : p.runs) {
    runs.push_back({{"pointer", r.pointer},
                    {"first", r.first_unit},
                    {"end", r.end_unit},
                    {"marker", r.marker}});
  }
  const SignedCommitment& c = p.commitment;
  Json row{{"number", p.version.number},
           {"record", p.version.record_id},
           {"of_version", p.version.of_version},
           {"archivist", p.version.archivist},
           {"micros", p.version.micros},
           {"in_full", p.version.in_full},
           {"codes", p.version.codes},
           {"original", p.original_json},
           {"seed", p.seed_hex},
           {"runs", runs},
           {"commitment",
            {{"kind", c.kind},
             {"record_id", c.record_id},
             {"record_version", c.record_version},
             {"root", c.root_hex},
             {"signer", c.signer},
             {"public_key", c.public_key_hex},
             {"key_audit_seq", c.key_audit_seq},
             {"signature", c.signature_hex}}}};
  if (p.version.withdrawn_micros != 0) {
    row["withdrawal"] = {{"micros", p.version.withdrawn_micros},
                         {"by", p.version.withdrawn_by},
                         {"reason", p.version.withdrawal_reason},
                         {"signature", p.version.withdrawal_signature},
                         {"public_key", p.version.withdrawal_public_key}};
  }
  // The archivist's statement over the published record; rows written before it have none.
  if (c.publication.has_value()) {
    row["publication_statement"] = {{"signer", c.publication->signer},
                                    {"public_key", c.publication->public_key_hex},
                                    {"key_audit_seq", c.publication->key_audit_seq},
                                    {"signature", c.publication->signature_hex}};
  }
  return row.dump();
}

Result<PublishedRow> PublishedRowFromJson(std::string_view json) {
  return Parse<PublishedRow>(json, "publication", [](const Json& j, PublishedRow* p) {
    p->version.number = j.at("number").get<int64_t>();
    p->version.record_id = j.at("record").get<std::string>();
    p->version.of_version = j.at("of_version").get<int64_t>();
    p->version.archivist = j.at("archivist").get<std::string>();
    p->version.micros = j.at("micros").get<int64_t>();
    p->version.in_full = j.at("in_full").get<bool>();
    p->version.codes = j.at("codes").get<std::vector<std::string>>();
    p->original_json = j.at("original").get<std::string>();
    p->seed_hex = j.at("seed").get<std::string>();
    for (const Json& r : j.at("runs")) {
      p->runs.push_back({r.at("pointer").get<std::string>(), r.at("first").get<size_t>(),
                         r.at("end").get<size_t>(), r.at("marker").get<std::string>()});
    }
    const Json& c = j.at("commitment");
    p->commitment.kind = c.at("kind").get<std::string>();
    p->commitment.record_id = c.at("record_id").get<std::string>();
    p->commitment.record_version = c.at("record_version").get<int64_t>();
    p->commitment.root_hex = c.at("root").get<std::string>();
    p->commitment.signer = c.at("signer").get<std::string>();
    p->commitment.public_key_hex = c.at("public_key").get<std::string>();
    p->commitment.key_audit_seq = c.at("key_audit_seq").get<int64_t>();
    p->commitment.signature_hex = c.at("signature").get<std::string>();
    if (j.contains("withdrawal")) {
      const Json& w = j.at("withdrawal");
      p->version.withdrawn_micros = w.at("micros").get<int64_t>();
      p->version.withdrawn_by = w.at("by").get<std::string>();
      p->version.withdrawal_reason = w.at("reason").get<std::string>();
      p->version.withdrawal_signature = w.at("signature").get<std::string>();
      p->version.withdrawal_public_key = w.at("public_key").get<std::string>();
    }
    if (j.contains("publication_statement")) {
      const Json& st = j.at("publication_statement");
      p->commitment.publication = PublicationStatement{
          st.at("signer").get<std::string>(), st.at("public_key").get<std::string>(),
          st.at("key_audit_seq").get<int64_t>(), st.at("signature").get<std::string>()};
    }
  });
}

std::string RequestToJson(const ReviewRequest& r) {
  return Json{{"id", r.id},          {"record", r.record_id}, {"requester", r.requester},
              {"text", r.text},      {"micros", r.micros},    {"state", r.state},
              {"outcome", r.outcome}}
      .dump();
}

Result<ReviewRequest> RequestFromJson(std::string_view json) {
  return Parse<ReviewRequest>(json, "review request", [](const Json& j, ReviewRequest* r) {
    r->id = j.at("id").get<std::string>();
    r->record_id = j.at("record").get<std::string>();
    r->requester = j.at("requester").get<std::string>();
    r->text = j.at("text").get<std::string>();
    r->micros = j.at("micros").get<int64_t>();
    r->state = j.at("state").get<std::string>();
    r->outcome = j.at("outcome").get<std::string>();
  });
}

}  // namespace chancery::archive::internal
