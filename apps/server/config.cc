#include "config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "chancery/base/strings.h"

extern char** environ;

namespace chancery::server {

namespace {

Result<int64_t> ToInt(const std::string& value, int64_t min, int64_t max) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    return InvalidArgument("expected an integer " + std::to_string(min) + ".." +
                           std::to_string(max) + ", got \"" + value + "\"");
  }
  return n;
}

template <typename T>
std::function<Status(ServerConfig&, const std::string&)> Int(T ServerConfig::*field, int64_t min,
                                                             int64_t max) {
  return [field, min, max](ServerConfig& c, const std::string& v) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(int64_t n, ToInt(v, min, max));
    c.*field = static_cast<T>(n);
    return Status::Ok();
  };
}

std::function<Status(ServerConfig&, const std::string&)> Text(std::string ServerConfig::*field,
                                                              bool allow_empty) {
  return [field, allow_empty](ServerConfig& c, const std::string& v) -> Status {
    if (v.empty() && !allow_empty)
      return InvalidArgument("must not be empty");
    c.*field = v;
    return Status::Ok();
  };
}

Status SetSecure(ServerConfig& c, const std::string& v) {
  if (v == "auto")
    c.secure_cookies = SecureCookies::kAuto;
  else if (v == "true" || v == "on" || v == "1")
    c.secure_cookies = SecureCookies::kOn;
  else if (v == "false" || v == "off" || v == "0")
    c.secure_cookies = SecureCookies::kOff;
  else
    return InvalidArgument("expected auto, on or off, got \"" + v + "\"");
  return Status::Ok();
}

struct Key {
  std::string name;  // config-file key and flag (--name, '_' as '-')
  std::function<Status(ServerConfig&, const std::string&)> set;
};

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      {"db", Text(&ServerConfig::db, false)},
      {"index", Text(&ServerConfig::index, true)},
      {"keys", Text(&ServerConfig::keys, true)},
      {"index_follow_ms", Int(&ServerConfig::index_follow_ms, -1, 60000)},
      {"host", Text(&ServerConfig::host, false)},
      {"port", Int(&ServerConfig::port, 0, 65535)},
      {"threads", Int(&ServerConfig::threads, 1, 16384)},
      {"io_threads", Int(&ServerConfig::io_threads, 0, 64)},
      {"active_requests", Int(&ServerConfig::active_requests, 0, 4096)},
      {"web_root", Text(&ServerConfig::web_root, true)},
      {"access_log", Text(&ServerConfig::access_log, true)},
      {"secure_cookies", SetSecure},
      {"public_url", Text(&ServerConfig::public_url, true)},
      {"read_timeout", Int(&ServerConfig::read_timeout_seconds, 1, 3600)},
      {"write_timeout", Int(&ServerConfig::write_timeout_seconds, 1, 3600)},
      {"idle_timeout", Int(&ServerConfig::idle_timeout_seconds, 1, 3600)},
      {"head_timeout", Int(&ServerConfig::head_timeout_seconds, 1, 3600)},
      {"body_timeout", Int(&ServerConfig::body_timeout_seconds, 1, 86400)},
      {"max_connections", Int(&ServerConfig::max_connections, 1, 1000000)},
      {"max_connections_per_client", Int(&ServerConfig::max_connections_per_client, 1, 1000000)},
      {"max_body", Int(&ServerConfig::max_body_bytes, 1024, int64_t{1} << 30)},
      {"max_import_body", Int(&ServerConfig::max_import_bytes, 1024, int64_t{4} << 30)},
      {"login_failures", Int(&ServerConfig::login_failures, 1, 1000)},
      {"escalation_interval", Int(&ServerConfig::escalation_interval_seconds, 0, 86400)},
      {"sitemap_urls", Int(&ServerConfig::sitemap_urls, 1, 50000)},
  };
  return keys;
}

const Key* FindKey(const std::string& name) {
  for (const Key& k : Keys()) {
    if (k.name == name)
      return &k;
  }
  return nullptr;
}

std::string Upper(std::string s) {
  for (char& c : s)
    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}

Status ApplyFile(ServerConfig& config, const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return NotFound("config file " + path + ": cannot read");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number);
    const std::string trimmed(Trim(line));
    if (trimmed.empty() || trimmed[0] == '#')
      continue;
    const size_t eq = trimmed.find('=');
    if (eq == std::string::npos)
      return InvalidArgument(where + ": expected key = value");
    const std::string key(Trim(std::string_view(trimmed).substr(0, eq)));
    const Key* k = FindKey(key);
    if (k == nullptr)
      return InvalidArgument(where + ": unknown key \"" + key + "\"");
    const std::string value(Trim(std::string_view(trimmed).substr(eq + 1)));
    CHANCERY_RETURN_IF_ERROR(k->set(config, value).WithContext(where + ": " + key));
  }
  return Status::Ok();
}

// Splits flags into (name, value) pairs; mode flags are set directly.
Result<std::vector<std::pair<std::string, std::string>>> FlagPairs(
    const std::vector<std::string>& args, ServerConfig& config, std::string* config_file) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      config.help = true;
      continue;
    }
    if (arg == "--list-routes") {
      config.list_routes = true;
      continue;
    }
    if (arg == "--version") {
      config.version = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0)
      return InvalidArgument("unexpected argument \"" + arg + "\"");
    std::string name = arg.substr(2);
    std::string value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return InvalidArgument("flag --" + name + ": missing value");
    }
    for (char& c : name)
      c = c == '-' ? '_' : c;
    if (name == "config")
      *config_file = value;
    else if (name == "set_password")
      config.set_password_user = value;
    else
      pairs.emplace_back(name, value);
  }
  return pairs;
}

}  // namespace

size_t ServerConfig::ActiveRequestLimit() const {
  if (active_requests > 0)
    return static_cast<size_t>(active_requests);
  return std::max<size_t>(8, size_t{8} * std::max(1U, std::thread::hardware_concurrency()));
}

bool ServerConfig::CookiesSecure() const {
  if (secure_cookies != SecureCookies::kAuto)
    return secure_cookies == SecureCookies::kOn;
  return !(host == "127.0.0.1" || host == "localhost" || host == "::1");
}

Result<ServerConfig> LoadConfig(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& env) {
  ServerConfig config;
  std::string config_file;
  if (auto it = env.find("CHANCERY_CONFIG"); it != env.end())
    config_file = it->second;
  CHANCERY_ASSIGN_OR_RETURN(auto flags, FlagPairs(args, config, &config_file));
  if (!config_file.empty())
    CHANCERY_RETURN_IF_ERROR(ApplyFile(config, config_file));
  for (const Key& k : Keys()) {
    const std::string var = "CHANCERY_" + Upper(k.name);
    if (auto it = env.find(var); it != env.end()) {
      CHANCERY_RETURN_IF_ERROR(k.set(config, it->second).WithContext("environment " + var));
    }
  }
  for (const auto& [name, value] : flags) {
    const Key* k = FindKey(name);
    if (k == nullptr)
      return InvalidArgument("unknown flag --" + name + " (see --help)");
    std::string flag = name;
    for (char& c : flag)
      c = c == '_' ? '-' : c;
    CHANCERY_RETURN_IF_ERROR(k->set(config, value).WithContext("flag --" + flag));
  }
  return config;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry = *e;
    const size_t eq = entry.find('=');
    if (eq != std::string::npos)
      env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

records::RecordsOptions RecordsOptionsOf(const ServerConfig& config) {
  records::RecordsOptions options;
  options.db_path = config.db;
  options.index_dir = config.index;
  options.files_dir = config.keys;
  return options;
}

std::string KeyDirOf(const ServerConfig& config) {
  return RecordsOptionsOf(config).SideFilePrefix() + ".keys";
}

std::string Usage(const std::string& installed_web_root) {
  std::ostringstream out;
  out << "usage: chanceryd [--config FILE] [--KEY VALUE]...\n"
         "       chanceryd --db PATH --set-password USER   (password read from stdin)\n"
         "       chanceryd --list-routes\n"
         "       chanceryd --version\n"
         "keys (flag --key-name, environment CHANCERY_KEY_NAME, config file key_name = value):\n";
  for (const Key& k : Keys())
    out << "  " << k.name << "\n";
  out << "web_root unset: the installed web UI, <chanceryd's directory>/../share/chancery/web";
  if (!installed_web_root.empty())
    out << "\n  (here " << installed_web_root << ")";
  out << ", if it exists; web_root - serves none.\n"
         "docs/server.md describes each key and its default; man chanceryd(8).\n";
  return out.str();
}

}  // namespace chancery::server
