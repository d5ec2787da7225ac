#!/usr/bin/env python3
"""Checks the module dependency rules of docs/architecture.md.

Every file under src/<module>/ and include/chancery/<module>/ may include only the interfaces
(include/chancery/<dep>/...) of the modules its module may depend on. Nothing under src/ includes
apps/. Only src/search includes Xapian, only src/store includes SQLite, and only src/audit
includes libsodium, and only src/format includes libxml2 and zstd. No file under src/, include/
or apps/ includes with "../" (include paths name a module, not a place). A public header
(include/chancery/...) includes only other public headers and system or third-party headers,
never a module's private header. Each src/<module>/CMakeLists.txt links (DEPS, PRIVATE_DEPS)
only the chancery modules its module may depend on. Exits 1 and lists every violation as
file:line: message.
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
    "desk": {"base", "model", "format", "security", "store", "search", "audit", "records",
             "commitment"},
    "archive": {"base", "model", "format", "security", "store", "search", "audit", "records",
                "desk", "commitment"},
    # The verifiable-redaction part of the archive (docs/format/proof.md), a target of its own
    # (chancery_commitment) so that the desk's releases can use it without a cycle.
    "commitment": {"base", "model", "format", "audit"},
}
# Files of src/archive and include/chancery/archive that form the commitment module.
COMMITMENT_FILES = {
    "include/chancery/archive/commitment.h",
    "src/archive/commitment_internal.h", "src/archive/units.cc", "src/archive/fields.cc",
    "src/archive/commitment.cc", "src/archive/proof_bundle.cc", "src/archive/proof_verify.cc",
    "src/archive/proof_diagnose.cc",
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
    if path.relative_to(root).as_posix() in COMMITMENT_FILES:
        return "commitment"
    rel = path.relative_to(root).parts
    if rel[0] == "src" and len(rel) > 2:
        return rel[1]
    if rel[:2] == ("include", "chancery") and len(rel) > 3:
        return rel[2]
    return None


CMAKE_DEP = re.compile(r"chancery::([a-z_]+)")


def check_cmake(root: pathlib.Path):
    """The CMake dependencies of each module agree with ALLOWED."""
    errors = []
    for cmake in sorted((root / "src").glob("*/CMakeLists.txt")):
        module = cmake.parent.name
        if module not in ALLOWED:
            continue
        for number, line in enumerate(cmake.read_text(errors="replace").splitlines(), 1):
            for dep in CMAKE_DEP.findall(line):
                if dep != module and dep not in ALLOWED[module]:
                    errors.append(f"{cmake.relative_to(root)}:{number}: module '{module}' links "
                                  f"'{dep}', which docs/architecture.md does not allow")
    return errors


def check_relative(root: pathlib.Path):
    """No "../" in include directives anywhere in src/, include/ or apps/."""
    errors = []
    files = [p for d in ("src", "include", "apps") if (root / d).exists()
             for p in (root / d).rglob("*") if p.suffix in (".h", ".cc", ".in")]
    for path in sorted(files):
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if m and "../" in m.group(1):
                errors.append(f"{path.relative_to(root)}:{number}: relative include "
                              f"{m.group(1)}: name the module's path instead")
    return errors


def check(root: pathlib.Path):
    errors = check_cmake(root) + check_relative(root)
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
            public = path.relative_to(root).parts[0] == "include"
            if public and '"' in line and not target.startswith("chancery/"):
                errors.append(f"{where}: public header includes a private header ({target})")
            if target.startswith("apps/") or "/apps/" in target:
                errors.append(f"{where}: src must not include apps ({target})")
            dep = None
            if target in ("chancery/archive/commitment.h", "archive/commitment_internal.h"):
                dep = "commitment"
            elif target.startswith("chancery/"):
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
