// A small vocabulary over records::Records for tests: a fresh store in a temp dir, cables built
// in one line, users by clearance, and observation helpers that capture everything a subject can
// see (used by the no-leak property and the records unit tests).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chancery/records/records.h"

#include "support/temp_dir.h"

namespace chancery::testing {

// A cable with the given id, title, body text, current label and date.
model::Cable MakeCable(const std::string& id, const std::string& title, const std::string& body,
                       const std::string& classification, std::vector<std::string> categories = {},
                       const std::string& date = "1963-03-13");

// A search request for `query` with default paging and no date range.
records::SearchRequest Query(const std::string& query);

// Everything `subject` can observe through the records read paths.
struct Observation {
  std::string search;    // total + ordered ids + scores, or the error
  std::string list;      // ordered summaries
  std::string exported;  // JSON Lines
  std::string shows;     // for each probed id: the record JSON or the error text
  friend bool operator==(const Observation&, const Observation&) = default;
};

class RecordsFixture {
 public:
  // `dir` must outlive the fixture. Uses synchronous=NORMAL (tests do not need power-loss safety).
  explicit RecordsFixture(const std::string& dir);

  records::Records& records() { return *records_; }

  security::Subject Admin() const { return records_->Administrator("admin:test"); }

  // Registers a user and returns its subject.
  security::Subject User(const std::string& name, const std::string& level,
                         std::vector<std::string> categories = {},
                         std::vector<std::string> offices = {});
  void Import(std::vector<model::Cable> cables);
  // True if some audit entry has this action, target and decision.
  bool AuditContains(const std::string& action, const std::string& target,
                     const std::string& decision);
  Observation Observe(const security::Subject& subject, const records::SearchRequest& request,
                      const std::vector<std::string>& probe_ids);

 private:
  std::unique_ptr<records::Records> records_;
};

}  // namespace chancery::testing
