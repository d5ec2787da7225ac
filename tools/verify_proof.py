#!/usr/bin/env python3
"""Independent verifier of Chancery proof bundles, written from docs/format/proof.md alone.

Usage: verify_proof.py [--key HEX] [--quiet] FILE...
Prints "OK: FILE ..." or one "FAIL: FILE: <failure>" line per failure; exits 0 iff every file
verifies. Needs only the Python standard library and PyNaCl (Debian python3-nacl) for Ed25519.
Section numbers (§) refer to docs/format/proof.md.
"""
import hashlib
import json
import re
import sys

try:
    import nacl.exceptions
    import nacl.signing
except ImportError:  # pragma: no cover - reported as a failure of every bundle
    nacl = None

FORMAT = "chancery-proof-v2"
MAX_UNITS = 1 << 22


class Malformed(Exception):
    pass


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# §2 Units ---------------------------------------------------------------------------------------
def is_ideograph(cp: int) -> bool:
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FFFF


def char_class(ch: str) -> str:
    cp = ord(ch)
    if is_ideograph(cp):
        return "ideograph"
    if cp >= 0x80 or ch.isascii() and ch.isalnum():
        return "word"
    return "gap"


def split_units(text: str):
    """[(unit text, is_word)] per §2."""
    units = []
    start = 0
    current = None
    for i, ch in enumerate(text):
        cls = char_class(ch)
        if i > start and (cls != current or cls == "ideograph"):
            units.append((text[start:i], current != "gap"))
            start = i
        current = cls
    if len(text) > start:
        units.append((text[start:], current != "gap"))
    return units


# §3 Fields --------------------------------------------------------------------------------------
def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def is_committed(pointer: str) -> bool:
    for excluded in ("/id", "/current_label", "/publication"):
        if pointer == excluded or pointer.startswith(excluded + "/"):
            return False
    return True


def committed_leaves(value, pointer="", out=None):
    """{pointer: leaf value} of every committed leaf (scalars, empty arrays and objects)."""
    if out is None:
        out = {}
    if pointer and not is_committed(pointer):
        return out
    if isinstance(value, dict) and value:
        for key, child in value.items():
            committed_leaves(child, pointer + "/" + escape_token(key), out)
    elif isinstance(value, list) and value:
        for index, child in enumerate(value):
            committed_leaves(child, pointer + "/" + str(index), out)
    else:
        out[pointer] = value
    return out


def compact(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# §4-§5 Seeds, leaves, nodes ---------------------------------------------------------------------
def child_seed(seed: bytes, right: bool) -> bytes:
    tag = b"chancery-seed-right-v2\n" if right else b"chancery-seed-left-v2\n"
    return sha256(tag + seed)


def leaf_hash(salt_hex: str, pointer: str, index: int, text: str) -> bytes:
    return sha256(b"chancery-unit-v2\n" + salt_hex.encode() + b"\n" + pointer.encode("utf-8") +
                  b"\n" + str(index).encode() + b"\n" + text.encode("utf-8"))


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"chancery-node-v2\n" + left + right)


def split_size(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def subtree_hash(units, lo: int, hi: int, seed: bytes) -> bytes:
    if hi - lo == 1:
        pointer, index, text, _ = units[lo]
        return leaf_hash(seed.hex(), pointer, index, text)
    mid = lo + split_size(hi - lo)
    return node_hash(subtree_hash(units, lo, mid, child_seed(seed, False)),
                     subtree_hash(units, mid, hi, child_seed(seed, True)))


# §6 Parsing -------------------------------------------------------------------------------------
def expect(obj, names, what):
    if not isinstance(obj, dict) or set(obj) != set(names):
        raise Malformed(f"{what} does not have exactly the members {sorted(names)}")


def string(obj, name):
    value = obj[name]
    if not isinstance(value, str):
        raise Malformed(f'member "{name}" is not a string')
    return value


def count(obj, name):
    value = obj[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Malformed(f'member "{name}" is not a count')
    return value


def hex32(value, what):
    if not isinstance(value, str) or len(value) != 64 or any(c not in "0123456789abcdef"
                                                             for c in value):
        raise Malformed(f"a {what} is not 64 lower-case hex digits")
    return bytes.fromhex(value)


def parse_fields(fields):
    """[(pointer, is_string, parts or json text)] and the unit sequence
    [(pointer, index, text, withheld)]."""
    if not isinstance(fields, list):
        raise Malformed("fields is not an array")
    parsed, units = [], []
    for field in fields:
        if isinstance(field, dict) and "json" in field:
            expect(field, {"pointer", "json"}, "a field")
            pointer, text = string(field, "pointer"), string(field, "json")
            parsed.append((pointer, False, text))
            units.append((pointer, 0, "json:" + text, False))
            continue
        expect(field, {"pointer", "parts"}, "a field")
        pointer, parts = string(field, "pointer"), field["parts"]
        if not isinstance(parts, list):
            raise Malformed(f"field {pointer}: parts is not an array")
        index, clean, previous_text = 0, [], False
        for part in parts:
            if isinstance(part, dict) and "text" in part:
                expect(part, {"text"}, "a text part")
                text = string(part, "text")
                if not text or previous_text:
                    raise Malformed(f"field {pointer}: an empty text part or two in a row")
                for unit_text, _ in split_units(text):
                    units.append((pointer, index, unit_text, False))
                    index += 1
                clean.append((text, 0))
                previous_text = True
                continue
            expect(part, {"withheld", "marker"}, "a withheld part")
            n, marker = count(part, "withheld"), string(part, "marker")
            if n == 0 or len(units) + n > MAX_UNITS:
                raise Malformed(f"field {pointer}: a withheld part of no or too many units")
            for _ in range(n):
                units.append((pointer, index, None, True))
                index += 1
            clean.append((marker, n))
            previous_text = False
        if not parts:
            units.append((pointer, 0, "", False))
        parsed.append((pointer, True, clean))
    return parsed, units


def parse_ranges(ranges, value_name, list_name):
    if not isinstance(ranges, list):
        raise Malformed(f"{list_name} is not an array")
    out = {}
    for entry in ranges:
        expect(entry, {"lo", "hi", value_name}, "a range")
        key = (count(entry, "lo"), count(entry, "hi"))
        if key in out:
            raise Malformed(f"{list_name} names units [{key[0]},{key[1]}) twice")
        out[key] = hex32(entry[value_name], value_name)
    return out


# §6.2 markers -----------------------------------------------------------------------------------
LINES = r"(?:1 line|(?:[2-9]|[1-9][0-9]{1,8}) lines)"
MARKER = re.compile(
    r"\[(?:name|text|less than 1 line|" + LINES + r"|1 paragraph \(" + LINES + r"\))"
    r" not declassified(?:; [^\x00-\x1f\x7f ;,\[\]]{1,32})?\]")


def is_marker(marker: str) -> bool:
    """A marker of a form the archive writes (§6.2); CODE is 1-32 bytes of UTF-8."""
    m = MARKER.fullmatch(marker)
    if m is None:
        return False
    code = marker.rsplit("; ", 1)[1][:-1] if "; " in marker else ""
    return len(code.encode("utf-8")) <= 32


def check_markers(fields, failures):
    for pointer, is_string, parts in fields:
        if not is_string:
            continue
        for text, n in parts:
            if n and not is_marker(text):
                failures.append(f'a forged marker: field {pointer}: "{text}" stands for {n} '
                                "withheld unit(s) but is not a marker the archive writes "
                                '("[name not declassified; CODE]", ...)')


# §8 Verification --------------------------------------------------------------------------------
def verify_ed25519(key_hex, message: bytes, signature_hex):
    """None if the signature verifies, else why not."""
    try:
        key = nacl.signing.VerifyKey(bytes.fromhex(key_hex))
        key.verify(message, bytes.fromhex(signature_hex))
        return None
    except (ValueError, TypeError, nacl.exceptions.BadSignatureError,
            nacl.exceptions.ValueError, nacl.exceptions.TypeError) as e:
        return str(e)


def check_publication_statement(bundle, signed, failures):
    """§6.4: the archivist's statement over the whole published record, when present."""
    if "publication_signed" not in bundle:
        return None
    st = bundle["publication_signed"]
    expect(st, {"signer", "public_key", "key_audit_seq", "signature"}, "publication_signed")
    for name in ("signer", "public_key", "signature"):
        string(st, name)
    count(st, "key_audit_seq")
    published = bundle["published"]
    if not isinstance(published, dict):
        raise Malformed("published is not an object")
    digest = hashlib.sha256(canonical(published).encode("utf-8")).hexdigest()
    message = ("chancery-publication-v1\n" + string(published, "id") + "\n" + signed["root"] +
               "\n" + digest + "\n").encode("utf-8")
    if nacl is None:
        failures.append("publication statement: cannot check: PyNaCl (python3-nacl) is not "
                        "installed")
        return st
    why = verify_ed25519(st["public_key"], message, st["signature"])
    if why is not None:
        failures.append("publication statement: does not verify with its public key (the "
                        "published record was changed after publication: its text, markers, /id, "
                        f"/current_label or /publication; or a wrong key): {why}")
    return st


def check_signature(signed, failures):
    message = ("chancery-commitment-v2\n" + signed["kind"] + "\n" + signed["record_id"] + "\n" +
               str(signed["record_version"]) + "\n" + signed["root"] + "\n").encode("utf-8")
    if nacl is None:
        failures.append("signature: cannot check: PyNaCl (python3-nacl) is not installed")
        return
    try:
        key = nacl.signing.VerifyKey(bytes.fromhex(signed["public_key"]))
        key.verify(message, bytes.fromhex(signed["signature"]))
    except (ValueError, TypeError, nacl.exceptions.BadSignatureError,
            nacl.exceptions.ValueError, nacl.exceptions.TypeError) as e:
        failures.append("signature: does not verify with the bundle's public key "
                        f"(a wrong key, or an altered signed statement): {e}")


def check_root(bundle, units, signed_root, failures):
    n = len(units)
    if count(bundle, "units") != n:
        failures.append(f"commitment: the bundle says {bundle['units']} units, its fields give {n}")
    seeds = parse_ranges(bundle["disclosed"], "seed", "disclosed")
    hashes = parse_ranges(bundle["withheld"], "hash", "withheld")
    withheld_before = [0]
    for unit in units:
        withheld_before.append(withheld_before[-1] + (1 if unit[3] else 0))
    missing = []

    def cover(lo, hi):
        withheld = withheld_before[hi] - withheld_before[lo]
        if withheld in (0, hi - lo):
            table, what = (seeds, "seed") if withheld == 0 else (hashes, "hash")
            value = table.pop((lo, hi), None)
            if value is None:
                failures.append(f"commitment: no {what} for units [{lo},{hi})")
                missing.append((lo, hi))
                return bytes(32)
            return subtree_hash(units, lo, hi, value) if withheld == 0 else value
        mid = lo + split_size(hi - lo)
        left = cover(lo, mid)
        return node_hash(left, cover(mid, hi))

    root = sha256(b"chancery-empty-v2\n") if n == 0 else cover(0, n)
    for (lo, hi) in seeds:
        failures.append(f"commitment: a seed for units [{lo},{hi}) that the cover does not use")
    for (lo, hi) in hashes:
        failures.append(f"commitment: a hash for units [{lo},{hi}) that the cover does not use")
    if not missing and root.hex() != signed_root:
        failures.append("commitment: the disclosed units, their salts and the withheld hashes do "
                        "not reproduce the signed root (a changed word in the proof, a forged "
                        "salt or a forged hash)")


def diagnose(pointer, parts, published):
    """§8 step 4: why a published string differs from the proven text with markers."""
    proven = "".join(text for text, _ in parts)
    unit, offset, placed = 0, 0, []
    for text, n in parts:
        placed.append((text, n, unit, offset))
        unit += n if n else len(split_units(text))
        offset += len(text.encode("utf-8"))
    pub_bytes = published.encode("utf-8")
    for text, n, unit, _ in placed:
        if not n:
            continue
        want, have = proven.count(text), published.count(text)
        if have < want:
            return (f'a removed marker: field {pointer}: the marker "{text}" for units '
                    f"{unit}..{unit + n} is not in the published text")
        if have > want:
            return (f'an unproven marker: field {pointer}: the published text has the marker '
                    f'"{text}" more often than the proof places it')
    markers = sorted({text for text, n, _, _ in placed if n}, key=len, reverse=True)

    def strip(s):
        for marker in markers:
            s = s.replace(marker, "")
        return s

    if markers and strip(proven) == strip(published):
        for text, n, unit, offset in placed:
            if n and not pub_bytes.startswith(text.encode("utf-8"), offset):
                return (f'a moved marker: field {pointer}: the marker "{text}" for units '
                        f"{unit}..{unit + n} is not where the proof puts it")
    cursor = 0
    for text, n, unit, _ in placed:
        if n:
            if published.startswith(text, cursor):
                cursor += len(text)
            continue
        for index, (unit_text, _) in enumerate(split_units(text), start=unit):
            if not published.startswith(unit_text, cursor):
                rest = split_units(published[cursor:])
                found = f'"{rest[0][0]}"' if rest else "nothing"
                return (f'a changed word: field {pointer}: unit {index} is "{unit_text}" in the '
                        f"signed text but {found} in the published text")
            cursor += len(unit_text)
    return f"a changed word: field {pointer}: the published text differs from the signed text"


def check_published(bundle, fields, failures):
    published = bundle["published"]
    if not isinstance(published, dict):
        raise Malformed("published is not an object")
    leaves = committed_leaves(published)
    for pointer, is_string, content in fields:
        if pointer not in leaves:
            failures.append(f"field: {pointer} is in the proof but not in the published record")
            continue
        value = leaves.pop(pointer)
        if not is_string or not isinstance(value, str):
            if is_string or isinstance(value, str) or compact(value) != content:
                failures.append(f"a changed value: field {pointer}: published {compact(value)}")
            continue
        proven = "".join(text for text, _ in content)
        if value != proven:
            failures.append(diagnose(pointer, content, value))
    for pointer in leaves:
        failures.append(f"field: {pointer} is in the published record but not in the proof")


def verify(data: bytes, key_hex=None):
    """The failures of a bundle (empty = it verifies)."""
    failures = []
    if data.endswith(b"\n"):
        data = data[:-1]
    try:
        text = data.decode("utf-8")
        bundle = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return ["bundle: not a JSON object"]
    if not isinstance(bundle, dict):
        return ["bundle: not a JSON object"]
    if canonical(bundle) != text:
        failures.append("bundle: not in canonical form (altered or damaged)")
    content = {k: v for k, v in bundle.items() if k != "digest"}
    try:
        digest = hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()
    except UnicodeEncodeError:  # an escaped lone surrogate
        return failures + ["bundle: malformed: a string is not valid Unicode"]
    if bundle.get("digest") != digest:
        failures.append("bundle: digest does not match its content (the bundle was altered or "
                        "damaged)")
    try:
        members = {"format", "signed", "published", "units", "fields", "disclosed",
                   "withheld", "digest"}
        if "publication_signed" in bundle:  # optional: absent before publication statements
            members.add("publication_signed")
        expect(bundle, members, "the bundle")
        if bundle["format"] != FORMAT:
            raise Malformed(f"format is not {FORMAT}")
        signed = bundle["signed"]
        expect(signed, {"kind", "record_id", "record_version", "root", "signer", "public_key",
                        "key_audit_seq", "signature"}, "signed")
        for name in ("kind", "record_id", "root", "signer", "public_key", "signature"):
            string(signed, name)
        count(signed, "record_version")
        count(signed, "key_audit_seq")
        if signed["kind"] not in ("release", "archive"):
            raise Malformed("signed kind is neither release nor archive")
        fields, units = parse_fields(bundle["fields"])
        check_signature(signed, failures)
        if key_hex is not None and signed["public_key"] != key_hex.lower():
            failures.append("signature: the bundle's public key is not the key you trust")
        check_root(bundle, units, signed["root"], failures)
        check_markers(fields, failures)
        check_publication_statement(bundle, signed, failures)
        check_published(bundle, fields, failures)
    except Malformed as e:
        failures.append(f"bundle: malformed: {e}")
    except (KeyError, TypeError, ValueError, RecursionError) as e:
        failures.append(f"bundle: malformed: {type(e).__name__}: {e}")
    return failures


def key_claim(seq, pinned):
    """What a bundle says of a key is a claim (§6.1, §6.4): nothing in it proves whose key it is."""
    if pinned:
        return "key: the key you gave (--key)"
    if seq:
        return (f"key: claimed, registered at audit entry {seq} (check it against the audit log, "
                "or pass the key you trust: --key)")
    return "key: claimed, its registration not stated (pass the key you trust: --key)"


def describe(bundle, key_hex=None):
    """What a verified bundle proves, and what it only claims."""
    s = bundle["signed"]
    lines = [f"the published text is record {s['record_id']} version {s['record_version']} "
             "minus its marked runs",
             f"signed ({s['kind']}) by {s['signer']} with key {s['public_key']}",
             key_claim(s["key_audit_seq"], key_hex is not None)]
    st = bundle.get("publication_signed")
    if st is None:
        lines.append("publication statement: absent (published before publication statements): "
                     "the markers' codes, /id, /current_label and /publication are not signed")
    else:
        lines.append(f"publication statement: signed by {st['signer']} with key "
                     f"{st['public_key']} over the whole published record (text, markers, /id, "
                     "/current_label, /publication)")
        lines.append(key_claim(st["key_audit_seq"], False))
    return lines


def main(argv):
    args, key, quiet = [], None, False
    it = iter(argv[1:])
    for arg in it:
        if arg == "--key":
            key = next(it, None)
        elif arg == "--quiet":
            quiet = True
        else:
            args.append(arg)
    if not args:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    status = 0
    for path in args:
        with open(path, "rb") as f:
            failures = verify(f.read(), key)
        if failures:
            status = 1
            for failure in failures:
                print(f"FAIL: {path}: {failure}")
        elif not quiet:
            print(f"OK: {path}")
            with open(path, "rb") as f:
                bundle = json.loads(f.read().decode("utf-8"))
            for line in describe(bundle, key):
                print("  " + line)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
