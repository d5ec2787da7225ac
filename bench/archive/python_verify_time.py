#!/usr/bin/env python3
"""Median time of tools/verify_proof.py's verify() per bundle (issue 13 "Measure").

Usage: python_verify_time.py VERIFY_PROOF_PY RUNS BUNDLE.json...
Run with Debian's python3 (python3-nacl). Bundles: CHANCERY_PROOF_BENCH_OUT=DIR proof_bench.
"""
import importlib.util
import statistics
import sys
import time


def main(verifier_path, runs, paths):
    spec = importlib.util.spec_from_file_location("verify_proof", verifier_path)
    verifier = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(verifier)
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        assert not verifier.verify(data), verifier.verify(data)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            verifier.verify(data)
            times.append(time.perf_counter() - start)
        print(f"{path}: {len(data)} bytes, median {statistics.median(times) * 1000:.1f} ms "
              f"over {runs} runs")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
