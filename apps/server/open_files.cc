#include "open_files.h"

#include <cerrno>
#include <cstring>
#include <sstream>

#include <sys/resource.h>

#include "chancery/search/shard_files.h"

namespace chancery::server {

namespace {

// Files besides shards and connections: stdin/out/err, the SQLite database, its journal and
// temporary files, the audit key and checkpoint, the listener, the event loop's epoll and
// eventfds, the access log. chanceryd holds 12 of them serving an idle store; 64 leaves room.
constexpr uint64_t kBaseFiles = 64;

}  // namespace

OpenFileNeed NeededOpenFiles(const ServerConfig& config, uint64_t shards) {
  OpenFileNeed need;
  need.shards = shards;
  need.concurrent_searches = config.ActiveRequestLimit();
  need.searches = shards * search::kReaderFilesPerShard * need.concurrent_searches;
  need.writer = shards * search::kWriterFilesPerShard;
  need.connections = static_cast<uint64_t>(config.max_connections);
  // A handler thread may hold one file of its own while it answers (a static file, a scan).
  need.headroom = kBaseFiles + static_cast<uint64_t>(config.threads);
  need.total = need.searches + need.writer + need.connections + need.headroom;
  return need;
}

std::string IndexDirFor(const ServerConfig& config) {
  return config.index.empty() ? config.db + ".index" : config.index;
}

Result<OpenFileLimit> RaiseOpenFileLimit(uint64_t need) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return IoError(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
  }
  OpenFileLimit result;
  result.soft_before = limit.rlim_cur;
  result.soft = limit.rlim_cur;
  result.hard = limit.rlim_max;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < need) {
    const rlim_t wanted = (limit.rlim_max == RLIM_INFINITY || need < limit.rlim_max)
                              ? static_cast<rlim_t>(need)
                              : limit.rlim_max;
    rlimit raised = limit;
    raised.rlim_cur = wanted;
    if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      return IoError("setrlimit(RLIMIT_NOFILE, " + std::to_string(wanted) +
                     "): " + std::strerror(errno));
    }
    result.soft = wanted;
  }
  return result;
}

std::string OpenFileWarning(const OpenFileNeed& need, const OpenFileLimit& limit) {
  if (limit.soft == RLIM_INFINITY || limit.soft >= need.total) {
    return "";
  }
  std::ostringstream out;
  out << "warning: open-file limit " << limit.soft << " (hard limit " << limit.hard
      << ") is below the " << need.total << " this server may need: " << need.shards
      << " index shards x " << search::kReaderFilesPerShard << " files x "
      << need.concurrent_searches << " concurrent searches = " << need.searches << ", + "
      << need.writer << " for the index writer, + " << need.connections
      << " connections (max_connections), + " << need.headroom
      << " other files; searches that read many access classes may fail with "
      << "\"Too many open files\". Raise the hard limit to at least " << need.total
      << " (LimitNOFILE= in chanceryd.service, `ulimit -n` or `prlimit --nofile` before starting "
      << "chanceryd), or lower active_requests or max_connections (docs/deploy.md \"Open "
      << "files\")";
  return out.str();
}

}  // namespace chancery::server
