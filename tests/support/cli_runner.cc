#include "support/cli_runner.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/temp_dir.h"

extern char** environ;

namespace chancery::testing {

namespace {

std::vector<char*> Argv(const std::vector<std::string>& args, std::vector<std::string>* storage) {
  storage->clear();
  storage->push_back(CHANCERY_CLI_PATH);
  storage->insert(storage->end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : *storage) {
    argv.push_back(s.data());
  }
  argv.push_back(nullptr);
  return argv;
}

std::vector<char*> Envp(const std::vector<std::string>& extra, std::vector<std::string>* storage) {
  storage->clear();
  for (char** e = environ; *e != nullptr; ++e) {
    storage->emplace_back(*e);
  }
  storage->insert(storage->end(), extra.begin(), extra.end());
  std::vector<char*> envp;
  for (auto& s : *storage) {
    envp.push_back(s.data());
  }
  envp.push_back(nullptr);
  return envp;
}

int Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
          const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> arg_storage;
  std::vector<std::string> env_storage;
  auto argv = Argv(args, &arg_storage);
  auto envp = Envp(env, &env_storage);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

}  // namespace

CliResult RunCli(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  TempDir tmp;
  CliResult result;
  int pid = Spawn(args, env, tmp.File("out"), tmp.File("err"));
  if (pid < 0) {
    result.err = "spawn failed";
    return result;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFileOrDie(tmp.File("out"));
  result.err = ReadFileOrDie(tmp.File("err"));
  return result;
}

int StartCli(const std::vector<std::string>& args) {
  return Spawn(args, {}, "/dev/null", "/dev/null");
}

}  // namespace chancery::testing
