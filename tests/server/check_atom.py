#!/usr/bin/python3
"""Checks an Atom feed with Debian's python3-feedparser, an independent parser.

Usage: check_atom.py FEED_FILE [EXPECTED_RECORD_URL ...]

Fails (exit 1, naming the problem) unless feedparser reads the file as Atom 1.0 with its bozo
flag false, the feed has the RFC 4287 elements (id, title, updated, author) and every entry its
id, title, updated and an alternate link, and the entries' ids are exactly the expected URLs, in
that order. A missing feedparser is a failure, not a skip (scripts/bootstrap installs it).
"""
import sys

try:
    import feedparser
except ImportError:
    print("FAIL: python3-feedparser is not installed (scripts/bootstrap installs it)")
    sys.exit(1)


def main():
    path, expected = sys.argv[1], sys.argv[2:]
    with open(path, "rb") as f:
        data = f.read()
    d = feedparser.parse(data)
    problems = []
    if d.bozo:
        problems.append(f"bozo: {d.bozo_exception!r}")
    if d.version != "atom10":
        problems.append(f"version {d.version!r}, not atom10")
    for key in ("id", "title", "updated", "author"):
        if not d.feed.get(key):
            problems.append(f"feed has no {key}")
    if not d.feed.get("updated_parsed"):
        problems.append("feed updated is not a date")
    for i, e in enumerate(d.entries):
        for key in ("id", "title", "updated", "link"):
            if not e.get(key):
                problems.append(f"entry {i + 1} has no {key}")
        if not e.get("updated_parsed"):
            problems.append(f"entry {i + 1}: updated is not a date")
        if e.get("link") != e.get("id"):
            problems.append(f"entry {i + 1}: link {e.get('link')} is not its record {e.get('id')}")
    got = [e.get("id") for e in d.entries]
    if got != expected:
        problems.append(f"entries {got}, expected {expected}")
    if problems:
        print("FAIL " + path + ":\n  " + "\n  ".join(problems))
        return 1
    print(f"OK {path}: {len(got)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
