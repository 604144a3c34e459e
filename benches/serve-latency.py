#!/usr/bin/env python3
"""Measures the two latencies of `trustpage serve` that users feel, on a copy of the example site.

1. Save to reload: from a file saved to the live-reload event reaching an open page
   (median of 20 saves; target under 150 ms).
2. Page requests on loopback, idle and while rebuilds run (median; target under 1 ms). The
   server answers every request with `Connection: close` (see src/serve/http.rs), so each
   request here opens a new connection: the figure includes the TCP handshake.

3. With `--pages N`: on a synthetic site of N pages (benches/gen-sites.py), the time from
   saving an edit of one page to that page being served with the edit (reload event received,
   then the page fetched and the new text found in it); median of 20 edits, target under
   300 ms for 10,000 pages.

Usage: benches/serve-latency.py [--pages N] [path/to/trustpage]   (default:
target/release/trustpage, built with `cargo build --release` first when missing)
"""

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAVES = 20
REQUESTS = 2000


def binary(args):
    if args:
        return args[0]
    path = os.path.join(REPO, "target", "release", "trustpage")
    if not os.path.exists(path):
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=REPO, check=True)
    return path


def start(exe, site):
    log = open(os.path.join(os.path.dirname(site), "serve.log"), "w")
    proc = subprocess.Popen([exe, "serve", site, "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
    for line in proc.stdout:
        if "http://127.0.0.1:" in line:
            port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, port
    raise SystemExit("trustpage serve did not start")


class Events:
    """The live-reload stream, as a page's EventSource sees it."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET /__trustpage/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.buf = b""
        self.next_event()  # hello

    def next_event(self, timeout=10):
        self.sock.settimeout(timeout)
        while True:
            while b"\n\n" in self.buf:
                frame, self.buf = self.buf.split(b"\n\n", 1)
                for line in frame.split(b"\n"):
                    if line.startswith(b"event: "):
                        return line[7:].decode()
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("event stream closed")
            self.buf += chunk


def save_to_reload(site, port):
    events = Events(port)
    trust = os.path.join(site, "trust.toml")
    original = open(trust, encoding="utf-8").read()
    times = []
    for i in range(SAVES):
        text = original.replace('legal_name = "', f'legal_name = "{i} ', 1)
        started = time.perf_counter()
        with open(trust, "w", encoding="utf-8") as f:
            f.write(text)
        name = events.next_event()
        elapsed = (time.perf_counter() - started) * 1000
        if name != "reload":
            raise SystemExit(f"expected a reload event, got {name}")
        times.append(elapsed)
        time.sleep(0.2)
    with open(trust, "w", encoding="utf-8") as f:
        f.write(original)
    events.next_event()
    return times


def page_requests(port, count):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
        response = conn.getresponse()
        response.read()
        conn.close()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise SystemExit(f"GET / answered {response.status}")
    return times


def while_rebuilding(site, port):
    """Saves a page every 30 ms so that rebuilds run back to back while requests are timed."""
    stop = threading.Event()
    page = os.path.join(site, "content", "encryption.md")
    original = open(page, encoding="utf-8").read()

    def churn():
        i = 0
        while not stop.is_set():
            with open(page, "w", encoding="utf-8") as f:
                f.write(original + f"\n\nRevision {i}.\n")
            i += 1
            time.sleep(0.03)

    thread = threading.Thread(target=churn)
    thread.start()
    time.sleep(0.3)
    try:
        return page_requests(port, REQUESTS)
    finally:
        stop.set()
        thread.join()
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)


def summary(label, times, target):
    times = sorted(times)
    median = statistics.median(times)
    p90 = times[int(len(times) * 0.9) - 1]
    verdict = "meets" if median < target else "MISSES"
    print(f"{label:<44} median {median:8.3f} ms   p90 {p90:8.3f} ms   max {times[-1]:8.3f} ms   ({verdict} the {target} ms target, n={len(times)})")


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    conn.close()
    return response.status, body


def edit_to_served(site, port):
    """Edits one page of a large site and times until the page is served with the edit."""
    events = Events(port)
    page = os.path.join(site, "content", "page-17.md")
    original = open(page, encoding="utf-8").read()
    times = []
    for i in range(SAVES):
        marker = f"Edited paragraph number {i} for the benchmark."
        started = time.perf_counter()
        with open(page, "w", encoding="utf-8") as f:
            f.write(original + f"\n\n{marker}\n")
        name = events.next_event(timeout=30)
        status, body = fetch(port, "/page-17/")
        elapsed = (time.perf_counter() - started) * 1000
        if name != "reload" or status != 200 or marker not in body:
            raise SystemExit(f"edit {i}: event {name}, status {status}, edit served: {marker in body}")
        times.append(elapsed)
        time.sleep(0.3)
    with open(page, "w", encoding="utf-8") as f:
        f.write(original)
    events.next_event(timeout=30)
    return times


def large_site(exe, pages):
    tmp = tempfile.mkdtemp(prefix="trustpage-bench-")
    subprocess.run([sys.executable, os.path.join(REPO, "benches", "gen-sites.py"), str(pages), tmp], check=True)
    site = os.path.join(tmp, "trustpage")
    started = time.perf_counter()
    proc, port = start(exe, site)
    print(f"trustpage serve on a synthetic site of {pages} pages ({exe}); first build and start: "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    try:
        summary("edit one page -> page served with the edit", edit_to_served(site, port), 300)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    if args[:1] == ["--pages"]:
        return large_site(binary(args[2:]), int(args[1]))
    exe = binary(args)
    tmp = tempfile.mkdtemp(prefix="trustpage-bench-")
    site = os.path.join(tmp, "site")
    shutil.copytree(os.path.join(REPO, "example-site"), site, ignore=shutil.ignore_patterns("public"))
    proc, port = start(exe, site)
    try:
        time.sleep(0.3)
        print(f"trustpage serve on a copy of example-site ({exe})")
        summary("save -> reload event", save_to_reload(site, port), 150)
        summary("GET / (new connection each), idle", page_requests(port, REQUESTS), 1)
        summary("GET / (new connection each), rebuilding", while_rebuilding(site, port), 1)
    finally:
        proc.terminate()
        proc.wait()
        if proc.returncode not in (0, -15):
            print(f"trustpage serve exited with {proc.returncode}; its log:")
            print(open(os.path.join(tmp, "serve.log")).read()[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
