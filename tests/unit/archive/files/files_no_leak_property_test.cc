// The no-leak property for digital objects (issue 14 "Tests"): whatever files are attached to
// records a reader may not read, the reader's file lists and fetches -- of every record id they
// could name, every file name they could guess, readable or not -- are identical to a world
// where those records have no files at all.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/files.h"
#include "chancery/base/clock.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::testing {
namespace {

const std::vector<std::string> kNames = {"scan.pdf", "page1.png", "page2.png", "other.pdf"};

struct Plan {
  std::vector<std::string> levels;  // per record "r<i>": PUBLIC, SECRET or TOP SECRET
  // per record: file name index -> a distinguishing byte (the file's content)
  std::vector<std::map<int, char>> files;
};

std::string Bytes(const std::string& name, char tag) {
  const bool pdf = name.size() > 4 && name.substr(name.size() - 4) == ".pdf";
  return (pdf ? std::string("%PDF-1.4\n") : std::string("\x89PNG\r\n\x1a\n", 8)) +
         std::string(64, tag);
}

// Everything `subject` observes through archive::Files for every id and name it could try.
std::string Observe(archive::Files& files, const security::Subject& subject, size_t records) {
  std::string out;
  for (size_t i = 0; i <= records; ++i) {  // the last id never exists
    const std::string id = "r" + std::to_string(i);
    Result<std::vector<archive::FileInfo>> list = files.List(subject, id, 0);
    out += id + " list: ";
    if (!list.ok()) {
      out += list.status().ToString();
    } else {
      for (const archive::FileInfo& f : *list) {
        out += f.name + " " + f.sha256 + " " + std::to_string(f.size) + " " + f.media_type + "; ";
      }
    }
    out += "\n";
    for (const std::string& name : kNames) {
      archive::FileInfo info;
      Result<std::string> read = files.Read(subject, id, name, 0, 0, -1, &info);
      out += id + "/" + name + ": " +
             (read.ok() ? *read + " by " + info.attached_by : read.status().ToString()) + "\n";
    }
  }
  return out;
}

std::string World(const std::string& dir, const Plan& plan, bool hidden_files,
                  const std::string& reader_level) {
  records::RecordsOptions options;
  options.db_path = dir + "/store.db";
  options.synchronous_full = false;
  auto records = records::Records::Init(options, security::DefaultPolicyText());
  RC_ASSERT(records.ok());
  const security::Subject admin = (*records)->Administrator("admin:test");
  for (const auto& [name, level, roles] :
       std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
           {"keeper", "TOP SECRET", {"archivist"}}, {"reader", reader_level, {}}}) {
    records::UserSpec spec;
    spec.name = name;
    spec.clearance.level = level;
    spec.clearance.roles = roles;
    RC_ASSERT((*records)->AddUser(admin, spec).ok());
  }
  std::vector<model::Cable> cables;
  for (size_t i = 0; i < plan.levels.size(); ++i) {
    cables.push_back(MakeCable("r" + std::to_string(i), "Harbour", "Text.", plan.levels[i]));
  }
  RC_ASSERT((*records)->Import(admin, cables, {}).ok());
  FakeClock clock(1'000'000);
  archive::FilesOptions f;
  f.key_dir = options.db_path + ".keys";
  f.clock = &clock;
  auto files = archive::Files::Open(**records, f);
  RC_ASSERT(files.ok());
  const security::Subject reader = *(*records)->ResolveSubject("reader");
  const security::Subject keeper = *(*records)->ResolveSubject("keeper");
  for (size_t i = 0; i < plan.levels.size(); ++i) {
    const bool readable = (*records)->Show(reader, "r" + std::to_string(i)).ok();
    if (!readable && !hidden_files) {
      continue;
    }
    for (const auto& [n, tag] : plan.files[i]) {
      archive::FileUpload u;
      u.name = kNames[static_cast<size_t>(n)];
      u.bytes = Bytes(u.name, tag);
      RC_ASSERT((*files)->Attach(keeper, "r" + std::to_string(i), u).ok());
    }
  }
  std::string seen =
      Observe(**files, reader, plan.levels.size()) +
      Observe(**files, *(*records)->ResolveSubject(std::nullopt), plan.levels.size());
  return seen;
}

RC_GTEST_PROP(FilesNoLeak, AReadersFileViewIgnoresFilesOfRecordsTheyMayNotRead, ()) {
  const size_t n = *rc::gen::inRange<size_t>(1, 5);
  Plan plan;
  for (size_t i = 0; i < n; ++i) {
    plan.levels.push_back(*rc::gen::element<std::string>("PUBLIC", "SECRET", "TOP SECRET"));
    std::map<int, char> files;
    const int count = *rc::gen::inRange(0, 3);
    for (int k = 0; k < count; ++k) {
      files[*rc::gen::inRange(0, static_cast<int>(kNames.size()))] =
          *rc::gen::inRange<char>('a', 'z');
    }
    plan.files.push_back(std::move(files));
  }
  const std::string reader_level = *rc::gen::element<std::string>("PUBLIC", "SECRET");
  TempDir with_dir;
  TempDir without_dir;
  const std::string with = World(with_dir.path(), plan, /*hidden_files=*/true, reader_level);
  const std::string without = World(without_dir.path(), plan, /*hidden_files=*/false, reader_level);
  RC_ASSERT(with == without);
}

}  // namespace
}  // namespace chancery::testing
