#!/usr/bin/env python3
"""Does a hidden record cost what a missing one costs? (issue 11 finding 5), loopback only.

  bench/records/hidden_timing.py BUILD_DIR [ROUNDS=300] [MB=5]

Makes a fresh store in a temp dir with one public record and one TOP SECRET record whose body
is MB megabytes, starts chanceryd on it, and times anonymous GET /api/records/<id> of the hidden
record and of an id that does not exist, interleaved (hidden, missing, hidden, ...), ROUNDS of
each after 20 warm-up rounds. Prints the medians, the difference and the interquartile ranges.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def timed(port, path):
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return status, (time.perf_counter() - start) * 1000


def quartiles(xs):
    q = statistics.quantiles(xs, n=4)
    return q[0], q[2]


def main():
    build = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    mb = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    cli = os.path.join(build, "apps/cli/chancery")
    daemon = os.path.join(build, "apps/server/chanceryd")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "t.db")
        subprocess.run([cli, "--db", db, "init"], check=True, capture_output=True)
        paragraph = "The hidden text of a very long cable. " * 100
        body = [{"text": paragraph} for _ in range(mb * 1024 * 1024 // len(paragraph))]
        records = [
            {"id": "open-1", "title": "Open", "current_label": {"classification": "PUBLIC"},
             "body": [{"text": "open"}]},
            {"id": "hidden-1", "title": "Hidden", "current_label": {"classification": "TOP SECRET"},
             "body": body},
        ]
        path = os.path.join(tmp, "r.jsonl")
        with open(path, "w") as f:
            for r in records:
                f.write(json.dumps(r) + "\n")
        subprocess.run([cli, "--db", db, "import", "--quiet", path], check=True, capture_output=True)
        size = os.path.getsize(path)
        server = subprocess.Popen([daemon, "--db", db, "--port", "0", "--access-log", "-"],
                                  stderr=subprocess.PIPE, text=True)
        try:
            port = None
            for line in server.stderr:
                m = re.search(r"listening on http://[^:]+:(\d+)", line)
                if m:
                    port = int(m.group(1))
                    break
            hidden, missing = [], []
            for i in range(rounds + 20):
                sh, th = timed(port, "/api/records/hidden-1")
                sm, tm = timed(port, "/api/records/no-such-record")
                assert sh == 404 and sm == 404, (sh, sm)
                if i >= 20:
                    hidden.append(th)
                    missing.append(tm)
        finally:
            server.terminate()
            server.wait(timeout=30)
        mh, mm = statistics.median(hidden), statistics.median(missing)
        print(f"records file {size / 1e6:.1f} MB; {rounds} interleaved rounds of each")
        print(f"hidden  median {mh:.3f} ms  IQR {quartiles(hidden)[0]:.3f}-{quartiles(hidden)[1]:.3f}")
        print(f"missing median {mm:.3f} ms  IQR {quartiles(missing)[0]:.3f}-{quartiles(missing)[1]:.3f}")
        print(f"difference {mh - mm:+.3f} ms ({(mh / mm - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
