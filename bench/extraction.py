"""Benchmark: what the who-does-what extraction adds to a build (lexicon, pipeline, statements).

    python bench/extraction.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import build_pipeline, extract_statements, harvest, load_lexicon  # noqa: E402
from parser import decode, parse_gazette  # noqa: E402


def main(runs: int = 3) -> None:
    path = ROOT / "corpus" / "langfang-gazette-2021-04.txt"
    gazette = parse_gazette(decode(path.read_bytes(), str(path)).text, source=str(path))
    documents = list(gazette.documents)
    texts = [p.text for d in documents for p in d.provisions]
    timings: dict[str, list[float]] = {"lexicon": [], "pipeline": [], "statements": [], "total": []}
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        lexicon = load_lexicon().merge(harvest(texts))
        t1 = time.perf_counter()
        nlp = build_pipeline(lexicon)
        t2 = time.perf_counter()
        statements = extract_statements(documents, nlp, lexicon)
        t3 = time.perf_counter()
        count = len(statements)
        for key, value in (("lexicon", t1 - t0), ("pipeline", t2 - t1), ("statements", t3 - t2), ("total", t3 - t0)):
            timings[key].append(value)
    print(f"{len(documents)} documents, {len(texts)} provisions, {count} statements; median of {runs} runs:")
    for key, values in timings.items():
        print(f"  {key:10} {statistics.median(values):6.2f} s")


if __name__ == "__main__":
    main()
