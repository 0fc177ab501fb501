"""STARD: what learning from question–article pairs gains over plain BM25 (index/learned.py).

Usage: python bench/stard_learn.py --laws PATH [--pool FILE] [--tune] [--report]

``--tune``: 5-fold cross-validation on STARD's train split only (learn on four fifths,
measure on the fifth) for each setting of the grid: plain BM25; BM25 with the questions an
article answered added to its words (``asked``); BM25 with the question expanded by the
translation model (``per_word`` × ``weight``); both. ``--report``: the chosen settings,
learned on the whole train split, measured once on the dev split (the test set), with plain
BM25 beside them.

With ``--cache FILE`` (the e5 vectors of every window of the pool, ``bench/stard.py --embed``):
``--tune-fusion`` chooses, by the same cross-validation on the train split, the weight of the
learned BM25 ranking against the semantic one in reciprocal-rank fusion (k as the search
engine's); ``--report`` then adds the semantic ranking alone and the two fused.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stard import pool_units  # noqa: E402
from index.bm25 import BM25  # noqa: E402
from index.learned import Associations, asked, content_words, idf_of  # noqa: E402
from queries.stard import ArticleMap, StardQuestion, evaluate_rankings, load_stard, table  # noqa: E402

#: The settings chosen by --tune on the train split (2026-12-07); --report measures these.
CHOSEN = {"asked": 1, "per_word": 10, "weight": 0.1}
#: The learned ranking's weight against the semantic one (1.0), chosen by --tune-fusion.
FUSION_WEIGHT = 1.0
FUSION_WEIGHTS = (0.3, 0.5, 1.0, 2.0, 3.0)


def semantic_ranker(units, cache_path: Path):
    """Questions -> unit ids by e5 (exact inner product over every window, a unit by its best
    window); None when the cache lacks a window."""
    import faiss
    import numpy as np

    from bench.stard import passages
    from index import E5Encoder
    from index.vectors import EmbeddingCache

    encoder = E5Encoder()
    texts, owners = passages(units)
    cache = EmbeddingCache(cache_path)
    keys = [EmbeddingCache.key(encoder.key, t) for t in texts]
    known = cache.get_many(keys)
    cache.close()
    if len(known) < len(set(keys)):
        print(f"{len(set(keys)) - len(known):,} windows not embedded yet")
        return None
    matrix = np.vstack([known[k] for k in keys]).astype(np.float32)
    faiss.normalize_L2(matrix)
    index = faiss.IndexFlatIP(matrix.shape[1])
    index.add(matrix)
    memo: dict[str, list[str]] = {}

    def rank(question: str) -> list[str]:
        if question not in memo:
            vector = encoder.queries([question]).astype(np.float32)
            faiss.normalize_L2(vector)
            _, rows = index.search(vector, 600)
            memo[question] = list(dict.fromkeys(owners[r] for r in rows[0] if r >= 0))[:200]
        return memo[question]
    return rank


def fused(first, second, weight: float):
    """RRF of two rankers as the search engine fuses (k = RRF_K), ``first`` at ``weight``."""
    from index.fusion import RRF_K, rrf

    return lambda q: [u for u, _ in rrf([first(q)[:200], second(q)], RRF_K, [weight, 1.0])]


def tokens_of(tokenizer, text: str) -> list[str]:
    return tokenizer.lcut(text)


class Learner:
    def __init__(self, units, tokenizer) -> None:
        self.units = units
        self.ids = [u.id for u in units]
        self.row = {u: i for i, u in enumerate(self.ids)}
        self.tokenizer = tokenizer
        self.unit_tokens = [tokens_of(tokenizer, u.text) for u in units]
        self.idf = idf_of(content_words(t) for t in self.unit_tokens)
        self.articles = ArticleMap((u.id, u.title, u.date, u.eid) for u in units)
        self._plain = None

    def plain(self) -> BM25:
        if self._plain is None:
            self._plain = BM25(self.unit_tokens)
        return self._plain

    def pairs(self, questions: list[StardQuestion]) -> list[tuple[str, list[str]]]:
        out = []
        for q in questions:
            words = tokens_of(self.tokenizer, q.q)
            for unit in sorted(self.articles.relevant(q)[0]):
                out.append((unit, words))
        return out

    def index(self, pairs: list[tuple[str, list[str]]], asked_times: int) -> BM25:
        """BM25 over the units, each with the words of the questions it answered ``asked_times`` over."""
        if not asked_times:
            return self.plain()
        extra = asked(pairs)
        return BM25([tokens + extra.get(self.ids[i], []) * asked_times for i, tokens in enumerate(self.unit_tokens)])

    def model(self, pairs: list[tuple[str, list[str]]]) -> Associations:
        return Associations.learn(((q, self.unit_tokens[self.row[u]]) for u, q in pairs), self.idf)

    def ranker(self, bm25: BM25, model: Associations | None, per_word: int, weight: float):
        def rank(question: str) -> list[str]:
            words = tokens_of(self.tokenizer, question)
            expansion = model.expand(words, per_word, weight) if model is not None and weight else None
            return [self.ids[r] for r in bm25.top(words, 100, expansion)]
        return rank

    def system(self, learn: list[StardQuestion], asked_times: int, per_word: int, weight: float):
        pairs = self.pairs(learn)
        return self.ranker(self.index(pairs, asked_times), self.model(pairs) if weight else None, per_word, weight)


def folds(questions: list[StardQuestion], k: int = 5) -> list[tuple[list[StardQuestion], list[StardQuestion]]]:
    ordered = sorted(questions, key=lambda q: q.id)
    return [([q for i, q in enumerate(ordered) if i % k != f], [q for i, q in enumerate(ordered) if i % k == f])
            for f in range(k)]


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--laws", type=Path, required=True)
    options.add_argument("--pool", type=Path)
    options.add_argument("--tune", action="store_true")
    options.add_argument("--report", action="store_true")
    options.add_argument("--cache", type=Path, help="embedding cache with every window of the pool")
    options.add_argument("--tune-fusion", action="store_true")
    args = options.parse_args()
    if args.pool and args.pool.exists():
        units, _, _ = pickle.loads(args.pool.read_bytes())
    else:
        units, _, _ = pool_units(args.laws)
    import jieba

    learner = Learner(units, jieba.Tokenizer())
    if args.tune:
        train = load_stard(split="train")
        settings = [(a, p, w) for a in (0, 1, 2) for p, w in [(0, 0.0)] + list(itertools.product(
            (3, 5, 10), (0.1, 0.2, 0.4)))]
        sums: dict[tuple[int, int, float], list[float]] = {s: [0.0] * 6 for s in settings}
        for learn, held in folds(train):
            pairs = learner.pairs(learn)
            model = learner.model(pairs)
            for asked_times in (0, 1, 2):
                bm25 = learner.index(pairs, asked_times)
                for setting in [s for s in settings if s[0] == asked_times]:
                    f = evaluate_rankings("", held, learner.articles,
                                          learner.ranker(bm25, model, setting[1], setting[2]))
                    values = [*(f.recall[k] for k in sorted(f.recall)), f.mrr10]
                    sums[setting] = [t + v * len(held) for t, v in zip(sums[setting], values)]
            print(f"fold of {len(held)} done", flush=True)
        rows = []
        from queries.stard import KS, StardFigures
        for (a, p, w), values in sums.items():
            values = [v / len(train) for v in values]
            rows.append(StardFigures(f"asked×{a}, expansion {p} words × {w}", len(train),
                                     dict(zip(sorted(KS), values[:4])), values[4]))
        print("train split, 5-fold cross-validation")
        print(table(rows))
    semantic = semantic_ranker(units, args.cache) if args.cache else None
    weight_chosen = FUSION_WEIGHT
    if args.tune_fusion and semantic is not None:
        from queries.stard import KS, StardFigures

        train = load_stard(split="train")
        sums = {w: [0.0] * 5 for w in FUSION_WEIGHTS}
        for learn, held in folds(train):
            learned = learner.system(learn, CHOSEN["asked"], CHOSEN["per_word"], CHOSEN["weight"])
            memo: dict[str, list[str]] = {}

            def cached(q: str, learned=learned, memo=memo) -> list[str]:
                if q not in memo:
                    memo[q] = learned(q)
                return memo[q]
            for weight in FUSION_WEIGHTS:
                f = evaluate_rankings("", held, learner.articles, fused(cached, semantic, weight))
                sums[weight] = [t + v * len(held) for t, v in
                                zip(sums[weight], [*(f.recall[k] for k in sorted(f.recall)), f.mrr10])]
        rows = [StardFigures(f"learned BM25 at {w} + semantic at 1.0", len(train),
                             dict(zip(sorted(KS), [v / len(train) for v in values[:4]])), values[4] / len(train))
                for w, values in sums.items()]
        semantic_alone = evaluate_rankings("semantic alone", train, learner.articles, semantic)
        print("train split, 5-fold cross-validation")
        print(table([semantic_alone, *rows]))
        best = max(zip(FUSION_WEIGHTS, rows), key=lambda pair: (pair[1].recall[10], pair[1].mrr10))
        weight_chosen = best[0]
        print(f"chosen: the learned ranking at {weight_chosen}")
    if args.report:
        train, dev = load_stard(split="train"), load_stard(split="dev")
        learned = learner.system(train, CHOSEN["asked"], CHOSEN["per_word"], CHOSEN["weight"])
        rows = [evaluate_rankings("plain BM25", dev, learner.articles, learner.system([], 0, 0, 0.0)),
                evaluate_rankings(f"BM25, learned on train ({CHOSEN})", dev, learner.articles, learned)]
        if semantic is not None:
            rows.append(evaluate_rankings("semantic (e5)", dev, learner.articles, semantic))
            rows.append(evaluate_rankings(f"learned BM25 at {weight_chosen} + semantic (RRF)", dev, learner.articles,
                                          fused(learned, semantic, weight_chosen)))
        print("dev split (the test set)")
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
