#!/usr/bin/env python3
"""bench_pages.py STATION_SERVER [PAGES] - a lobby full of phones on the
ticket pages (docs/public.md): PAGES (default 100) tickets issued by staff,
each page holding its long-poll on the public listener, then a counter calls
the next citizen: how long until every page has its answer (p50, p99, the
last), and how many state requests a second the listener answers to one
client asking one page over and over.  A real station-server on 127.0.0.1
with a database and configuration of its own; prints the figures."""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

CONF = """[station]
id = BENCH
name_vi = Trạm đo
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
staff.bench = staff-token-bench-aaaaaaaaaaaa
[public]
listen = 127.0.0.1:0
[service.A]
prefix = A
name_vi = Dịch vụ A
hours = 00:00-24:00
days = mon-sun
[counter.1]
services = A
"""
STAFF = {"Authorization": "Bearer staff-token-bench-aaaaaaaaaaaa"}


def ask(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, body=json.dumps(body) if body else None, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, json.loads(data) if data else None


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    pages = int(sys.argv[2]) if len(sys.argv) == 3 else 100
    tmp = tempfile.mkdtemp(prefix="bench-pages-")
    conf = os.path.join(tmp, "kiosk.conf")
    with open(conf, "w") as f:
        f.write(CONF)
    srv = subprocess.Popen([sys.argv[1], "--config", conf, "--db", os.path.join(tmp, "q.db")],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        api = pub = None
        while api is None or pub is None:
            line = srv.stdout.readline()
            if not line:
                sys.exit("the server did not start")
            if m := re.search(r"listening on http://127\.0\.0\.1:(\d+)", line):
                api = int(m.group(1))
            if m := re.search(r"ticket pages on http://127\.0\.0\.1:(\d+)", line):
                pub = int(m.group(1))
        tokens = []
        for _ in range(pages + 1):
            status, t = ask(api, "POST", "/api/v1/tickets", {"service": "A"}, STAFF)
            assert status == 201, t
            tokens.append(t["page"])
        seq = ask(pub, "GET", f"/t/{tokens[-1]}/state")[1]["seq"]

        # every page waits; one call; the time each answer takes after it
        done, lock, ready = [], threading.Lock(), threading.Barrier(pages + 1)

        def follow(tok):
            c = http.client.HTTPConnection("127.0.0.1", pub, timeout=60)
            c.connect()
            ready.wait()
            c.request("GET", f"/t/{tok}/state?since={seq}&wait=30")
            r = c.getresponse()
            r.read()
            with lock:
                done.append(time.perf_counter())
            c.close()

        threads = [threading.Thread(target=follow, args=(t,)) for t in tokens[1:]]
        for t in threads:
            t.start()
        ready.wait()
        time.sleep(1)  # the requests on their way; a bench, not a test
        start = time.perf_counter()
        ask(api, "POST", "/api/v1/counters/1/next", None, STAFF)
        for t in threads:
            t.join()
        lat = sorted((d - start) * 1000 for d in done)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(f"{pages} pages waiting, one call: every page answered; "
              f"p50 {statistics.median(lat):.1f} ms, p99 {p99:.1f} ms, last {lat[-1]:.1f} ms")

        # one client asking one page over and over (keep-alive)
        c = http.client.HTTPConnection("127.0.0.1", pub, timeout=60)
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < 3:
            c.request("GET", f"/t/{tokens[-1]}/state")
            c.getresponse().read()
            n += 1
        print(f"GET /t/<token>/state, one client: {n / (time.perf_counter() - start):.0f} req/s")
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()
