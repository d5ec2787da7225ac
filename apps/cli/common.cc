#include <cstdio>
#include <cstdlib>

#include <unistd.h>

#include "cli.h"

namespace chancery::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "chancery: %s\n", status.ToString().c_str());
  return kExitFailed;
}

records::RecordsOptions RecordsOptionsFor(const GlobalOptions& global) {
  records::RecordsOptions options;
  options.db_path = global.db;
  options.index_dir = global.index;
  options.files_dir = global.keys;
  return options;
}

std::string KeyDir(const GlobalOptions& global) {
  return RecordsOptionsFor(global).SideFilePrefix() + ".keys";
}

Result<std::unique_ptr<records::Records>> OpenRecords(const GlobalOptions& global) {
  return records::Records::Open(RecordsOptionsFor(global));
}

Result<security::Subject> SubjectFor(records::Records& records, const std::string& as) {
  if (as.empty()) {
    return records.ResolveSubject(std::nullopt);
  }
  return records.ResolveSubject(as);
}

void WarnIfUnsigned(records::Records& records) {
  const Status signed_status = records.Checkpoint();
  if (!signed_status.ok()) {
    std::fprintf(stderr, "chancery: warning: audit checkpoint not signed: %s\n",
                 signed_status.ToString().c_str());
  }
}

security::Subject Operator(const records::Records& records) {
  const char* login = std::getenv("USER");
  std::string name = "admin:";
  name += (login != nullptr && *login != '\0') ? login : "operator";
  return records.Administrator(name);
}

}  // namespace chancery::cli
