"""Search benchmarks: index build times, warm query latency per mode, cold command time.

Usage: python bench/search.py [--corpus corpus] [--repeat 3]

* build: each index from scratch (empty embedding cache) and on an unchanged rebuild;
* warm: p50/p95 latency of each mode over the gold questions, in one process, after one
  warm-up query;
* cold: wall time of ``gazette search QUERY`` as a new process, to the printed results.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gazette.build import build
from index import E5Encoder
from queries.evaluate import load_gold
from queries.search import MODES, Filters, SearchEngine


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", type=Path, help="Measure queries on this build; skip the build timings.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GAZETTE_CACHE"] = str(Path(tmp) / "cache")
        build_dir = args.reuse or Path(tmp) / "build"
        encoder = E5Encoder()
        for label in () if args.reuse else ("from scratch", "unchanged rebuild"):
            report = build(args.corpus, build_dir, encoder=encoder)
            index = report.index
            assert index is not None
            print(f"build {label}: total {report.seconds:.1f} s; keyword index {index.keyword_seconds:.2f} s; "
                  f"semantic index {index.semantic_seconds:.1f} s ({index.embedded} embedded, {index.cached} cached, "
                  f"{index.vectors} vectors)")
        engine = SearchEngine(build_dir, encoder=encoder, vector_cache=0)  # every query embedded
        gold = [q.q for q in load_gold()]
        filters = Filters(any_status=True)
        engine.search(gold[0], mode="hybrid", filters=filters)  # warm-up: jieba dictionary, first query
        runs = [(mode, filters, "") for mode in MODES]
        runs.append(("hybrid", Filters(), " (default: in force today, hidden matches counted)"))
        for mode, chosen, note in runs:
            timings = []
            for _ in range(args.repeat):
                for question in gold:
                    started = time.perf_counter()
                    engine.search(question, k=10, mode=mode, filters=chosen)
                    timings.append((time.perf_counter() - started) * 1000)
            print(f"warm {mode:8}: p50 {statistics.median(timings):6.1f} ms, p95 {_pct(timings, 0.95):6.1f} ms "
                  f"over {len(timings)} queries{note}")
        gazette = Path(sys.executable).with_name("gazette")
        colds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([str(gazette), "search", "who inspects secondary water", "--build", str(build_dir)],
                           check=True, capture_output=True)
            colds.append(time.perf_counter() - started)
        print(f"cold `gazette search`: median {statistics.median(colds):.2f} s over {len(colds)} runs")


if __name__ == "__main__":
    main()
