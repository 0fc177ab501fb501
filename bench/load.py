"""Bounded load test of `gazette serve` on loopback: a fixed number of requests at a fixed
concurrency, then it stops. Reports throughput, p50/p95 latency and errors per endpoint.

Usage: python bench/load.py [--build build] [--requests 400] [--concurrency 8]
(needs a built knowledge base: `make run` or `gazette build`).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from queries.evaluate import load_gold

CITATIONS = ["《廊坊市物业管理办法》第四十六条", "廊坊市物业管理办法第46条", "第十四条第一款", "廊政字〔2021〕12号",
             "《城市供水条例》", "《廊坊市城镇二次供水管理办法》第二十四条", "廊坊市人民政府令〔2021〕第3号"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _one(url: str) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            ok = response.status < 500
    except urllib.error.HTTPError as error:
        ok = error.code < 500  # 300/404 are answers of resolve, not errors
    except (urllib.error.URLError, OSError):
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def _run(name: str, urls: list[str], concurrency: int) -> None:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(_one, urls))
    elapsed = time.perf_counter() - started
    latencies = sorted(ms for ms, _ in results)
    errors = sum(1 for _, ok in results if not ok)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * (len(latencies) - 1)))]
    print(f"{name}: {len(urls)} requests, concurrency {concurrency}: {len(urls) / elapsed:6.1f} req/s, "
          f"p50 {statistics.median(latencies):6.1f} ms, p95 {p95:6.1f} ms, errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(Path(sys.executable).with_name("gazette")), "serve", "--build", str(args.build),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(base + "/api/health", timeout=2).read()
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        questions = [q.q for q in load_gold()]
        searches = [f"{base}/api/search?" + urllib.parse.urlencode({"q": questions[i % len(questions)]})
                    for i in range(args.requests)]
        resolves = [f"{base}/api/resolve?" + urllib.parse.urlencode({"citation": CITATIONS[i % len(CITATIONS)]})
                    for i in range(args.requests)]
        _one(f"{base}/api/search?q=warm-up")  # loads jieba's dictionary
        distinct = min(len(questions), args.requests)
        # The questions cycle: the first pass embeds every query, later passes find the
        # embedding in the server's cache, as repeated questions do in real use.
        _run("search, first pass (every query embedded)", searches[:distinct], args.concurrency)
        _run("search, later passes (embedding cached)", searches[distinct:], args.concurrency)
        _run("search, all", searches, args.concurrency)
        _run("resolve", resolves, args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
