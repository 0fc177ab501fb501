"""Fusing ranked lists: weighted reciprocal-rank fusion.

RRF (Cormack, Clarke & Büttcher, SIGIR 2009): score(d) = Σ_r w_r / (k + rank_r(d)), ranks
from 1. The paper uses k = 60 and equal weights. Both are chosen here on the gold set
(``gazette eval --rrf-k K --keyword-weight W``; grid k ∈ {5, 10, 30, 60}, w ∈ {0.3, 0.5,
0.7, 1.0}): plain RRF lets keyword hits on everyday words (物业, 管理) push good semantic
answers down; a small k keeps the top semantic ranks decisive and w = 0.3 lets keyword
evidence reorder, not override. The README gives the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["rrf", "Fusion", "RRF_K", "KEYWORD_WEIGHT", "EXPANSION_WEIGHT", "GLOSS_WEIGHT", "READING_WEIGHT", "QUANTITY_WEIGHT",
           "QUANTITY_CANDIDATES", "LEARNED_WEIGHT"]

RRF_K = 5
KEYWORD_WEIGHT = 0.3
#: Weight of the keyword list of an English query, searched by the glossary's Chinese terms
#: whose English stands in it (:mod:`index.glossary`): weaker evidence than the words of a
#: Chinese query. Chosen on the development set among 0.1, 0.2, 0.3 and 0.5.
EXPANSION_WEIGHT = 0.2
#: Weight of the English-gloss ranking of an English query (:mod:`index.glosses`), chosen on
#: the development set among 0.4, 0.7, 1.0 and 1.5 (with every sense of a word glossed).
GLOSS_WEIGHT = 1.0
#: Weight of the ranking of an English question against the English readings of the units
#: (:func:`index.glosses.reading`, embedded; both centred, :mod:`index.english_mean`), chosen
#: on the two development sets among 0.3, 0.5, 0.75 and 1.0 (0.5 before the centring, among
#: 0.2, 0.3, 0.5, 0.7 and 1.0).
READING_WEIGHT = 0.75
#: A question asking for a quantity (how many, 多久): of the first ``QUANTITY_CANDIDATES``
#: of the fused ranking, those that state one, ranked again in that order and fused at
#: ``QUANTITY_WEIGHT`` (both languages). Chosen on the two development sets among weights
#: 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0 and 10, 20, 30 candidates: from 0.5 to 2.0 within 0.002
#: of MRR@10, 1.0 with 20 or 30 the best.
QUANTITY_WEIGHT = 1.0
QUANTITY_CANDIDATES = 20
#: Weight of the learned ranking of a Chinese question (:mod:`index.learned`: BM25 with the
#: questions each article answered, the question expanded by learned associations), fused
#: beside the keyword and semantic rankings in builds that hold one.
LEARNED_WEIGHT = 1.0


#: Candidates each keyword, gloss, reading and learned ranking gives the fusion; the semantic
#: one gives ``SEMANTIC_CANDIDATES`` (the filters apply to these) and fuses its first
#: ``CANDIDATES``.
CANDIDATES = 200
SEMANTIC_CANDIDATES = 500


@dataclass(frozen=True)
class Fusion:
    """Every figure of the fusion in one place, each chosen as its constant above says:
    the engine's default, and what ``gazette eval`` and the benches vary."""

    k: int = RRF_K
    keyword: float = KEYWORD_WEIGHT  # a Chinese question's keyword ranking (the semantic one weighs 1.0)
    learned: float = LEARNED_WEIGHT  # a Chinese question's learned ranking (builds that hold one)
    expansion: float = EXPANSION_WEIGHT  # an English question's keyword ranking by the glossary's terms
    gloss: float = GLOSS_WEIGHT
    reading: float = READING_WEIGHT
    quantity: float = QUANTITY_WEIGHT
    quantity_candidates: int = QUANTITY_CANDIDATES
    candidates: int = CANDIDATES
    semantic_candidates: int = SEMANTIC_CANDIDATES


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K, weights: Sequence[float] | None = None
        ) -> list[tuple[str, float]]:
    """Fused (id, score), best first; ties broken by id for determinism."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
