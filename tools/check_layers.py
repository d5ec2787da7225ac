#!/usr/bin/env python3
"""Checks the module dependency rules of docs/architecture.md.

Every file under src/<module>/ and include/chancery/<module>/ may include only the interfaces
(include/chancery/<dep>/...) of the modules its module may depend on. Nothing under src/ includes
apps/. Only src/search includes Xapian, only src/store includes SQLite, and only src/audit
includes libsodium, and only src/format includes libxml2 and zstd. Exits 1 and lists every violation as file:line: message.
"""
import pathlib
import re
import sys

ALLOWED = {
    "base": set(),
    "model": {"base"},
    "format": {"base", "model"},
    "security": {"base", "model"},
    "store": {"base", "model"},
    "search": {"base", "model"},
    "audit": {"base", "model"},
    "records": {"base", "model", "format", "security", "store", "search", "audit"},
    "desk": {"base", "model", "format", "security", "store", "search", "audit", "records"},
    "archive": {"base", "model", "format", "security", "store", "search", "audit", "records"},
}
# Third-party headers that belong to exactly one module (the adapter that catches its errors).
OWNED_HEADERS = {
    re.compile(r"^xapian"): "search",
    re.compile(r"^sqlite3\.h$"): "store",
    re.compile(r"^libpq-fe\.h$|^pqxx"): "store",
    re.compile(r"^sodium"): "audit",
    re.compile(r"^libxml/|^zstd\.h$"): "format",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def module_of(path: pathlib.Path, root: pathlib.Path):
    rel = path.relative_to(root).parts
    if rel[0] == "src" and len(rel) > 2:
        return rel[1]
    if rel[:2] == ("include", "chancery") and len(rel) > 3:
        return rel[2]
    return None


def check(root: pathlib.Path):
    errors = []
    files = [p for d in ("src", "include") for p in (root / d).rglob("*")
             if p.suffix in (".h", ".cc", ".in")]
    for path in sorted(files):
        module = module_of(path, root)
        if module is None:
            continue
        if module not in ALLOWED:
            errors.append(f"{path}: module '{module}' is not in docs/architecture.md")
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            where = f"{path.relative_to(root)}:{number}"
            if target.startswith("apps/") or "/apps/" in target:
                errors.append(f"{where}: src must not include apps ({target})")
            dep = None
            if target.startswith("chancery/"):
                dep = target.split("/")[1]
            elif "/" in target and target.split("/")[0] in ALLOWED and path.relative_to(root).parts[0] == "src":
                dep = target.split("/")[0]  # private header of another module: "records/x.h"
            if dep is not None and dep != module and dep not in ALLOWED[module]:
                errors.append(f"{where}: module '{module}' may not depend on '{dep}' ({target})")
            for pattern, owner in OWNED_HEADERS.items():
                if pattern.search(target) and module != owner:
                    errors.append(f"{where}: only '{owner}' may include {target}")
    return errors


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    errors = check(root)
    for e in errors:
        print(e)
    print(f"check_layers: {len(errors)} violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
