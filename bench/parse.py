"""Time the parse of every corpus file (decode + parse_gazette), warm, in one process.

Usage: python bench/parse.py [--corpus corpus] [--repeat 20]
Prints the median and p95 per file and for the whole corpus.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from parser import decode, parse_gazette


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.txt"))
    totals = [0.0] * args.repeat
    for path in files:
        data = path.read_bytes()
        timings = []
        for k in range(args.repeat):
            started = time.perf_counter()
            gazette = parse_gazette(decode(data, path.name).text, path.name)
            elapsed = time.perf_counter() - started
            timings.append(elapsed)
            totals[k] += elapsed
        provisions = sum(len(d.provisions) for d in gazette.documents)
        timings.sort()
        print(f"{path.name}: {len(data) / 1024:.0f} KiB, {len(gazette.documents)} documents, {provisions} provisions; "
              f"median {statistics.median(timings) * 1000:.0f} ms, p95 {timings[int(0.95 * (len(timings) - 1))] * 1000:.0f} ms")
    print(f"corpus ({len(files)} files): median {statistics.median(totals) * 1000:.0f} ms over {args.repeat} runs")


if __name__ == "__main__":
    main()
