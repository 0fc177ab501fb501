"""Time the amendment step of a build: decisions to operations, versions, timelines and
lifecycles (parser.history.build_history + parser.lifecycle), warm, in one process.

Usage: python bench/history.py [--corpus corpus] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from parser import decode, parse_gazette
from parser.history import build_history
from parser.lifecycle import lifecycles, repeals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    documents = []
    parse_total = 0.0
    for path in sorted(args.corpus.glob("*.txt")):
        started = time.perf_counter()
        documents.extend(parse_gazette(decode(path.read_bytes(), path.name).text, path.name).documents)
        parse_total += time.perf_counter() - started
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        history = build_history(documents)
        life = lifecycles(documents)
        repeals(documents, life)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(f"amendment step: {len(history.amendments)} operations, {len(history.versions)} version rows, "
          f"{len(life)} lifecycles; median {median * 1000:.1f} ms over {args.repeat} runs "
          f"({median / parse_total * 100:.0f}% of the parse, {parse_total * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
