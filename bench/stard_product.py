"""STARD through the product: the weight of the learned ranking in the search engine's fusion,
chosen by 5-fold cross-validation on STARD's train split over a build that holds the national
texts (``gazette build --corpus corpus --corpus NATIONAL``).

Usage: python bench/stard_product.py --build B [--weights 0,0.3,0.5,1,2]

For each fold, the learned ranking (:mod:`index.learned`) is learned from the other four
fifths of the train split and the engine's hybrid search (keyword, e5 and learned, fused as
the product fuses them) is measured on the fifth, at each weight; 0 is the engine without
the learned ranking. The dev split is not read. Prints R@1/5/10/100 and MRR@10 per weight,
summed over the folds.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stard_learn import folds  # noqa: E402
from index.learned import LearnedIndex, tokens  # noqa: E402
from queries.search import Filters, SearchEngine  # noqa: E402
from queries.stard import KS, ArticleMap, evaluate_rankings, load_stard, table, training_pairs  # noqa: E402


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--build", type=Path, required=True)
    options.add_argument("--weights", default="0,0.3,0.5,1,2")
    options.add_argument("--folds", type=int, default=5)
    args = options.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    engine = SearchEngine(args.build)
    units = list(engine.units.values())
    pool = [(u.id, u.title, u.date, u.eid) for u in units]
    articles = ArticleMap(pool)
    started = time.perf_counter()
    words = [tokens(u.text) for u in units]
    print(f"{len(units):,} units segmented in {time.perf_counter() - started:.0f} s", flush=True)
    everything = Filters(any_status=True)
    ranked: dict[float, dict[str, list[str]]] = {w: {} for w in weights}
    questions = load_stard(split="train")
    with tempfile.TemporaryDirectory() as scratch:
        for number, (learn, held_out) in enumerate(folds(questions, args.folds)):
            folder = Path(scratch) / f"fold-{number}"
            LearnedIndex.build(folder, [(u.id, u.text) for u in units], training_pairs(pool, learn), words)
            engine.learned = LearnedIndex(folder)
            for weight in weights:
                engine.fusion = replace(engine.fusion, learned=weight)
                for q in held_out:
                    ranked[weight][q.q] = [h["id"] for h in engine.search(q.q, k=max(KS), filters=everything).hits]
            print(f"fold {number + 1} of {args.folds} done at {time.perf_counter() - started:.0f} s", flush=True)
    engine.close()
    figures = [evaluate_rankings(f"hybrid, learned weight {w}", questions, articles, lambda text, w=w: ranked[w][text])
               for w in weights]
    print(f"STARD train, {args.folds}-fold cross-validation through the search engine ({len(questions)} questions)")
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
