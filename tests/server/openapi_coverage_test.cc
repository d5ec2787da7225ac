// Every route of the route table is described in docs/api/openapi.yaml, and the description has
// no route the server does not serve.
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "route_table.h"
#include "support/temp_dir.h"

namespace chancery::server {
namespace {

// "GET /api/records/{id}" for each operation under `paths:` (two-space path keys, four-space
// method keys, as the file is written).
std::set<std::string> DescribedOperations(const std::string& yaml) {
  std::set<std::string> out;
  std::istringstream in(yaml);
  std::string line, path;
  bool in_paths = false;
  const std::regex path_key("^  (/[^:]*):\\s*$");
  const std::regex method_key("^    (get|post|put|delete|patch):\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#')
      in_paths = line.rfind("paths:", 0) == 0;
    if (!in_paths)
      continue;
    if (std::regex_match(line, m, path_key))
      path = m[1];
    if (std::regex_match(line, m, method_key)) {
      std::string method = m[1];
      for (char& c : method)
        c = static_cast<char>(c - 'a' + 'A');
      out.insert(method + " " + path);
    }
  }
  return out;
}

TEST(OpenApiCoverage, RouteTableAndOpenApiDescribeTheSameOperations) {
  const std::set<std::string> described = DescribedOperations(
      testing::ReadFileOrDie(std::string(CHANCERY_SOURCE_DIR) + "/docs/api/openapi.yaml"));
  std::set<std::string> served;
  for (const Route& route : RouteTable()) {
    served.insert(std::string(route.method) + " " + std::string(route.pattern));
  }
  for (const std::string& op : served)
    EXPECT_TRUE(described.count(op)) << "undescribed: " << op;
  for (const std::string& op : described)
    EXPECT_TRUE(served.count(op)) << "not served: " << op;
}

TEST(OpenApiCoverage, ParserFindsOperationsSoTheCoverageTestCanFail) {
  const std::string yaml = "openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      x: 1\n    put:\n";
  EXPECT_EQ(DescribedOperations(yaml), (std::set<std::string>{"GET /a/{id}", "PUT /a/{id}"}));
}

}  // namespace
}  // namespace chancery::server
