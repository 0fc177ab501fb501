"""The who-card on the who-set: first-answer precision and authority recall per part and
language (the test part first), and the time one card takes.

Usage: python bench/who.py --reuse build      # a build of the shipped corpus
       python bench/who.py                    # builds the shipped corpus first (minutes)
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
from queries.who_eval import WHO_SET, evaluate_who, load_who, table
from store import STORE_NAME, Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--reuse", type=Path, help="Measure on this build instead of building one.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build_dir = args.reuse or Path(tmp) / "build"
        if args.reuse is None:
            build(args.corpus, build_dir)
        store, engine = Store(build_dir / STORE_NAME), SearchEngine(build_dir)
        questions = load_who(WHO_SET)
        figures, _ = evaluate_who(store, engine, questions)
        print("\n".join(table(figures)))
        seconds = []
        for question in questions:
            start = time.perf_counter()
            answer(store, engine, question.q)
            seconds.append(time.perf_counter() - start)
        print(f"card: median {statistics.median(seconds) * 1000:.0f} ms, "
              f"max {max(seconds) * 1000:.0f} ms over {len(seconds)} questions (warm)")
        engine.close()
        store.close()


if __name__ == "__main__":
    main()
