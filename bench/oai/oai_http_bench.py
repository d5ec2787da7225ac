#!/usr/bin/python3
"""Times every page of a full OAI-PMH harvest over HTTP (docs/benchmarks.md "OAI-PMH").
Usage: oai_http_bench.py BASE_URL VERB PREFIX   (chanceryd running on BASE_URL)."""
import re, sys, time, urllib.request, urllib.parse, statistics
base = sys.argv[1]; verb = sys.argv[2]; prefix = sys.argv[3]
q = "verb=%s&metadataPrefix=%s" % (verb, prefix)
times = []; items = 0; t0 = time.time()
while True:
    a = time.perf_counter()
    body = urllib.request.urlopen(base + "/oai?" + q).read().decode()
    times.append((time.perf_counter() - a) * 1000)
    items += body.count("<header")
    m = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", body)
    if not m: break
    q = "verb=%s&resumptionToken=%s" % (verb, urllib.parse.quote(m.group(1), safe=""))
total = time.time() - t0
def pct(v, p): v = sorted(v); return v[min(len(v) - 1, int(p * len(v)))]
n = max(1, len(times) // 10)
print("%s %s: %d items, %d pages, %.2f s, %.1f pages/s" % (verb, prefix, items, len(times), total, len(times) / total))
for name, v in [("first page", times[:1]), ("first 10%", times[:n]), ("last 10%", times[-n:]), ("all", times)]:
    print("  %-10s p50 %.1f ms  p99 %.1f ms  max %.1f ms" % (name, pct(v, .5), pct(v, .99), max(v)))
