#!/usr/bin/env python3
"""The independent Python verifier (tools/verify_proof.py) against bundles made by the C++ code
(proof_bundle_writer): good ones verify, each tampered one fails with its own failure, and every
flipped byte of a bundle fails (all positions of the small bundle, a seeded sample of 400 of the
seed record's).

Each bundle also goes through `chancery verify` when the CLI binary is given: the same verdict and
failure, exit status 0 or 1.

Usage: python_verifier_test.py WRITER VERIFIER_PY [CHANCERY]
"""
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile


def load(path):
    spec = importlib.util.spec_from_file_location("verify_proof", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def described(name):
    """What the OK output must say: the key is a claim; the statement or its absence."""
    key = "key: claimed, registered at audit entry 7 (check it"
    if name == "ok_legacy.json":
        return [key, "publication statement: absent (published before publication statements)"]
    return [key, "publication statement: signed by arch", "registered at audit entry 9"]


def check_cli(cli, path, name, expect):
    done = subprocess.run([cli, "verify", path], capture_output=True, text=True)
    if expect == "OK":
        return (done.returncode == 0 and done.stdout.startswith("OK: ") and
                all(line in done.stdout for line in described(name)))
    return done.returncode == 1 and all(e in done.stdout for e in expect.split(" && "))


def main(writer, verifier_path, cli=None):
    verifier = load(verifier_path)
    if verifier.nacl is None:
        print("FAIL: PyNaCl (Debian python3-nacl) is not installed for", sys.executable)
        return 1
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([writer, tmp], check=True)
        with open(os.path.join(tmp, "manifest.tsv"), encoding="utf-8") as f:
            manifest = [line.rstrip("\n").split("\t") for line in f if line.strip()]
        bundles = {}
        for name, expect in manifest:
            with open(os.path.join(tmp, name), "rb") as f:
                bundles[name] = f.read()
            failures = verifier.verify(bundles[name])
            if expect == "OK":
                text = "\n".join(verifier.describe(json.loads(bundles[name])))
                ok = not failures and all(line in text for line in described(name))
            else:
                expects = expect.split(" && ")
                ok = len(failures) == len(expects) and all(
                    e in f for e, f in zip(expects, failures))
            print(("ok  " if ok else "FAIL"), name, "->", failures or "OK")
            failed += 0 if ok else 1
            if cli is not None:
                cli_ok = check_cli(cli, os.path.join(tmp, name), name, expect)
                print(("ok  " if cli_ok else "FAIL"), name, "(chancery verify)")
                failed += 0 if cli_ok else 1
        seed = 20261202
        print("flip seed", seed)
        rng = random.Random(seed)
        for name, positions in (("ok_sample.json", None), ("ok_seed.json", 400)):
            data = bundles[name].rstrip(b"\n")
            indexes = range(len(data)) if positions is None else rng.sample(range(len(data)),
                                                                            positions)
            passed = [i for i in indexes
                      if not verifier.verify(data[:i] + bytes([data[i] ^ 1]) + data[i + 1:])]
            print(("ok  " if not passed else "FAIL"), name, "flipped bytes that still verify:",
                  passed[:10])
            failed += 1 if passed else 0
    print("python verifier:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
