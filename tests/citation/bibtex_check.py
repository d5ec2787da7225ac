#!/usr/bin/python3
"""Reads `chancery cite --style bibtex` output with Debian's python3-bibtexparser and checks
that every entry gives back the fields of the same record's CSL-JSON (title, date, translator,
archive, archive location, URL, version). Usage: bibtex_check.py CITES.bib CITES.json"""
import json
import sys

import bibtexparser

UNESCAPE = [("\\textbackslash{}", "\\"), ("\\textasciitilde{}", "~"), ("\\textasciicircum{}", "^"),
            ("\\{", "\x00"), ("\\}", "\x01"), ("\\#", "#"), ("\\$", "$"), ("\\%", "%"),
            ("\\&", "&"), ("\\_", "_")]


def unescape(value):
    for a, b in UNESCAPE:
        value = value.replace(a, b)
    return value.replace("{", "").replace("}", "").replace("\x00", "{").replace("\x01", "}")


def names(value):
    return [unescape(n.strip()) for n in value.split(" and ")] if value else []


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        parser = bibtexparser.bparser.BibTexParser(common_strings=False)
        parser.ignore_nonstandard_types = False
        db = bibtexparser.load(f, parser=parser)
    with open(sys.argv[2], encoding="utf-8") as f:
        items = json.load(f)
    entries = db.entries
    if len(entries) != len(items):
        print(f"FAIL: bibtexparser read {len(entries)} entries, not {len(items)}", file=sys.stderr)
        return 1
    bad = 0
    by_key = {e["ID"]: e for e in entries}
    for item in items:
        record, version = item["id"].rsplit("/v/", 1)
        key = f"chancery:{record}:v{version}"
        e = by_key.get(key)
        if e is None:
            print(f"FAIL: no entry {key}", file=sys.stderr)
            bad += 1
            continue
        parts = item.get("issued", {}).get("date-parts", [[]])[0]
        want = {
            "title": item["title"],
            "date": "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)),
            "translator": [n["literal"] for n in item.get("translator", [])],
            "author": [n["literal"] for n in item.get("author", [])],
            "archive": item.get("archive", ""),
            "archive_location": item.get("archive_location", ""),
            "url": item["URL"],
            "version": item["version"],
            "note": f"Version {item['version']}, {item['note']}",
        }
        got = {
            "title": unescape(e.get("title", "")),
            "date": e.get("date", ""),
            "translator": names(e.get("translator", "")),
            "author": names(e.get("author", "")),
            "archive": unescape(e.get("archive", "")),
            "archive_location": unescape(e.get("archive_location", "")),
            "url": e.get("url", ""),
            "version": e.get("version", ""),
            "note": unescape(e.get("note", "")),
        }
        for field, value in want.items():
            if got[field] != value:
                bad += 1
                if bad <= 10:
                    print(f"MISMATCH bibtex {key} {field}: {got[field]!r} != {value!r}",
                          file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
