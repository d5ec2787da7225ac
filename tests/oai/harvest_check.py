#!/usr/bin/python3
"""Independent OAI-PMH harvesters against a real chanceryd (issue 15 §2, docs/oai.md).

A store with the FRUS dev volumes, the example cables (classified ones among them), the archive
records and the translations. Then:

1. Debian's HTTP::OAI (harvest.pl) and npm's oai-pmh (harvest.mjs) each harvest ListIdentifiers
   and ListRecords: exactly the public set (`chancery list --json`, the public reader), no
   duplicate, no gap, nothing deleted yet.
2. Every response of a full walk (Identify, ListMetadataFormats, ListSets, every page of
   ListIdentifiers/ListRecords in both formats, GetRecord, and every protocol error) is
   validated with xmllint against docs/format/oai/OAI-PMH.xsd.
3. Each harvester harvests again while records are published, withdrawn (relabelled above the
   public level) and edited after its first page, then harvests incrementally from its first
   page's responseDate: no duplicate within a harvest, and the harvest overlaid with the
   incremental one is exactly the public set after the changes, with every changed record in
   the incremental harvest and the withdrawn ones as deleted.

Usage: harvest_check.py --chancery BIN --chanceryd BIN --root REPO --shared SHARED [--node BIN]
Prints "N passed, M failed" and exits non-zero on any failure.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

failures = []
passes = 0


def check(cond, what):
    global passes
    if cond:
        passes += 1
    else:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit("command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


class World:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.db = os.path.join(tmp, "oai.db")
        self.counter = 0

    def cli(self, *a):
        return run([self.args.chancery, "--db", self.db] + list(a))

    def public_ids(self):
        return {r["id"] for r in json.loads(self.cli("list", "--json"))["records"]}

    def record(self, rid):
        return json.loads(self.cli("show", rid, "--json"))

    def mutation_script(self, tag, public_now, classified):
        """A shell script that publishes two records (a new public import, and a classified
        example through review: due, release, publish, making <id>.p1), edits two (one early,
        one late in the harvest order) and withdraws one. Returns (path, changed ids, withdrawn
        ids)."""
        ordered = sorted(public_now)
        frus = [i for i in ordered if i.startswith("frus")]
        early, late, gone = frus[0], frus[-1], frus[len(frus) // 2]
        new = self.record(frus[1])
        new["id"] = "oai-%s-new" % tag
        new.pop("serial", None)
        recs = [new]
        for rid in (early, late):
            r = self.record(rid)
            r["summary"] = "edited during the %s harvest" % tag
            recs.append(r)
        w = self.record(gone)
        w["current_label"] = {"classification": "SECRET"}
        recs.append(w)
        lines = []
        for i, r in enumerate(recs):
            path = os.path.join(self.tmp, "%s-%d.json" % (tag, i))
            with open(path, "w") as f:
                json.dump(r, f)
            lines.append("%s --db %s import %s >/dev/null" % (self.args.chancery, self.db, path))
        review = "%s --db %s review " % (self.args.chancery, self.db)
        lines += [review + "due %s --date 2026-01-01 --as arch >/dev/null" % classified,
                  review + "release %s --as rev1 >/dev/null" % classified,
                  review + "publish %s --as arch >/dev/null" % classified]
        script = os.path.join(self.tmp, "mutate-%s.sh" % tag)
        with open(script, "w") as f:
            f.write("set -e\n" + "\n".join(lines) + "\n")
        return script, {"oai-%s-new" % tag, classified + ".p1", early, late, gone}, {gone}


def start_server(args, db):
    # stderr goes to a file, never a pipe left unread: a server that logs (or a sanitizer that
    # reports) would block on a full pipe. The file is printed when the run fails.
    log = open(db + ".chanceryd.log", "w+")
    p = subprocess.Popen([args.chanceryd, "--db", db, "--port", "0"], stderr=log,
                         stdout=subprocess.DEVNULL, text=True)
    p.log_path = log.name
    deadline = time.time() + 60
    while time.time() < deadline:
        with open(log.name) as f:
            m = re.search(r"listening on (http://\S+)", f.read())
        if m:
            return p, m.group(1).rstrip("/")
        if p.poll() is not None:
            break
        time.sleep(0.05)
    with open(log.name) as f:
        raise SystemExit("chanceryd did not start listening:\n" + f.read()[-4000:])


def get(base, query):
    with urllib.request.urlopen(base + "/oai?" + query, timeout=30) as r:
        check(r.status == 200, "HTTP 200 for " + query)
        check(r.headers.get("Content-Type", "").startswith("text/xml"), "text/xml for " + query)
        return r.read().decode("utf-8")


def ids_of(items):
    """(live ids, deleted ids, duplicates) of [(oai identifier, deleted)]."""
    seen, dups, live, deleted = set(), [], set(), set()
    for ident, is_deleted in items:
        rid = ident.split(":", 2)[2]
        if rid in seen:
            dups.append(rid)
        seen.add(rid)
        (deleted if is_deleted else live).add(rid)
    return live, deleted, dups


def perl_harvest(base, verb, prefix, since="", mutate=""):
    out = run(["perl", os.path.join(os.path.dirname(__file__), "harvest.pl"), base + "/oai",
               verb, prefix, since, mutate])
    date, items = None, []
    for line in out.splitlines():
        if line.startswith("responseDate "):
            date = line.split(" ", 1)[1]
        elif "\t" in line:
            ident, state = line.split("\t")
            items.append((ident, state == "deleted"))
    return date, items


def node_harvest(args, base, verb, prefix, since="", mutate=""):
    cmd = [args.node, os.path.join(os.path.dirname(__file__), "harvest.mjs"), "--root", args.root,
           "--url", base + "/oai", "--verb", verb, "--prefix", prefix]
    if since:
        cmd += ["--from", since]
    if mutate:
        cmd += ["--mutate", mutate]
    out = json.loads(run(cmd))
    return out["responseDate"], [(i["id"], i["deleted"]) for i in out["items"]]


def walk_and_validate(base, tmp, xsd, public):
    """Every page of every list, every error; all validated with xmllint in one run."""
    files = []

    def keep(xml):
        path = os.path.join(tmp, "resp-%04d.xml" % len(files))
        with open(path, "w") as f:
            f.write(xml)
        files.append(path)
        return xml

    for q in ["verb=Identify", "verb=ListMetadataFormats", "verb=ListSets"]:
        keep(get(base, q))
    for verb in ["ListIdentifiers", "ListRecords"]:
        for prefix in ["oai_dc", "chancery"]:
            xml = keep(get(base, "verb=%s&metadataPrefix=%s" % (verb, prefix)))
            while True:
                m = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", xml)
                if not m:
                    break
                xml = keep(get(base, "verb=%s&resumptionToken=%s" % (
                    verb, urllib.parse.quote(m.group(1), safe=""))))
    some = sorted(public)[0]
    keep(get(base, "verb=GetRecord&metadataPrefix=chancery&identifier=oai:chancery.example:" + some))
    keep(get(base, "verb=ListRecords&metadataPrefix=oai_dc&set=collection:frus1961-63v22"))
    errors = {
        "verb=Nope": "badVerb",
        "": "badVerb",
        "verb=ListRecords": "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2020-02-30": "badArgument",
        "verb=ListRecords&metadataPrefix=oai_dc&from=%ZZ": "badArgument",
        "verb=ListRecords&resumptionToken=forged.token": "badResumptionToken",
        "verb=ListRecords&metadataPrefix=marc": "cannotDisseminateFormat",
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:chancery.example:none": "idDoesNotExist",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01": "noRecordsMatch",
        "verb=ListRecords&metadataPrefix=oai_dc&set=decade:1020s": "noRecordsMatch",
    }
    for q, code in errors.items():
        xml = keep(get(base, q))
        check('<error code="%s">' % code in xml, "%s answers %s" % (q or "(no arguments)", code))
    # POST with a form body answers as GET does.
    req = urllib.request.Request(base + "/oai", data=b"verb=Identify",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as r:
        xml = keep(r.read().decode("utf-8"))
        check("<Identify>" in xml, "POST Identify")
    for body, ctype, query, what in [
            (b"verb=Identify", "text/plain", "", "a POST of another media type"),
            (b"verb=Identify", "application/x-www-form-urlencoded", "?verb=Identify",
             "a POST with arguments in the URL"),
            (b"verb=Identify&" + b"&".join(b"a%d=1" % i for i in range(80)),
             "application/x-www-form-urlencoded", "", "a POST with 80 arguments")]:
        req = urllib.request.Request(base + "/oai" + query, data=body,
                                     headers={"Content-Type": ctype})
        with urllib.request.urlopen(req, timeout=30) as r:
            xml = keep(r.read().decode("utf-8"))
            check('<error code="badArgument">' in xml, what + " is badArgument")
    r = subprocess.run(["xmllint", "--noout", "--schema", xsd] + files, capture_output=True,
                       text=True)
    bad = [l for l in r.stderr.splitlines() if "validates" not in l]
    check(r.returncode == 0, "every response validates against OAI-PMH.xsd: " + "\n".join(bad[:10]))
    check(len(files) > 40, "the walk fetched every page (%d responses)" % len(files))


def harvest_during_changes(name, harvest, world, base, classified, xsd):
    before = world.public_ids()
    check(classified not in before, "%s is classified before its review" % classified)
    script, changed, withdrawn = world.mutation_script(name, before, classified)
    date, items = harvest("ListIdentifiers", "oai_dc", "", script)
    live, deleted, dups = ids_of(items)
    check(not dups, "%s: no duplicate during changes (%s)" % (name, dups[:5]))
    unchanged = before - changed
    check(unchanged <= live, "%s: every unchanged record harvested (missing %s)" % (
        name, sorted(unchanged - live)[:5]))
    _, inc = harvest("ListIdentifiers", "oai_dc", date, "")
    inc_live, inc_deleted, inc_dups = ids_of(inc)
    check(not inc_dups, "%s: no duplicate in the incremental harvest" % name)
    check(changed <= inc_live | inc_deleted, "%s: every change after %s is in the incremental "
          "harvest (missing %s)" % (name, date, sorted(changed - inc_live - inc_deleted)))
    check(withdrawn <= inc_deleted, "%s: the withdrawn record is listed as deleted" % name)
    state = {rid: True for rid in live}
    state.update({rid: False for rid in deleted})
    for ident, is_deleted in inc:
        state[ident.split(":", 2)[2]] = not is_deleted
    after = world.public_ids()
    check({rid for rid, alive in state.items() if alive} == after,
          "%s: harvest + incremental = the public set after the changes" % name)
    check(classified not in state, "%s: the classified original is never named" % name)
    # The published version in the full format: its publication, validated.
    xml = get(base, "verb=GetRecord&metadataPrefix=chancery&identifier=oai:chancery.example:%s.p1"
              % classified)
    check('<chancery:publication of="%s" ofVersion="1" number="1"' % classified in xml,
          "%s: %s.p1 carries its publication" % (name, classified))
    path = os.path.join(world.tmp, "published-%s.xml" % name)
    with open(path, "w") as f:
        f.write(xml)
    r = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], capture_output=True,
                       text=True)
    check(r.returncode == 0, "%s: the published version's record validates: %s" % (name, r.stderr))


def main():
    ap = argparse.ArgumentParser()
    for a in ["chancery", "chanceryd", "root", "shared"]:
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--node", default=shutil.which("node") or "node")
    ap.add_argument("--volumes", type=int, default=0,
                    help="import only the first N FRUS dev volumes (0: all; the sanitizer build)")
    args = ap.parse_args()
    for tool in ["xmllint", "perl", "oai_pmh"]:
        if not shutil.which(tool):
            raise SystemExit("FAIL: %s is not installed (scripts/bootstrap installs it)" % tool)
    if not os.path.isdir(os.path.join(args.root, "node_modules", "oai-pmh")):
        raise SystemExit("FAIL: node_modules/oai-pmh is missing (scripts/bootstrap runs npm ci)")
    tmp = tempfile.mkdtemp(prefix="oai-harvest-")
    server = None
    try:
        world = World(args, tmp)
        world.cli("init")
        sources = sorted(glob.glob(os.path.join(args.shared, "corpus/frus/dev/*.xml")))
        check(len(sources) >= 3, "the FRUS dev volumes are there")
        if args.volumes > 0:
            sources = sources[:args.volumes]
        for d in ["cables", "archive", "translations"]:
            sources += sorted(glob.glob(os.path.join(args.root, "examples", d, "*")))
        world.cli("import", *sources)
        for user, role in [("rev1", "reviewer"), ("arch", "archivist")]:
            world.cli("user", "add", user, "--clearance", "TOP SECRET", "--role", role)
        public = world.public_ids()
        server, base = start_server(args, world.db)
        xsd = os.path.join(args.root, "docs/format/oai/OAI-PMH.xsd")

        harvesters = {
            "perl": lambda v, p, s, m: perl_harvest(base, v, p, s, m),
            "node": lambda v, p, s, m: node_harvest(args, base, v, p, s, m),
        }
        for name, harvest in harvesters.items():
            for verb in ["ListIdentifiers", "ListRecords"]:
                _, items = harvest(verb, "oai_dc", "", "")
                live, deleted, dups = ids_of(items)
                check(not dups, "%s %s: no duplicate (%s)" % (name, verb, dups[:5]))
                check(live == public, "%s %s: exactly the public set (%d harvested, %d public; "
                      "extra %s, missing %s)" % (name, verb, len(live), len(public),
                                                 sorted(live - public)[:5], sorted(public - live)[:5]))
                check(not deleted, "%s %s: nothing deleted yet" % (name, verb))
        # The CLI harvester of the Debian package, as a user runs it.
        out = run(["oai_pmh", "-X", "ListIdentifiers", "--metadataPrefix", "oai_dc", base + "/oai"])
        cli_ids = {l.split(":", 3)[3].strip() for l in out.splitlines() if l.startswith("identifier:")}
        check(cli_ids == public, "oai_pmh CLI: exactly the public set")

        walk_and_validate(base, tmp, xsd, public)
        classified = {"perl": "arc-2025-eco-231", "node": "arc-2025-eco-240"}
        for name, harvest in harvesters.items():
            harvest_during_changes(name, harvest, world, base, classified[name], xsd)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
            if failures or sys.exc_info()[0] is not None:
                with open(server.log_path) as f:
                    print("chanceryd's stderr (tail):\n" + f.read()[-4000:], file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passes, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
