#!/usr/bin/env python3
"""Chancery installed (issue 16 §3; docs/deploy.md): `cmake --install` under a prefix with a space
in it, the installed chanceryd serving its web UI without --web-root, the systemd unit, the man
pages against --help, the open-file limit, and the Debian package built by CPack, unpacked and
started as its unit starts it.

One ctest test per case: install_test.py CASE --build DIR --source DIR --work DIR --version X.Y.Z.
The `install` and `package` cases are ctest fixtures (FIXTURES_SETUP) the others use. Every
case fails, never skips, when a tool it needs is missing: scripts/bootstrap installs them.
"""
import argparse
import http.cookiejar
import itertools
import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ARGS = None
PREFIX_NAME = "pre fix"  # a space in the prefix: every path must be quoted right


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def need_tool(name, package):
    path = shutil.which(name)
    check(path is not None, f"{name} is missing: install the Debian package {package} "
                            "(scripts/bootstrap does)")
    return path


def run(cmd, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    result = subprocess.run(cmd, **kwargs)
    if result.returncode != 0:
        fail(f"{shlex.join(cmd)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def prefix():
    return os.path.join(ARGS.work, PREFIX_NAME)


def fresh_dir(name):
    path = os.path.join(ARGS.work, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


class Chanceryd:
    """A chanceryd process on port 0; its stderr is kept; stopped with SIGTERM on exit."""

    def __init__(self, cmd, env=None, nofile=None, expect_exit=False):
        self.cmd, self.env, self.nofile, self.expect_exit = cmd, env, nofile, expect_exit
        self.log = tempfile.TemporaryFile(mode="w+")

    def __enter__(self):
        def limit():
            if self.nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, self.nofile)
        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=self.log, stderr=self.log,
                                     preexec_fn=limit)
        self.port = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.stderr())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.05)
        if not self.expect_exit:
            check(self.port is not None, f"chanceryd did not start: {self.cmd}\n{self.stderr()}")
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def stderr(self):
        self.log.seek(0)
        return self.log.read()

    def get(self, path, opener=None):
        """(status, body bytes) of GET path."""
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with (opener or urllib.request.build_opener()).open(url, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def sign_in(self, user, password):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        body = json.dumps({"user": user, "password": password}).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/session", data=body,
                                     headers={"Content-Type": "application/json"})
        with opener.open(req, timeout=30) as r:
            check(r.status == 200, f"sign-in as {user}: {r.status}")
        return opener


def source_bytes(*parts):
    with open(os.path.join(ARGS.source, *parts), "rb") as f:
        return f.read()


def init_store(cli, db):
    run([cli, "--db", db, "init"])


def assert_serves_reading_room(server, web_root):
    status, body = server.get("/")
    check(status == 200, f"GET / answered {status}: {body[:200]!r}\n{server.stderr()}")
    check(body == source_bytes("web", "index.html"), "GET / is not web/index.html")
    check(b"Reading room" in body, "GET / holds no reading room")
    status, body = server.get("/app.css")
    check(status == 200 and body == source_bytes("web", "app.css"),
          f"GET /app.css answered {status} or other bytes than web/app.css")
    status, body = server.get("/js/main.js")
    check(status == 200 and body == source_bytes("web", "js", "main.js"), "GET /js/main.js")
    check(f"web UI from {web_root}" in server.stderr(),
          f"chanceryd does not say it serves {web_root}:\n{server.stderr()}")


# --- fixtures ---------------------------------------------------------------------------------

def case_install():
    """Fixture: cmake --install into <work>/pre fix."""
    shutil.rmtree(prefix(), ignore_errors=True)
    run(["cmake", "--install", ARGS.build, "--prefix", prefix()])


def deb_dir():
    return os.path.join(ARGS.work, "deb")


def the_deb():
    debs = [f for f in os.listdir(deb_dir()) if f.endswith(".deb")]
    check(len(debs) == 1, f"expected one .deb in {deb_dir()}, found {debs}")
    return os.path.join(deb_dir(), debs[0])


def case_package():
    """Fixture: the Debian package, built by CPack as `make deb` builds it."""
    need_tool("dpkg-deb", "dpkg")
    need_tool("dpkg-shlibdeps", "dpkg-dev")
    shutil.rmtree(deb_dir(), ignore_errors=True)
    run(["cpack", "-G", "DEB", "--config", os.path.join(ARGS.build, "CPackConfig.cmake"),
         "-B", deb_dir()])
    check(os.path.basename(the_deb()).startswith(f"chancery_{ARGS.version}_"),
          f"package file name {the_deb()}")


# --- cases ------------------------------------------------------------------------------------

def case_layout():
    """The install lays out binaries, web UI, policy, man pages, unit and docs (GNUInstallDirs)."""
    p = prefix()
    for exe in ("bin/chancery", "bin/chanceryd"):
        check(os.access(os.path.join(p, exe), os.X_OK), f"{exe} is not an executable under {p}")
    expected = {
        "share/chancery/web/index.html": source_bytes("web", "index.html"),
        "share/chancery/web/app.css": source_bytes("web", "app.css"),
        "share/chancery/default.policy": source_bytes("policy", "default.policy"),
        "share/man/man1/chancery.1": source_bytes("packaging", "man", "chancery.1"),
        "share/man/man8/chanceryd.8": source_bytes("packaging", "man", "chanceryd.8"),
        "share/doc/chancery/README.md": source_bytes("README.md"),
        "share/doc/chancery/docs/deploy.md": source_bytes("docs", "deploy.md"),
    }
    for rel, content in expected.items():
        path = os.path.join(p, rel)
        check(os.path.isfile(path), f"{rel} is not installed under {p}")
        with open(path, "rb") as f:
            check(f.read() == content, f"{rel} differs from its source")
    web_files = sorted(os.path.relpath(os.path.join(d, f), os.path.join(ARGS.source, "web"))
                       for d, _, fs in os.walk(os.path.join(ARGS.source, "web")) for f in fs)
    for rel in web_files:
        check(os.path.isfile(os.path.join(p, "share/chancery/web", rel)), f"web/{rel} missing")
    with open(os.path.join(p, "lib/systemd/system/chanceryd.service")) as f:
        unit = f.read()
    check(f'ExecStart="{p}/bin/chanceryd"' in unit, f"the unit does not start {p}/bin/chanceryd")


def case_version():
    """chancery --version and chanceryd --version print the project() version and exit 0."""
    for name in ("chancery", "chanceryd"):
        out = run([os.path.join(prefix(), "bin", name), "--version"]).stdout
        check(out == f"{name} {ARGS.version}\n", f"{name} --version printed {out!r}")


def help_commands(cli, *path):
    """The subcommands `chancery PATH... --help` lists."""
    out = run([cli, *path, "--help"]).stdout
    if "Subcommands:" not in out:
        return []
    block = out.split("Subcommands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^  (\S+)\s", block, re.M)]


def man_text(section, name):
    with open(os.path.join(prefix(), f"share/man/man{section}/{name}.{section}")) as f:
        return f.read().replace("\\-", "-")


def case_man_pages_match_help():
    """chanceryd(8) documents exactly the flags of chanceryd --help; chancery(1) every command."""
    daemon = os.path.join(prefix(), "bin", "chanceryd")
    out = run([daemon, "--help"]).stdout
    keys = re.findall(r"^  ([a-z_]+)$", out, re.M)
    check(len(keys) > 15, f"chanceryd --help lists {len(keys)} keys")
    flags = {"--" + k.replace("_", "-") for k in keys} | {
        "--config", "--set-password", "--list-routes", "--version", "--help"}
    page = man_text(8, "chanceryd")
    documented = set(re.findall(r"^\.B[IR]? (--[a-z-]+)(?=[ \"]|$)", page, re.M))
    documented |= set(re.findall(r'^\.BR -h ", " (--help)$', page, re.M))
    check(flags - documented == set(), f"chanceryd(8) lacks {sorted(flags - documented)}")
    check(documented - flags == set(), f"chanceryd(8) names unknown {sorted(documented - flags)}")

    cli = os.path.join(prefix(), "bin", "chancery")
    page = man_text(1, "chancery")
    check("--version" in page and "--db" in page, "chancery(1) lacks --version or --db")
    for command in help_commands(cli):
        check(re.search(rf"^\.B {re.escape(command)}$", page, re.M),
              f"chancery(1) has no entry for the command {command}")
        for sub in help_commands(cli, command):
            check(re.search(rf"(^|[ |]){re.escape(sub)}( |\||$)", page, re.M),
                  f"chancery(1) does not name `{command} {sub}`")


def case_serves_reading_room_without_web_root():
    """The installed chanceryd finds <prefix>/share/chancery/web from its own location."""
    store = fresh_dir("serve")
    db = os.path.join(store, "c.db")
    init_store(os.path.join(prefix(), "bin", "chancery"), db)
    with Chanceryd([os.path.join(prefix(), "bin", "chanceryd"), "--db", db, "--port", "0",
                    "--access-log", "-"]) as server:
        assert_serves_reading_room(server, os.path.join(prefix(), "share/chancery/web"))


def case_missing_web_ui_is_named():
    """Without an installed UI chanceryd names the path it tried; a bad --web-root is refused."""
    moved = fresh_dir("moved prefix")
    os.makedirs(os.path.join(moved, "bin"))
    daemon = os.path.join(moved, "bin", "chanceryd")
    shutil.copy2(os.path.join(prefix(), "bin", "chanceryd"), daemon)
    db = os.path.join(moved, "c.db")
    init_store(os.path.join(prefix(), "bin", "chancery"), db)
    with Chanceryd([daemon, "--db", db, "--port", "0", "--access-log", "-"]) as server:
        tried = os.path.join(moved, "share/chancery/web")
        check(f"no web UI: tried {tried}" in server.stderr(),
              f"chanceryd does not name {tried}:\n{server.stderr()}")
        status, _ = server.get("/")
        check(status == 404, f"GET / without a UI answered {status}")
        status, body = server.get("/healthz")
        check(status == 200, f"the API is not served without a UI: {status} {body!r}")
    for bad, why in ((os.path.join(moved, "nowhere"), "no such directory"),
                     (moved, "no index.html in it")):
        result = subprocess.run([daemon, "--db", db, "--port", "0", "--web-root", bad],
                                capture_output=True, text=True, timeout=60)
        check(result.returncode == 1 and f"web_root {bad}: {why}" in result.stderr,
              f"--web-root {bad}: exit {result.returncode}, {result.stderr!r}")
    with Chanceryd([daemon, "--db", db, "--port", "0", "--access-log", "-",
                    "--web-root", os.path.join(prefix(), "share/chancery/web")]) as server:
        assert_serves_reading_room(server, os.path.join(prefix(), "share/chancery/web"))


def verify_unit(unit, man_dir):
    analyze = need_tool("systemd-analyze", "systemd")
    env = dict(os.environ)
    # Documentation=man:... is checked with man(1): point it at the installed pages.
    env["MANPATH"] = man_dir
    result = subprocess.run([analyze, "verify", unit], capture_output=True, text=True, env=env)
    check(result.returncode == 0 and result.stderr.strip() == "",
          f"systemd-analyze verify {unit}: exit {result.returncode}\n{result.stderr}")


def case_unit_verifies():
    """systemd-analyze verify accepts the installed chanceryd.service (man pages included)."""
    verify_unit(os.path.join(prefix(), "lib/systemd/system/chanceryd.service"),
                os.path.join(prefix(), "share/man"))


# Classes of the open-file cases: every level of the default policy but LIMITED OFFICIAL USE,
# times every subset of five restrictive categories, one record each.
LEVELS = ["PUBLIC", "CONFIDENTIAL", "SECRET", "TOP SECRET"]
CATEGORIES = ["INTERNAL RESEARCH", "NOFORN", "EYES ONLY", "EXDIS", "LIMDIS"]


def many_class_store(name):
    """A store with 128 access classes, one record each, and a user who reads them all, in
    <work>/name; returns (dir, db, number of classes)."""
    store = fresh_dir(name)
    cables = os.path.join(store, "cables")
    os.makedirs(cables)
    n = 0
    for level in LEVELS:
        for k in range(len(CATEGORIES) + 1):
            for combo in itertools.combinations(CATEGORIES, k):
                n += 1
                with open(os.path.join(cables, f"{n:03}.cable"), "w") as f:
                    f.write(f"Id: nofile-{n:03}\nDate: 1963-03-04\nClassification: {level}\n")
                    if combo:
                        f.write("Caveats: " + ", ".join(combo) + "\n")
                    f.write(f"Title: Telegram {n}\n\nA telegram about the harbour, number {n}.\n")
    cli = os.path.join(prefix(), "bin", "chancery")
    db = os.path.join(store, "c.db")
    init_store(cli, db)
    run([cli, "--db", db, "import", "--quiet", cables])
    run([cli, "--db", db, "user", "add", "reader", "--clearance", "TOP SECRET"] +
        [a for c in CATEGORIES for a in ("--category", c)])
    run([os.path.join(prefix(), "bin", "chanceryd"), "--db", db, "--set-password", "reader"],
        input="reader-password-1\n")
    return store, db, n


def small_server(db):
    """chanceryd with a small connection budget, so that the index dominates the need."""
    return [os.path.join(prefix(), "bin", "chanceryd"), "--db", db, "--port", "0",
            "--access-log", "-", "--max-connections", "8", "--active-requests", "1",
            "--threads", "4", "--escalation-interval", "0"]


def search_all(server):
    opener = server.sign_in("reader", "reader-password-1")
    return server.get("/api/search?q=harbour&limit=1", opener)


def case_nofile_low_hard_limit_warns():
    """Under a hard limit of 64, chanceryd names the files its 128 shards need and what to raise,
    and serves: the public reader's search works, one over all 128 classes answers 503."""
    _, db, classes = many_class_store("nofile low")
    # 128 shards x 6 (one search) + 128 x 7 (writer) + 8 connections + 64 + 4 threads.
    need = classes * 6 * 1 + classes * 7 + 8 + 64 + 4
    with Chanceryd(small_server(db), nofile=(64, 64)) as server:
        log = server.stderr()
        check(f"is below the {need} this server may need" in log and
              f"{classes} index shards" in log and "LimitNOFILE=" in log and "ulimit -n" in log,
              f"no open-file warning naming {need}:\n{log}")
        # The warning is not idle: a search over every class runs out of files, and says so
        # (a 503 naming the limit, not "search index damaged: run chancery reindex").
        status, body = search_all(server)
        check(status == 503 and b"out of open files (Too many open files)" in body,
              f"a search over {classes} shards under 64 files answered {status} {body!r}")
        status, body = server.get("/api/search?q=harbour&limit=1")
        check(status == 200, f"the public reader's search (one class) failed too: {status}")


def case_nofile_raised_search_works():
    """With a hard limit above the need, chanceryd raises its soft limit and the search works."""
    _, db, classes = many_class_store("nofile raised")
    need = classes * 6 * 1 + classes * 7 + 8 + 64 + 4
    with Chanceryd(small_server(db), nofile=(64, need + 1000)) as server:
        check(f"open-file limit raised from 64 to {need} ({classes} index shards)"
              in server.stderr(), f"no raise to {need}:\n{server.stderr()}")
        status, body = search_all(server)
        check(status == 200 and json.loads(body)["total"] == classes,
              f"search over {classes} classes: {status} {body[:300]!r}")


def unit_lines(path):
    lines = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line and not line.startswith("["):
                key, value = line.split("=", 1)
                lines.setdefault(key, []).append(value)
    return lines


def case_deb_contents():
    """The .deb is named chancery, computes its Depends, carries maintainer scripts and the files."""
    info = run(["dpkg-deb", "--info", the_deb()]).stdout
    check(re.search(r"^ Package: chancery$", info, re.M), f"package name:\n{info}")
    check(re.search(rf"^ Version: {re.escape(ARGS.version)}$", info, re.M), "package version")
    depends = re.search(r"^ Depends: (.*)$", info, re.M)
    check(depends and "adduser" in depends.group(1) and "libxapian30" in depends.group(1)
          and "libsqlite3-0" in depends.group(1), f"Depends: {depends and depends.group(1)}")
    for script in ("postinst", "prerm", "postrm"):
        check(re.search(rf"^ .*\b{script}\b", info, re.M), f"no {script} in the control archive")
    contents = run(["dpkg-deb", "--contents", the_deb()]).stdout
    for path in ("./usr/bin/chancery", "./usr/bin/chanceryd",
                 "./usr/lib/systemd/system/chanceryd.service",
                 "./usr/share/chancery/web/index.html", "./usr/share/chancery/default.policy",
                 "./usr/share/man/man1/chancery.1", "./usr/share/man/man8/chanceryd.8",
                 "./usr/share/doc/chancery/docs/deploy.md"):
        check(re.search(rf" {re.escape(path)}$", contents, re.M), f"{path} not in the package")
    check("/usr/local" not in contents and ARGS.build not in contents, "stray paths in package")


def case_deb_serves_as_unit_starts_it():
    """dpkg -x the package, then run the unit's ExecStartPre and ExecStart (paths moved into the
    unpacked tree, port 0 as a drop-in would set it) under its LimitNOFILE: it serves the
    reading room from /usr/share/chancery/web. The unit also passes systemd-analyze there."""
    root = fresh_dir("deb-root")  # Environment= would need quoting for a space
    run(["dpkg-deb", "-x", the_deb(), root])
    unit = os.path.join(root, "usr/lib/systemd/system/chanceryd.service")
    lines = unit_lines(unit)
    check(lines.get("User") == ["chancery"] and lines.get("StateDirectory") == ["chancery"],
          f"the unit runs as {lines.get('User')} in {lines.get('StateDirectory')}")
    for key in ("NoNewPrivileges", "ProtectSystem", "ReadWritePaths", "LimitNOFILE"):
        check(key in lines, f"the unit has no {key}=")

    def moved(text):
        return text.replace("/var/lib/chancery", root + "/var/lib/chancery").replace(
            '"/usr/', '"' + root + "/usr/")
    with open(unit) as f:
        moved_unit = os.path.join(fresh_dir("deb unit"), "chanceryd.service")
        with open(moved_unit, "w") as out:
            out.write(moved(f.read()))
    verify_unit(moved_unit, os.path.join(root, "usr/share/man"))
    os.makedirs(os.path.join(root, "var/lib/chancery"), mode=0o700)  # StateDirectory=
    env = {"PATH": "/usr/bin:/bin", "CHANCERY_PORT": "0", "CHANCERY_ACCESS_LOG": "-"}
    for assignment in lines["Environment"]:
        key, value = assignment.split("=", 1)
        env[key] = moved(value)
    pre = shlex.split(moved(lines["ExecStartPre"][0]))
    run(pre, env=env)
    check(os.path.exists(env["CHANCERY_DB"]), f"ExecStartPre made no store at {env['CHANCERY_DB']}")
    run(pre, env=env)  # the second start finds the store and leaves it
    start = shlex.split(moved(lines["ExecStart"][0]))
    check(start == [root + "/usr/bin/chanceryd"], f"ExecStart is {start}")
    nofile = int(lines["LimitNOFILE"][0])
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    limit = (min(nofile, hard), min(nofile, hard))  # what systemd sets, within what we may
    with Chanceryd(start, env=env, nofile=limit) as server:
        assert_serves_reading_room(server, root + "/usr/share/chancery/web")


CASES = {name[len("case_"):]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--version", required=True)
    ARGS = parser.parse_args()
    os.makedirs(ARGS.work, exist_ok=True)
    CASES[ARGS.case]()
    print(f"ok: {ARGS.case}")


if __name__ == "__main__":
    main()
