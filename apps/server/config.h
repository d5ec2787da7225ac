// chanceryd's configuration: built-in defaults, then a config file (--config FILE or
// $CHANCERY_CONFIG; "key = value" lines, # comments), then environment variables
// (CHANCERY_<KEY>), then flags (--key VALUE or --key=VALUE), each overriding the one before.
// Every value is validated; an error names its source and key ("server.conf:3: port: ...",
// "environment CHANCERY_PORT: ...", "flag --port: ..."). docs/server.md lists the keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/records/records.h"

namespace chancery::server {

enum class SecureCookies : int8_t { kAuto = 0, kOn, kOff };

struct ServerConfig;

// The records options db, index and keys describe (not yet validated).
records::RecordsOptions RecordsOptionsOf(const ServerConfig& config);
// The folder of users' signing keys (RecordsOptions::SideFilePrefix() + ".keys").
std::string KeyDirOf(const ServerConfig& config);

struct ServerConfig {
  std::string db = "chancery.db";  // a SQLite file, or postgresql://USER@HOST:PORT/DB
  std::string index;               // this node's search index folder; "" = beside a SQLite file
  // Catch this node's index up with the change log this often; 0 = only when searching;
  // -1 = 250 with a PostgreSQL store (other nodes write it), else 0.
  int index_follow_ms = -1;
  std::string keys;  // signing keys folder, the same on every node; needed with a URL
  std::string host = "127.0.0.1";
  int port = 8080;          // 0 = an ephemeral port (tests)
  int threads = 64;         // handler threads (handlers block on the store and the index)
  int io_threads = 0;       // event-loop threads; 0 = one per core, at most 4
  int active_requests = 0;  // handlers running at once; 0 = 8 per core (at least 8)
  // The built web UI. "" (unset) = the installed one, <directory of the chanceryd
  // executable>/../share/chancery/web, when that directory exists, else none; "-" = none (only
  // the API is served). main.cc resolves it (install_paths.h) before Server::Open, which
  // serves config.web_root as given ("" = none).
  std::string web_root;
  std::string access_log;                               // "" = stderr; "-" = off
  SecureCookies secure_cookies = SecureCookies::kAuto;  // auto: off on loopback, on elsewhere
  std::string public_url;  // base of permalinks; "" = http://<request Host>, else host:bound port
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int idle_timeout_seconds = 2;              // keep-alive wait for the next request
  int head_timeout_seconds = 10;             // the whole request line and headers
  int body_timeout_seconds = 300;            // the whole body (read_timeout: between two reads)
  int64_t max_connections = 10000;           // open connections in total
  int64_t max_connections_per_client = 256;  // open connections per client IP address
  int64_t max_body_bytes = 1 << 20;          // every route but import
  int64_t max_import_bytes = 64LL << 20;     // POST /api/import
  int login_failures = 5;                    // per user and per client address, per minute
  // The overdue-escalation scheduler (docs/desk.md "Escalation"): every this many seconds, and
  // once at start, chanceryd escalates lapsed deliveries to the directory's escalation
  // addressees. 0 = off (someone must run `chancery desk overdue`).
  int escalation_interval_seconds = 60;
  // URLs per sitemap file (docs/alerts.md "Sitemaps"); the protocol's limit is 50,000.
  int64_t sitemap_urls = 50000;
  // Modes that do something else than serve:
  std::string set_password_user;  // --set-password USER: read the password from stdin
  bool list_routes = false;       // --list-routes
  bool help = false;
  bool version = false;  // --version

  // Handlers that run at once: active_requests, or 8 per core (at least 8) when it is 0.
  size_t ActiveRequestLimit() const;

  // True when cookies get the Secure attribute under this configuration.
  bool CookiesSecure() const;
};

// `env` maps environment variable names to values (tests pass their own; main passes environ).
Result<ServerConfig> LoadConfig(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& env);

// The environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

// Usage text for --help. `installed_web_root` is where this executable looks for its web UI
// when web_root is unset (InstalledWebRoot in install_paths.h); "" when it cannot tell.
std::string Usage(const std::string& installed_web_root = "");

}  // namespace chancery::server
