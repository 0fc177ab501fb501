"""Start-up of the command line, measured as a user meets it: new processes, wall clock.

Usage: python bench/cli.py [--build build] [--repeat 5]
Prints the median of `gazette --help` and of a cold `gazette search` (new process to printed
results; needs a built knowledge base).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _median(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=Path(os.environ.get("GAZETTE_BUILD", "build")))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gazette = str(Path(sys.executable).with_name("gazette"))
    print(f"gazette --help: median {_median([gazette, '--help'], args.repeat):.2f} s over {args.repeat} runs")
    if (args.build / "gazette.sqlite").exists():
        search = [gazette, "search", "who inspects secondary water", "--build", str(args.build)]
        print(f"cold gazette search: median {_median(search, args.repeat):.2f} s over {args.repeat} runs")
    else:
        print(f"no knowledge base at {args.build}: cold search skipped")


if __name__ == "__main__":
    main()
