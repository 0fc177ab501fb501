"""Hostile input, measured: long lines through the parser and the citation linker, inputs
that grow from 1 to 8 MB (time per MB: linear work stays flat), and oversized or stalled
request bodies against a running server.

Usage: python bench/hostile.py [--build build] [--sizes 1,2,4,8]
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


#: Inputs that grow: what a quadratic step would show. Each is made to ``megabytes`` MB.
ORDER_HEADER = "廊坊市人民政府令\n〔2021〕第1号\n"  # 40,000 of them make 1.7 MB


def repeated_headers(megabytes: float) -> str:
    return ORDER_HEADER * int(megabytes * 1_000_000 / len(ORDER_HEADER.encode()))


def law_shaped(megabytes: float) -> str:
    """One law of ever more articles, each citing the article before, a paragraph and the law."""
    lines = ["某市某某管理条例", "（2020年1月1日某市人民代表大会常务委员会第一次会议通过）"]
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        n += 1
        line = (f"第{n}条　依照本条例第{max(1, n - 1)}条第一款和《某市某某管理条例》第{max(1, n - 2)}条的规定，"
                "有关部门应当监督检查，前款规定的单位应当配合。")
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def citation_dense(megabytes: float) -> str:
    """Articles of 3,000 characters that are all citations."""
    body = ("依照《某市某某管理条例》第三条第二款第（一）项、本条例第五条和前款规定，" * 100)[:3000]
    lines = ["某市某某管理条例", "（2020年1月1日某市人民代表大会常务委员会第一次会议通过）"]
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        n += 1
        lines.append(f"第{n}条　{body}")
        size += len(lines[-1].encode()) + 1
    return "\n".join(lines) + "\n"


GROWING = {"repeated order headers": repeated_headers, "law-shaped text": law_shaped,
           "citation-dense text": citation_dense}


def growth_figures(sizes: list[float]) -> None:
    """Parse, then amendment history and citation links, of each growing input at each size:
    seconds and seconds per MB (what `gazette check` and `gazette build` spend on them)."""
    print(f"{'input':24s} {'MB':>4s} {'parse s':>8s} {'s/MB':>6s} {'history+links s':>16s} {'s/MB':>6s}")
    for name, make in GROWING.items():
        for megabytes in sizes:
            text = make(megabytes)
            started = time.perf_counter()
            gazette = parse_gazette(text, "grow.txt")
            parse = time.perf_counter() - started
            started = time.perf_counter()
            link_corpus(gazette.documents, build_history(gazette.documents))
            link = time.perf_counter() - started
            print(f"{name:24s} {megabytes:4g} {parse:8.2f} {parse / megabytes:6.2f} {link:16.2f} "
                  f"{link / megabytes:6.2f}", flush=True)


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
    parser.add_argument("--sizes", default="1,2,4,8", help="the sizes in MB of the growing inputs")
    args = parser.parse_args()
    parse_figures()
    growth_figures([float(s) for s in args.sizes.split(",")])
    if (args.build / "gazette.sqlite").exists():
        server_figures(args.build)
    else:
        print(f"no knowledge base at {args.build}: server figures skipped (run gazette build)")


if __name__ == "__main__":
    main()
