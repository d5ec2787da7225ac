// The OAI-PMH 2.0 provider (include/chancery/archive/oai.h): argument rules (spec §3.1, §4),
// the response envelope, Identify, ListMetadataFormats, ListSets and GetRecord. The list verbs
// are in oai_lists.cc.
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "chancery/format/json.h"

#include "archive/oai_provider_impl.h"

namespace chancery::archive {

Result<std::unique_ptr<OaiProvider>> OaiProvider::Open(records::Records& records,
                                                       OaiOptions options) {
  if (options.page_size == 0) {
    return InvalidArgument("oai: page size must be at least 1");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string secret, internal::TokenSecret(records.store()));
  return std::unique_ptr<OaiProvider>(
      new internal::OaiProviderImpl(records, std::move(options), std::move(secret)));
}

namespace internal {
namespace {

using Json = nlohmann::json;

const std::map<std::string, std::set<std::string>> kVerbs = {
    {"Identify", {}},
    {"ListMetadataFormats", {"identifier"}},
    {"ListSets", {"resumptionToken"}},
    {"GetRecord", {"identifier", "metadataPrefix"}},
    {"ListIdentifiers", {"metadataPrefix", "from", "until", "set", "resumptionToken"}},
    {"ListRecords", {"metadataPrefix", "from", "until", "set", "resumptionToken"}},
};

std::string FormatXml(std::string_view prefix, std::string_view schema, std::string_view ns) {
  return "<metadataFormat><metadataPrefix>" + std::string(prefix) + "</metadataPrefix><schema>" +
         std::string(schema) + "</schema><metadataNamespace>" + std::string(ns) +
         "</metadataNamespace></metadataFormat>";
}

std::string Formats(std::string_view chancery_schema) {
  return FormatXml("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
                   "http://www.openarchives.org/OAI/2.0/oai_dc/") +
         FormatXml("chancery", chancery_schema, kChanceryNamespace);
}

// Checks the arguments against the verb's rules. On success fills *verb and *out.
OaiAnswer CheckArgs(const OaiArgs& args, std::string* verb, OaiArgMap* out) {
  int verbs = 0;
  for (const auto& [name, value] : args) {
    if (name == "verb") {
      ++verbs;
      *verb = value;
    }
  }
  if (verbs == 0) {
    return Fail(OaiError::kBadVerb, "the verb argument is missing");
  }
  if (verbs > 1) {
    return Fail(OaiError::kBadVerb, "the verb argument is repeated");
  }
  const auto rules = kVerbs.find(*verb);
  if (rules == kVerbs.end()) {
    return Fail(OaiError::kBadVerb, "illegal verb \"" + *verb + "\"");
  }
  for (const auto& [name, value] : args) {
    if (name == "verb") {
      continue;
    }
    if (rules->second.count(name) == 0) {
      return Fail(OaiError::kBadArgument,
                  "argument \"" + name + "\" is not allowed with verb " + *verb);
    }
    if (!out->emplace(name, value).second) {
      return Fail(OaiError::kBadArgument, "argument \"" + name + "\" is repeated");
    }
    if (value.empty()) {
      return Fail(OaiError::kBadArgument, "argument \"" + name + "\" is empty");
    }
  }
  if (out->count("resumptionToken") > 0 && out->size() > 1) {
    return Fail(OaiError::kBadArgument, "resumptionToken is an exclusive argument");
  }
  const bool list = *verb == "ListIdentifiers" || *verb == "ListRecords";
  if ((list && out->count("resumptionToken") == 0 && out->count("metadataPrefix") == 0) ||
      (*verb == "GetRecord" && out->count("metadataPrefix") == 0)) {
    return Fail(OaiError::kBadArgument, "the metadataPrefix argument is missing");
  }
  if (*verb == "GetRecord" && out->count("identifier") == 0) {
    return Fail(OaiError::kBadArgument, "the identifier argument is missing");
  }
  return OaiAnswer{};
}

}  // namespace

OaiAnswer Fail(OaiError error, std::string message) {
  OaiAnswer a;
  a.error = error;
  a.message = std::move(message);
  return a;
}

OaiProviderImpl::OaiProviderImpl(records::Records& records, OaiOptions options, std::string secret)
    : records_(records), options_(std::move(options)), secret_(std::move(secret)) {
  static const SystemClock system_clock;
  clock_ = options_.clock != nullptr ? options_.clock : &system_clock;
  if (options_.schema_url.empty()) {
    const size_t slash = options_.base_url.rfind('/');
    options_.schema_url = (slash == std::string::npos ? options_.base_url + "/"
                                                      : options_.base_url.substr(0, slash + 1)) +
                          std::string(kChancerySchemaFile);
  }
}

Status OaiProviderImpl::CatchUp() {
  return StampAll(records_, clock());
}

Status OaiProviderImpl::Fence(int64_t* now, LogState* state) {
  return store().Transact([&](store::Txn& txn) -> Status {
    *now = clock().NowMicros() / 1'000'000;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, txn.GetDoc(kOaiState, "log"));
    *state = LogState{};
    if (row) {
      const Json j = Json::parse(row->body, nullptr, false);
      if (!j.is_object()) {
        return Corruption("oai.state/log is not JSON");
      }
      state->seq = j.value("seq", int64_t{0});
      state->stamp = j.value("stamp", int64_t{0});
      state->datestamp = j.value("d", int64_t{0});
      state->version = row->version;
    }
    *now = std::max(*now, state->datestamp);
    return Status::Ok();
  });
}

Result<std::string> OaiProviderImpl::Handle(const OaiArgs& args) {
  CHANCERY_RETURN_IF_ERROR(CatchUp());
  int64_t now = 0;
  LogState state;
  CHANCERY_RETURN_IF_ERROR(Fence(&now, &state));
  std::string verb;
  OaiArgMap map;
  OaiAnswer answer = CheckArgs(args, &verb, &map);
  if (answer.error == OaiError::kNone) {
    Result<OaiAnswer> r = verb == "Identify"              ? Identify(state, now)
                          : verb == "ListMetadataFormats" ? ListMetadataFormats(map)
                          : verb == "ListSets"            ? ListSets(map)
                          : verb == "GetRecord"           ? GetRecord(map)
                                                          : List(verb, map, state, now);
    CHANCERY_RETURN_IF_ERROR(r.status());
    answer = std::move(*r);
  }
  std::string x = Envelope(verb, map, answer, now);
  if (verb == "GetRecord" || verb == "ListRecords" || verb == "ListIdentifiers") {
    store::WriteBatch batch;
    model::AuditEvent e;
    e.time_micros = clock().NowMicros();
    CHANCERY_ASSIGN_OR_RETURN(security::Subject pub, records_.ResolveSubject(std::nullopt));
    e.actor = pub.name;
    e.action = "oai." + verb;
    e.target = map.count("set") > 0 ? map["set"] : "";
    e.decision = answer.error == OaiError::kNone ? "ok" : std::string(OaiErrorCode(answer.error));
    e.ids = std::move(answer.ids);
    batch.audit.push_back(std::move(e));
    batch.durability = store::Durability::kProcessCrash;
    (void)store().Write(std::move(batch));  // served even if its entry cannot be written
  }
  return x;
}

std::string OaiProviderImpl::Envelope(const std::string& verb, const OaiArgMap& map,
                                      const OaiAnswer& answer, int64_t now) const {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
      "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n<responseDate>" +
      FormatUtc(now) + "</responseDate>\n<request";
  // After badVerb or badArgument the request element names the base URL only (spec §3.2).
  if (answer.error != OaiError::kBadVerb && answer.error != OaiError::kBadArgument) {
    x += " verb=\"" + XmlEscape(verb) + "\"";
    for (const auto& [name, value] : map) {
      x += " " + name + "=\"" + XmlEscape(value) + "\"";
    }
  }
  x += ">" + XmlEscape(options_.base_url) + "</request>\n";
  if (answer.error != OaiError::kNone) {
    x += "<error code=\"" + std::string(OaiErrorCode(answer.error)) + "\">" +
         XmlEscape(answer.message) + "</error>\n";
  } else {
    x += "<" + verb + ">" + answer.body + "</" + verb + ">\n";
  }
  return x + "</OAI-PMH>\n";
}

Result<std::string> OaiProviderImpl::BadArgument(std::string_view why) {
  return Envelope("", {}, Fail(OaiError::kBadArgument, std::string(why)),
                  clock().NowMicros() / 1'000'000);
}

Result<OaiAnswer> OaiProviderImpl::Identify(const LogState& state, int64_t now) {
  store::DocQuery q;
  q.collection = std::string(kOaiList);
  q.group = std::string(kAllSet);
  q.limit = 1;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> first, store().ListDocs(q));
  int64_t earliest = state.datestamp > 0 ? state.datestamp : now;
  int64_t d = 0, s = 0;
  if (!first.empty() && SplitListSort(first[0].sort, &d, &s)) {
    earliest = d;
  }
  OaiAnswer a;
  a.body = "<repositoryName>" + XmlEscape(options_.repository_name) + "</repositoryName><baseURL>" +
           XmlEscape(options_.base_url) +
           "</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>" +
           XmlEscape(options_.admin_email) + "</adminEmail><earliestDatestamp>" +
           FormatUtc(earliest) +
           "</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
           "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"
           "<description><oai-identifier "
           "xmlns=\"http://www.openarchives.org/OAI/2.0/oai-identifier\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai-identifier "
           "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd\"><scheme>oai</scheme>"
           "<repositoryIdentifier>" +
           XmlEscape(options_.repository_identifier) +
           "</repositoryIdentifier><delimiter>:</delimiter><sampleIdentifier>" +
           XmlEscape(OaiIdentifier(options_, "frus1969-76v19p1d75")) +
           "</sampleIdentifier></oai-identifier></description>";
  return a;
}

Result<OaiAnswer> OaiProviderImpl::ListMetadataFormats(const OaiArgMap& args) {
  const auto id = args.find("identifier");
  if (id != args.end()) {
    const std::string record = RecordIdOf(options_, id->second);
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<store::DocRow> row,
        record.empty() ? std::optional<store::DocRow>() : store().GetDoc(kOaiItem, record));
    if (!row) {
      return Fail(OaiError::kIdDoesNotExist, "no item " + id->second);
    }
    CHANCERY_ASSIGN_OR_RETURN(OaiItem item, ItemFromJson(record, row->body));
    if (item.deleted) {
      return Fail(OaiError::kNoMetadataFormats,
                  "item " + id->second + " is deleted: no metadata is disseminated for it");
    }
  }
  OaiAnswer a;
  a.body = Formats(options_.schema_url);
  return a;
}

Result<OaiAnswer> OaiProviderImpl::ListSets(const OaiArgMap& args) {
  if (args.count("resumptionToken") > 0) {
    return Fail(OaiError::kBadResumptionToken, "ListSets is answered in one response");
  }
  OaiAnswer a;
  store::DocQuery q;
  q.collection = std::string(kOaiSet);
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, store().ListDocs(q));
    for (const store::DocRow& d : page) {
      const Json j = Json::parse(d.body, nullptr, false);
      const std::string name = j.is_object() ? j.value("name", d.key) : d.key;
      a.body += "<set><setSpec>" + XmlEscape(d.key) + "</setSpec><setName>" + XmlEscape(name) +
                "</setName></set>";
    }
    if (page.size() < q.limit) {
      break;
    }
    q.after = page.back().key;
  }
  if (a.body.empty()) {
    return Fail(OaiError::kNoSetHierarchy, "the repository has no sets yet");
  }
  return a;
}

Result<OaiAnswer> OaiProviderImpl::GetRecord(const OaiArgMap& args) {
  const std::string& identifier = args.at("identifier");
  const std::string& prefix = args.at("metadataPrefix");
  const std::string record = RecordIdOf(options_, identifier);
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<store::DocRow> row,
      record.empty() ? std::optional<store::DocRow>() : store().GetDoc(kOaiItem, record));
  if (!row) {
    return Fail(OaiError::kIdDoesNotExist, "no item " + identifier);
  }
  if (prefix != "oai_dc" && prefix != "chancery") {
    return Fail(OaiError::kCannotDisseminateFormat, "no metadata format \"" + prefix + "\"");
  }
  CHANCERY_ASSIGN_OR_RETURN(OaiItem item, ItemFromJson(record, row->body));
  CHANCERY_ASSIGN_OR_RETURN(security::Subject pub, records_.ResolveSubject(std::nullopt));
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), records_.policy(), pub));
  OaiAnswer a;
  CHANCERY_ASSIGN_OR_RETURN(a.body, RecordXml(item, prefix, true, visible));
  a.ids.push_back(record);
  return a;
}

std::string OaiProviderImpl::Header(const OaiItem& item, bool deleted) const {
  std::string h = deleted ? "<header status=\"deleted\">" : "<header>";
  h += "<identifier>" + XmlEscape(OaiIdentifier(options_, item.id)) + "</identifier><datestamp>" +
       FormatUtc(item.datestamp) + "</datestamp>";
  for (const std::string& set : item.sets) {
    h += "<setSpec>" + XmlEscape(set) + "</setSpec>";
  }
  return h + "</header>";
}

Result<std::string> OaiProviderImpl::RecordXml(const OaiItem& item, const std::string& prefix,
                                               bool with_metadata, const Visible& visible) {
  if (item.deleted) {
    return with_metadata ? "<record>" + Header(item, true) + "</record>" : Header(item, true);
  }
  if (!with_metadata) {
    return Header(item, false);
  }
  // The content is read now and decided now: a record hidden since it was stamped is shown as
  // deleted (its next stamp says so again), never with its content.
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> rec, store().GetRecord(item.id));
  if (!rec || !visible.Has(rec->access_class)) {
    return "<record>" + Header(item, true) + "</record>";
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(rec->payload, rec->id));
  const std::string metadata = prefix == "oai_dc" ? DublinCore(cable, options_)
                                                  : ChanceryRecord(cable, rec->version, options_);
  return "<record>" + Header(item, false) + "<metadata>" + metadata + "</metadata></record>";
}

}  // namespace internal
}  // namespace chancery::archive
