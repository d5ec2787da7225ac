// Fuzz target: the query-string, search-parameter, cookie and JSON-body parsing of chanceryd
// (apps/server/request_parse.h, json/desk_json.h). Must never crash, throw or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json/desk_json.h"
#include "request_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace chancery::server;
  if (auto params = ParseQueryString(input); params.ok()) {
    (void)ParseSearchParams(*params);
  }
  (void)CookieValue(input, "chancery_session");
  if (auto body = ParseJsonObject(input); body.ok()) {
    (void)DraftSpecFromJson(*body);
    (void)StringListMember(*body, "conditions");
    (void)IntMember(*body, "expected_version");
    (void)Dump(*body);
  }
  return 0;
}
