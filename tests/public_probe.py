#!/usr/bin/env python3
"""public_probe.py BASE TOKEN N - what a stranger learns from the public
listener at BASE (http://127.0.0.1:PORT), given one real ticket TOKEN:

1. a flood from one address (127.0.0.2) is cut off: 429 with Retry-After,
   after the first [public] per_minute (30 in public_api.sh) requests;
2. N random tokens all get 404 with one body, and the time of each,
   beside that of tokens one character from the real one (interleaved, one
   of those per four random ones), differs by nothing worth measuring:
   the medians are printed, and must be within a factor 2 (a loose bound:
   the look-up is by hash, so both take the same path)."""
import base64
import http.client
import os
import statistics
import sys
import time
from urllib.parse import urlparse


def conn(base, source=None):
    u = urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30,
                                      source_address=(source, 0) if source else None)


def ask(c, path):
    c.request("GET", path)
    r = c.getresponse()
    return r.status, r.getheader("Retry-After"), r.read()


def flood(base, token):
    c = conn(base, "127.0.0.2")
    codes = [ask(c, f"/t/{token}/state") for _ in range(40)]
    limited = [(s, ra) for s, ra, _ in codes if s == 429]
    if any(s == 429 for s, _, _ in codes[:30]):
        sys.exit(f"flood: 429 within the first 30 requests: {[s for s, _, _ in codes]}")
    if len(limited) != 10 or not all(ra and int(ra) > 0 for _, ra in limited):
        sys.exit(f"flood: wanted 10 answers 429 with Retry-After, got {codes[30:]}")
    print(f"flood from 127.0.0.2: 30 answered, then {len(limited)} x 429 "
          f"(Retry-After {limited[0][1]} s)")


def near(token):
    """A token one character from the real one (still 22 base64url characters)."""
    i = os.urandom(1)[0] % 21  # not the last: its unused bits must stay zero
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    c = alphabet[(alphabet.index(token[i]) + 1 + os.urandom(1)[0] % 63) % 64]
    return token[:i] + c + token[i + 1:]


def guesses(base, token, n):
    c = conn(base)
    rand, close, bodies = [], [], set()
    for k in range(n + n // 4):
        is_near = k % 5 == 4
        t = near(token) if is_near else \
            base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
        start = time.perf_counter_ns()
        status, _, body = ask(c, f"/t/{t}/state")
        took = time.perf_counter_ns() - start
        if status != 404:
            sys.exit(f"token {t}: {status} {body!r}")
        bodies.add(body)
        (close if is_near else rand).append(took)
    if len(bodies) != 1:
        sys.exit(f"wrong tokens got {len(bodies)} different bodies: {list(bodies)[:3]}")
    mr, mc = statistics.median(rand) / 1000, statistics.median(close) / 1000
    print(f"{len(rand)} random tokens: all 404, one body; median {mr:.0f} us "
          f"(p90 {statistics.quantiles(rand, n=10)[-1] / 1000:.0f} us); "
          f"{len(close)} tokens one character from a real one: median {mc:.0f} us; "
          f"difference {mc - mr:+.0f} us")
    if not (0.5 < mc / mr < 2):
        sys.exit("the medians differ by more than a factor 2")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    flood(base, token)
    guesses(base, token, n)


if __name__ == "__main__":
    main()
