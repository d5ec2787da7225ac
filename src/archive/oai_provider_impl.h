// The OAI provider's implementation class (oai_provider.cc: requests, Identify, formats, sets,
// GetRecord; oai_lists.cc: ListIdentifiers and ListRecords).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chancery/archive/oai.h"

#include "archive/collection_internal.h"
#include "archive/oai_internal.h"

namespace chancery::archive::internal {

// One request after its arguments were checked: name -> value, each at most once.
using OaiArgMap = std::map<std::string, std::string>;

// What a verb answers: the verb's element, or an error.
struct OaiAnswer {
  OaiError error = OaiError::kNone;
  std::string message;
  std::string body;              // the verb's element
  std::vector<std::string> ids;  // record ids returned (audited)
};

OaiAnswer Fail(OaiError error, std::string message);

class OaiProviderImpl final : public OaiProvider {
 public:
  OaiProviderImpl(records::Records& records, OaiOptions options, std::string secret);

  Result<std::string> Handle(const OaiArgs& args) override;
  Result<std::string> BadArgument(std::string_view why) override;
  Status CatchUp() override;

 private:
  store::Store& store() { return records_.store(); }

  const Clock& clock() const { return *clock_; }

  // The fence (docs/decisions/0014-oai-pmh.md §2): reads the clock and the log's head inside a
  // write transaction, so every stamp after it is dated at or after the time it returns.
  Status Fence(int64_t* now, LogState* state);
  // The whole response around an answer.
  std::string Envelope(const std::string& verb, const OaiArgMap& args, const OaiAnswer& answer,
                       int64_t now) const;

  Result<OaiAnswer> Identify(const LogState& state, int64_t now);
  Result<OaiAnswer> ListMetadataFormats(const OaiArgMap& args);
  Result<OaiAnswer> ListSets(const OaiArgMap& args);
  Result<OaiAnswer> GetRecord(const OaiArgMap& args);
  Result<OaiAnswer> List(const std::string& verb, const OaiArgMap& args, const LogState& state,
                         int64_t now);

  // The header of one item, and with_metadata (ListRecords, GetRecord) its whole record: the
  // content is read and decided now; a record hidden since its stamp is a deleted header.
  Result<std::string> RecordXml(const OaiItem& item, const std::string& prefix, bool with_metadata,
                                const Visible& visible);
  std::string Header(const OaiItem& item, bool deleted) const;

  records::Records& records_;
  OaiOptions options_;
  std::string secret_;
  const Clock* clock_;
};

}  // namespace chancery::archive::internal
