#!/usr/bin/env python3
"""Self-test of check_layers.py: a clean tree passes; each kind of violation is reported."""
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent


def run(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for rel, text in files.items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        r = subprocess.run([sys.executable, str(HERE / "check_layers.py"), str(root)],
                           capture_output=True, text=True)
        return r.returncode, r.stdout


def main():
    failures = 0
    cases = [
        ({"src/model/a.cc": '#include "chancery/base/status.h"\n'}, 0, ""),
        ({"src/model/a.cc": '#include "chancery/store/store.h"\n'}, 1, "may not depend on 'store'"),
        ({"include/chancery/format/a.h": '#include "chancery/security/policy.h"\n'}, 1,
         "may not depend on 'security'"),
        ({"src/format/a.cc": "#include <xapian.h>\n"}, 1, "only 'search' may include"),
        ({"src/store/x/a.cc": '#include "records/records_impl.h"\n'}, 1,
         "may not depend on 'records'"),
        ({"src/records/a.cc": '#include "apps/cli/cli.h"\n'}, 1, "must not include apps"),
        ({"src/records/a.cc": '#include "../search/x.h"\n'}, 1, "relative include"),
        ({"apps/server/h/a.cc": '#include "../server.h"\n'}, 1, "relative include"),
        ({"include/chancery/records/a.h": '#include "records/records_impl.h"\n'}, 1,
         "public header includes a private header"),
        ({"include/chancery/records/a.h": '#include <vector>\n#include "chancery/base/status.h"\n'},
         0, ""),
        ({"src/store/CMakeLists.txt": "chancery_add_library(store DEPS chancery::records)\n"}, 1,
         "links 'records'"),
        ({"src/desk/CMakeLists.txt": "chancery_add_library(desk DEPS chancery::records)\n"}, 0, ""),
    ]
    for files, want_code, want_text in cases:
        code, out = run(files)
        if code != want_code or want_text not in out:
            print(f"FAIL {files}: code {code}, output {out!r}")
            failures += 1
    print(f"{len(cases) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
