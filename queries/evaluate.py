"""The gold set and its figures: Recall@1, @5, @10 and MRR@10 per mode and language.

``queries/data/gold.jsonl`` holds questions as users ask them, each with substrings of the
provisions that answer it (``rel``) and optionally the document they must be in (``doc``).
A unit is relevant when its text holds one of the substrings: the gold set survives
changes of identifiers and of unit boundaries.

Searches run over every current text, whatever its status today (the status filter would
otherwise hide documents that have expired since 2021 and turn a retrieval test into a
calendar test).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TypedDict

from .search import MODES, Filters, SearchEngine

__all__ = ["GoldQuestion", "load_gold", "evaluate", "Metrics", "GOLD", "DEV2", "DEV3", "TEST_SET"]

#: The development set: every search parameter was chosen on it.
GOLD = Path(str(files("queries") / "data" / "gold.jsonl"))
#: A second development set (2026-12-04): questions on a seeded random sample of 70 units,
#: written before anything was tuned on them; tuned on since, with the first.
DEV2 = Path(str(files("queries") / "data" / "dev2.jsonl"))
#: A third development set (2026-12-05): 57 English questions on a seeded random sample of units
#: no other set answers, written before anything was measured on it.
DEV3 = Path(str(files("queries") / "data" / "dev3.jsonl"))
#: The test set: 120 questions written before any change tuned on them; reported, never tuned on.
TEST_SET = Path(str(files("queries") / "data" / "test.jsonl"))
KS = (1, 5, 10)


@dataclass(frozen=True)
class GoldQuestion:
    q: str
    lang: str
    rel: tuple[str, ...]
    doc: str | None = None


def load_gold(path: Path = GOLD) -> list[GoldQuestion]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.append(GoldQuestion(data["q"], data["lang"], tuple(data["rel"]), data.get("doc")))
    return rows


@dataclass(frozen=True)
class Metrics:
    mode: str
    lang: str
    questions: int
    recall: dict[int, float]
    mrr10: float

    def as_json(self) -> dict[str, object]:
        return {"mode": self.mode, "lang": self.lang, "questions": self.questions,
                **{f"recall@{k}": round(v, 4) for k, v in self.recall.items()}, "mrr@10": round(self.mrr10, 4)}


class QuestionRank(TypedDict):
    q: str
    lang: str
    mode: str
    rank: int | None  # of the first relevant hit among the first 10


def relevant_units(engine: SearchEngine, question: GoldQuestion) -> set[str]:
    return {u.id for u in engine.units.values() if u.current and any(r in u.text for r in question.rel)
            and (question.doc is None or u.document.startswith(question.doc))}


def _first_hit(ranking: list[str], relevant: set[str]) -> int | None:
    return next((rank for rank, unit in enumerate(ranking, start=1) if unit in relevant), None)


def evaluate(engine: SearchEngine, gold: Iterable[GoldQuestion], modes: Iterable[str] = MODES
             ) -> tuple[list[Metrics], list[QuestionRank]]:
    """Figures per (mode, language) and per question (for inspection)."""
    gold = list(gold)
    filters = Filters(any_status=True)
    details: list[QuestionRank] = []
    first: dict[tuple[str, int], int | None] = {}
    for i, question in enumerate(gold):
        relevant = relevant_units(engine, question)
        if not relevant:
            raise ValueError(f"gold question {question.q!r}: no unit holds {question.rel}")
        for mode in modes:
            hits = engine.search(question.q, k=10, mode=mode, filters=filters).hits
            rank = _first_hit([h["id"] for h in hits], relevant)
            first[(mode, i)] = rank
            details.append({"q": question.q, "lang": question.lang, "mode": mode, "rank": rank})
    metrics = []
    for mode in modes:
        for lang in ("zh", "en", "all"):
            ids = [i for i, q in enumerate(gold) if lang == "all" or q.lang == lang]
            if not ids:
                continue
            ranks = [first[(mode, i)] for i in ids]
            recall = {k: sum(1 for r in ranks if r is not None and r <= k) / len(ids) for k in KS}
            mrr = sum(1.0 / r for r in ranks if r is not None and r <= 10) / len(ids)
            metrics.append(Metrics(mode, lang, len(ids), recall, mrr))
    return metrics, details
