#include "support/records_fixture.h"

#include <cstdint>
#include <cstdio>

#include <gtest/gtest.h>

#include "chancery/format/json.h"
#include "chancery/security/policy.h"

namespace chancery::testing {

model::Cable MakeCable(const std::string& id, const std::string& title, const std::string& body,
                       const std::string& classification, std::vector<std::string> categories,
                       const std::string& date) {
  model::Cable c;
  c.id = id;
  c.title = title;
  c.body.push_back({body, std::nullopt});
  c.current_label.classification = classification;
  c.current_label.categories = std::move(categories);
  c.current_label.Normalize();
  c.original_marking.label = c.current_label;
  c.original_marking.verbatim = classification;
  if (!date.empty()) {
    c.date = *model::Date::Parse(date);
  }
  c.kind = model::DocumentKind::kTelegram;
  c.office = "Political Division";
  return c;
}

records::SearchRequest Query(const std::string& query) {
  records::SearchRequest request;
  request.query = query;
  return request;
}

RecordsFixture::RecordsFixture(const std::string& dir) {
  records::RecordsOptions options;
  options.db_path = dir + "/store.db";
  options.synchronous_full = false;
  auto r = records::Records::Init(options, security::DefaultPolicyText());
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString();
    std::abort();
  }
  records_ = std::move(r).value();
}

security::Subject RecordsFixture::User(const std::string& name, const std::string& level,
                                       std::vector<std::string> categories,
                                       std::vector<std::string> offices) {
  records::UserSpec spec;
  spec.name = name;
  spec.clearance.level = level;
  spec.clearance.categories = std::move(categories);
  spec.clearance.offices = std::move(offices);
  Status s = records_->AddUser(Admin(), spec);
  EXPECT_TRUE(s.ok()) << s.ToString();
  auto subject = records_->ResolveSubject(name);
  EXPECT_TRUE(subject.ok()) << subject.status().ToString();
  return subject.ok() ? *subject : security::Subject{};
}

void RecordsFixture::Import(std::vector<model::Cable> cables) {
  auto r = records_->Import(Admin(), std::move(cables), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

bool RecordsFixture::AuditContains(const std::string& action, const std::string& target,
                                   const std::string& decision) {
  auto entries = records_->AuditLog(Admin(), 0, SIZE_MAX);
  EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  for (const auto& e : entries.ok() ? *entries : std::vector<model::AuditEvent>{}) {
    if (e.action == action && e.target == target && e.decision == decision) {
      return true;
    }
  }
  return false;
}

Observation RecordsFixture::Observe(const security::Subject& subject,
                                    const records::SearchRequest& request,
                                    const std::vector<std::string>& probe_ids) {
  Observation o;
  auto results = records_->Search(subject, request);
  if (!results.ok()) {
    o.search = results.status().ToString();
  } else {
    o.search = "total=" + std::to_string(results->total);
    for (const auto& hit : results->hits) {
      char score[64];
      std::snprintf(score, sizeof(score), "%.17g", hit.score);
      o.search += " " + hit.id + "@" + score + "|" + hit.title + "|" + hit.date + "|" + hit.snippet;
    }
    for (const auto& facet : results->facets) {
      o.search += "\n" + std::string(search::FacetName(facet.facet)) + ":";
      for (const auto& bucket : facet.buckets) {
        o.search += " " + bucket.value + "=" + std::to_string(bucket.count);
      }
    }
  }
  Status s = records_->List(subject, [&](const records::RecordSummary& r) {
    o.list += r.id + "|" + r.title + "|" + r.date + "|" + r.serial + "|" + r.label + "\n";
    return Status::Ok();
  });
  o.list += s.ToString();
  s = records_->Export(subject, [&](const model::Cable& c) {
    o.exported += format::CableToJson(c) + "\n";
    return Status::Ok();
  });
  o.exported += s.ToString();
  for (const std::string& id : probe_ids) {
    auto shown = records_->Show(subject, id);
    o.shows +=
        id + " => " + (shown.ok() ? format::CableToJson(*shown) : shown.status().ToString()) + "\n";
  }
  return o;
}

}  // namespace chancery::testing
