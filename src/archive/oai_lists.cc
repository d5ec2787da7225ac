// ListIdentifiers and ListRecords (oai_provider_impl.h): keyset pages over one set's rows of
// the visibility log in (datestamp, stamp) order, bounded by the stamp at the first page
// (docs/decisions/0014-oai-pmh.md §3).
#include <algorithm>
#include <string>

#include "archive/oai_provider_impl.h"

namespace chancery::archive::internal {
namespace {

bool ValidSetSpec(std::string_view spec) {
  // setSpec: unreserved URI characters in parts separated by ':' (spec §2.7).
  if (spec.empty() || spec.front() == ':' || spec.back() == ':' || spec.size() > 256) {
    return false;
  }
  char prev = 0;
  for (char c : spec) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) ||
                    std::string_view("-_.!~*'():").find(c) != std::string_view::npos;
    if (!ok || (c == ':' && prev == ':')) {
      return false;
    }
    prev = c;
  }
  return true;
}

// The largest sort key of the list: the snapshot's, or until's if earlier.
std::string UpperBound(const ListCursor& c) {
  std::string bound = ListSort(c.snapshot_d, c.snapshot);
  if (c.until >= 0) {
    bound = std::min(bound, ListSort(c.until, 999'999'999'999));
  }
  return bound;
}

}  // namespace

Result<OaiAnswer> OaiProviderImpl::List(const std::string& verb, const OaiArgMap& args,
                                        const LogState& state, int64_t now) {
  ListCursor c;
  const auto token = args.find("resumptionToken");
  if (token != args.end()) {
    std::optional<ListCursor> decoded = DecodeToken(token->second, secret_, now);
    if (!decoded || decoded->verb != verb) {
      return Fail(OaiError::kBadResumptionToken,
                  "the resumption token is not valid (malformed, altered, expired, or of "
                  "another verb)");
    }
    c = std::move(*decoded);
  } else {
    c.verb = verb;
    c.prefix = args.at("metadataPrefix");
    if (c.prefix != "oai_dc" && c.prefix != "chancery") {
      return Fail(OaiError::kCannotDisseminateFormat, "no metadata format \"" + c.prefix + "\"");
    }
    bool from_day = false, until_day = false;
    const auto from = args.find("from");
    const auto until = args.find("until");
    if (from != args.end()) {
      std::optional<int64_t> t = ParseUtc(from->second, &from_day);
      if (!t) {
        return Fail(OaiError::kBadArgument,
                    "from \"" + from->second + "\" is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
      }
      c.from = *t;
    }
    if (until != args.end()) {
      std::optional<int64_t> t = ParseUtc(until->second, &until_day);
      if (!t) {
        return Fail(OaiError::kBadArgument,
                    "until \"" + until->second + "\" is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
      }
      c.until = until_day ? *t + 86399 : *t;  // a day includes its last second
    }
    if (from != args.end() && until != args.end() && from_day != until_day) {
      return Fail(OaiError::kBadArgument, "from and until have different granularities");
    }
    if (c.from >= 0 && c.until >= 0 && c.from > c.until) {
      return Fail(OaiError::kBadArgument, "from is later than until");
    }
    const auto set = args.find("set");
    if (set != args.end()) {
      if (!ValidSetSpec(set->second)) {
        return Fail(OaiError::kBadArgument, "set \"" + set->second + "\" is not a setSpec");
      }
      store::DocQuery any;
      any.collection = std::string(kOaiSet);
      any.limit = 1;
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> sets, store().ListDocs(any));
      if (sets.empty()) {
        return Fail(OaiError::kNoSetHierarchy, "the repository has no sets yet");
      }
      c.set = set->second;
    }
    c.snapshot = state.stamp;
    c.snapshot_d = state.datestamp;
    c.time = now;
    store::DocQuery count;
    count.collection = std::string(kOaiList);
    count.group = c.set.empty() ? std::string(kAllSet) : c.set;
    count.after = c.from >= 0 ? ListSort(c.from, 0) : "";
    CHANCERY_ASSIGN_OR_RETURN(c.size, store().CountDocs(count, UpperBound(c)));
    if (c.size == 0) {
      return Fail(OaiError::kNoRecordsMatch, "no records match the arguments");
    }
    c.after = count.after;
  }
  store::DocQuery q;
  q.collection = std::string(kOaiList);
  q.group = c.set.empty() ? std::string(kAllSet) : c.set;
  q.after = c.after;
  q.limit = options_.page_size + 1;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(q));
  const std::string bound = UpperBound(c);
  while (!rows.empty() && rows.back().sort > bound) {
    rows.pop_back();  // past the snapshot or past until (rows are in sort order)
  }
  const bool more = rows.size() > options_.page_size;
  if (more) {
    rows.pop_back();
  }
  if (rows.empty()) {
    // Every item left in the list changed since the list began: each is past the snapshot,
    // dated at or after this list's responseDate, so the next incremental harvest has it.
    return Fail(OaiError::kNoRecordsMatch, "no records are left in this list");
  }
  OaiAnswer a;
  CHANCERY_ASSIGN_OR_RETURN(security::Subject pub, records_.ResolveSubject(std::nullopt));
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), records_.policy(), pub));
  for (const store::DocRow& row : rows) {
    const std::string id = row.key.substr(row.key.find('\n') + 1);
    CHANCERY_ASSIGN_OR_RETURN(OaiItem item, ItemFromJson(id, row.body));
    CHANCERY_ASSIGN_OR_RETURN(std::string xml,
                              RecordXml(item, c.prefix, verb == "ListRecords", visible));
    a.body += xml;
    a.ids.push_back(id);
  }
  const int64_t delivered_before = c.delivered;
  if (more) {
    ListCursor next = c;
    next.after = rows.back().sort;
    next.delivered = delivered_before + static_cast<int64_t>(rows.size());
    next.expires = now + options_.token_seconds;
    a.body += "<resumptionToken completeListSize=\"" + std::to_string(c.size) + "\" cursor=\"" +
              std::to_string(delivered_before) + "\" expirationDate=\"" + FormatUtc(next.expires) +
              "\">" + EncodeToken(next, secret_) + "</resumptionToken>";
  } else if (token != args.end()) {
    a.body += "<resumptionToken completeListSize=\"" + std::to_string(c.size) + "\" cursor=\"" +
              std::to_string(delivered_before) + "\"/>";
  }
  return a;
}

}  // namespace chancery::archive::internal
