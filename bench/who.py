"""The who-card on the who-set: first-answer precision and authority recall per part and
language (the test parts first), and the time one card takes.

Two builds score it: the shipped issue alone (its questions), and the shipped issue with the
State Council gazette runs of ``tests/real/issues`` (every question; the shipped issue's among
national texts, as an archive holds them).

Usage: python bench/who.py --reuse build --reuse-real build-real   # builds already made
       python bench/who.py                                          # builds both first (minutes)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from gazette.build import build
from queries.duties import answer
from queries.search import SearchEngine
from queries.who_eval import WHO_SET, answerable, evaluate_who, load_who, table
from store import STORE_NAME, Store

ROOT = Path(__file__).resolve().parent.parent


def measure(build_dir: Path, title: str) -> None:
    store, engine = Store(build_dir / STORE_NAME), SearchEngine(build_dir)
    questions, missing = answerable(store, load_who(WHO_SET))
    figures, _ = evaluate_who(store, engine, questions)
    print(f"{title}: {len(questions)} questions" + (f" (not in it: {', '.join(missing)})" if missing else ""))
    print("\n".join(table(figures)))
    seconds = []
    for question in questions:
        start = time.perf_counter()
        answer(store, engine, question.q)
        seconds.append(time.perf_counter() - start)
    print(f"card: median {statistics.median(seconds) * 1000:.0f} ms, "
          f"max {max(seconds) * 1000:.0f} ms over {len(seconds)} questions (warm)\n")
    engine.close()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reuse", type=Path, help="A build of the shipped corpus to measure instead of building one.")
    parser.add_argument("--reuse-real", type=Path,
                        help="A build of corpus/ and tests/real/issues to measure instead of building one.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shipped = args.reuse or Path(tmp) / "build"
        if args.reuse is None:
            build(ROOT / "corpus", shipped)
        measure(shipped, "the shipped issue")
        real = args.reuse_real or Path(tmp) / "build-real"
        if args.reuse_real is None:
            build([ROOT / "corpus", ROOT / "tests" / "real" / "issues"], real)
        measure(real, "the shipped issue with the State Council runs")


if __name__ == "__main__":
    main()
