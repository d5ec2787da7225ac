#!/usr/bin/env python3
"""Hostile-client load on a running chanceryd (issue 11 findings 6 and 7), loopback only.

  bench/http/hostile.py PID PORT slowloris [N=1000] [SECONDS=30]
      N connections from 127.0.0.2..127.0.0.9 (so a per-client cap does not refuse them all), each
      sending one header line every 5 s; meanwhile an ordinary client times GET /healthz and
      /api/search once a second. Prints the server's RSS and how many slow connections are open.
  bench/http/hostile.py PID PORT chunked [N=24] [MB=60]
      N parallel POST /api/session with a chunked body of MB megabytes each; prints each status
      line and the server's RSS while they run.
"""
import socket
import sys
import threading
import time
import urllib.request


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def timed_get(port, path):
    start = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            status = r.status
    except Exception as e:  # an HTTPError or a timeout: report it, keep going
        status = getattr(e, "code", str(e))
    return status, (time.monotonic() - start) * 1000


def slowloris(pid, port, n, seconds):
    conns = []
    for i in range(n):
        s = socket.socket()
        s.bind((f"127.0.0.{2 + i % 8}", 0))
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /healthz HTTP/1.1\r\n")
            conns.append(s)
        except OSError:
            s.close()
    print(f"slowloris: {len(conns)} of {n} connected; RSS {rss_kb(pid)} kB", flush=True)
    start = time.monotonic()
    last_line = 0.0
    while time.monotonic() - start < seconds:
        now = time.monotonic()
        if now - last_line >= 5:
            last_line = now
            alive = 0
            for s in conns:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                    alive += 1
                except OSError:
                    pass
        health = timed_get(port, "/healthz")
        search = timed_get(port, "/api/search?q=harbour")
        print(f"t={now - start:5.1f}s open={alive} RSS={rss_kb(pid)} kB healthz={health[0]} "
              f"{health[1]:.1f} ms search={search[0]} {search[1]:.1f} ms", flush=True)
        time.sleep(1)
    for s in conns:
        s.close()


def chunked(pid, port, n, mb):
    chunk = b"x" * 65536
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    results = [None] * n
    peak = [0]

    def one(i):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/session HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        sent = 0
        try:
            for _ in range(mb * 16):
                s.sendall(frame)
                sent += len(chunk)
            s.sendall(b"0\r\n\r\n")
        except OSError:
            pass
        s.settimeout(10)
        try:
            results[i] = (s.recv(200).split(b"\r\n")[0].decode(), sent)
        except OSError as e:
            results[i] = (str(e), sent)
        s.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    before = rss_kb(pid)
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak[0] = max(peak[0], rss_kb(pid))
        time.sleep(0.05)
    for i, (status, sent) in enumerate(results):
        print(f"request {i}: {status!r} after sending {sent / 1e6:.1f} MB")
    print(f"chunked: {n} x {mb} MB; RSS before {before} kB, peak {peak[0]} kB, "
          f"after {rss_kb(pid)} kB")


def main():
    pid, port, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if mode == "slowloris":
        n = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
        seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 30
        slowloris(pid, port, n, seconds)
    elif mode == "chunked":
        n = int(sys.argv[4]) if len(sys.argv) > 4 else 24
        mb = int(sys.argv[5]) if len(sys.argv) > 5 else 60
        chunked(pid, port, n, mb)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
