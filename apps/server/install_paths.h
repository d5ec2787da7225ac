// Where an installed chanceryd finds the files installed with it. `cmake --install --prefix P`
// and the Debian package lay out P/bin/chanceryd beside P/share/chancery/web, so the web UI is
// found relative to the executable itself (/proc/self/exe), never through a path compiled in:
// the same binary works under any prefix, moved or not (docs/decisions/0018-installed-layout-
// and-open-files.md). Pure functions over paths, plus one read of /proc/self/exe; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/result.h"

#include "config.h"

namespace chancery::server {

// The running executable's absolute path, symlinks resolved (readlink /proc/self/exe).
// Errors: kIoError naming /proc/self/exe when it cannot be read (no /proc).
Result<std::string> SelfExecutable();

// <directory of `executable`>/../share/chancery/web, lexically normalized ("/usr/bin/chanceryd"
// gives "/usr/share/chancery/web"). Checks nothing on disk. REQUIRES: `executable` is absolute.
std::string InstalledWebRoot(std::string_view executable);

// The web root chanceryd serves, from config.web_root and the executable's path:
//   "-"        → "" (no UI, by choice);
//   a path     → that path, which must be a directory holding index.html, else kNotFound
//                "web_root PATH: no such directory" / "web_root PATH: no index.html in it"
//                (an explicit setting that serves nothing is a mistake, not a fallback);
//   "" (unset) → InstalledWebRoot(executable) when it holds index.html, else "" with *note set
//                to a one-line explanation naming the path tried (the build tree has no
//                installed UI; `make run` passes --web-root web).
// `executable` "" means unknown (SelfExecutable failed): the unset case then serves no UI and
// says so in *note. `note` may be nullptr.
Result<std::string> ResolveWebRoot(const ServerConfig& config, std::string_view executable,
                                   std::string* note);

}  // namespace chancery::server
