"""Hostile input, measured: long lines through the parser and the citation linker, and
oversized or stalled request bodies against a running server.

Usage: python bench/hostile.py [--build build]
Parse figures need nothing; the server figures start `gazette serve --build BUILD` on a free
port (skipped when BUILD holds no knowledge base).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from parser import parse_gazette
from parser.citations import find_citations
from parser.history import build_history
from parser.references import link_corpus

HEAD = ("《某市人民政府公报》2021年第1号\n\n某市某某管理办法\n\n（2020年1月1日某市人民政府令第1号公布）\n\n"
        "第一条　本办法适用于本市。\n\n第二条　")
UNITS = {"numerals": "二〇一二三四五六七八九十", "articles": "第一条", "article-of": "第一条之",
         "provisions": "第十条第二款第（三）项、", "titles": "《某市某某管理办法》第一条", "quotes": "“将第一条中的",
         "brackets": "《（〔〈", "dates": "二〇二一年一月一日"}


def _median(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def parse_figures() -> None:
    line = ("二〇一二三四五六七八九十" * 30)[:300]
    seconds = _median(lambda: parse_gazette(HEAD + line + "\n", "b.txt"))
    print(f"a line of 300 numerals: parse {seconds * 1000:.1f} ms")
    print(f"{'1 MB line of':14s} {'parse':>8s} {'find':>8s} {'history+link':>13s}")
    for name, unit in UNITS.items():
        text = unit * (1_000_000 // len(unit.encode()))
        gazette = parse_gazette(HEAD + text + "\n", "b.txt")
        documents = list(gazette.documents)
        parse = _median(lambda: parse_gazette(HEAD + text + "\n", "b.txt"), 3)
        find = _median(lambda: find_citations(text), 3)
        link = _median(lambda: link_corpus(documents, build_history(documents)), 3)
        print(f"{name:14s} {parse:7.3f}s {find:7.3f}s {link:12.3f}s")


def _rss_mib(pid: int) -> float:
    return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024


def server_figures(build: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gazette = Path(sys.executable).with_name("gazette")
    server = subprocess.Popen([str(gazette), "serve", "--build", str(build), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        before = _rss_mib(server.pid)
        sent, chunk = 0, b"a" * 65536
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"POST /api/link HTTP/1.1\r\nHost: b\r\nTransfer-Encoding: chunked\r\n\r\n")
            try:
                while sent < 256 * 2**20:
                    sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                    sent += len(chunk)
            except OSError:
                pass
            status = sock.recv(100).split(b"\r\n")[0].decode()
        print(f"chunked POST of 256 MB: {status}, {sent / 2**20:.1f} MB sent before the server closed, "
              f"{time.perf_counter() - started:.2f} s, resident memory {before:.0f} -> {_rss_mib(server.pid):.0f} MiB")
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"POST /api/link HTTP/1.1\r\nHost: b\r\nContent-Length: 100\r\n\r\n0123456789")
            status = sock.recv(100).split(b"\r\n")[0].decode()
        print(f"body shorter than its Content-Length: {status} after {time.perf_counter() - started:.1f} s")
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/link", data=b"[" * 100_000,
                                         headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=30)
        except urllib.error.HTTPError as error:
            print(f"JSON nested 100,000 deep: HTTP {error.code}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=Path(os.environ.get("GAZETTE_BUILD", "build")))
    args = parser.parse_args()
    parse_figures()
    if (args.build / "gazette.sqlite").exists():
        server_figures(args.build)
    else:
        print(f"no knowledge base at {args.build}: server figures skipped (run gazette build)")


if __name__ == "__main__":
    main()
