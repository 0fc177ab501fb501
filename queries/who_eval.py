"""The who-set and its figures: does the answer card name the competent authority first?

``queries/data/who.jsonl`` holds who-questions as users ask them, in Chinese and English,
each with the authorities that answer it (canonical agency names; several where the
corpus gives the power to several, or names one body two ways), its part and the corpus
folder its answer lies in (``corpus``, the shipped issue, unless it says another:
``tests/real/issues``, the State Council gazette runs). A question is scored on a build that
holds its corpus: :func:`answerable` picks them. Its parts, in the order they were written:

* ``dev``: the rules are chosen on it.
* ``test``: written with it, before anything was measured; its wrong answers have since been read.
* ``test2``: written 2026-12-08 before the changes of that day, measured once before them; its
  wrong answers read.
* ``test3``: written after test2 was measured and before those changes, to judge them.
* ``test4``: written next, before a change of the English action words that was not kept.
* ``test5`` (27): written in the next session before its changes, from provisions that assign
  work sampled with seed 20261208, half on the shipped issue and half on the runs, half
  English. ``test5-seen`` (5): those of the same batch found, after writing, to ask about a
  provision an earlier question asked about (``asked_before`` names it).
* ``test6`` (18, seed 20261209): written before the task-table changes it judges.
* ``test7`` (23, seed 20261210), ``test8`` (19, seed 20261211), ``test9`` (20, seed 20261212):
  each written after a round of changes and measured once, before the next round; the
  sampled provisions taken in their order, skipping only those that name no body or only
  parties, and those asked about before.

Figures per part and language: first-answer precision (the card's first authority is one
of the question's), authority recall (the share of the question's authorities among the
card's authorities) and parties first (questions whose first answer overall would be a
party the rules bind, were parties not kept apart: the mistake the card's grouping avoids).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TypedDict

from store import Store

from .duties import ALL_CURRENT, answer
from .search import SearchEngine

__all__ = ["WHO_SET", "WhoQuestion", "WhoFigures", "load_who", "answerable", "evaluate_who", "table"]

WHO_SET = Path(str(files("queries") / "data" / "who.jsonl"))


@dataclass(frozen=True)
class WhoQuestion:
    q: str
    lang: str
    split: str
    authorities: tuple[str, ...]
    corpus: str = "corpus"


@dataclass(frozen=True)
class WhoFigures:
    split: str
    lang: str
    questions: int
    first_right: int
    recall: float
    parties_first: int

    @property
    def precision_at_1(self) -> float:
        return self.first_right / self.questions if self.questions else 0.0

    def as_json(self) -> dict[str, object]:
        return {"split": self.split, "lang": self.lang, "questions": self.questions,
                "first_answer_precision": round(self.precision_at_1, 3), "authority_recall": round(self.recall, 3),
                "parties_first": self.parties_first}


class WhoRow(TypedDict):
    """One question of the who-set and what its card answered."""

    q: str
    lang: str
    split: str
    wanted: list[str]
    got: list[str]
    first_right: bool
    recall: float
    party_first: bool


def load_who(path: Path = WHO_SET) -> list[WhoQuestion]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(WhoQuestion(row["q"], row["lang"], row["split"], tuple(row["authorities"]),
                                   row.get("corpus", "corpus")))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}, line {number}: {error}") from None
    return out


def answerable(store: Store, questions: list[WhoQuestion]) -> tuple[list[WhoQuestion], list[str]]:
    """The questions whose corpus folder holds a source of this build, and the folders of the
    others (a build of the shipped issue alone cannot answer for the State Council's runs)."""
    sources = ["/" + s["path"].replace("\\", "/") for s in store.sources()]
    held = {q.corpus for q in questions if any(f"/{q.corpus.strip('/')}/" in path for path in sources)}
    return [q for q in questions if q.corpus in held], sorted({q.corpus for q in questions} - held)


def evaluate_who(store: Store, engine: SearchEngine,
                 questions: list[WhoQuestion]) -> tuple[list[WhoFigures], list[WhoRow]]:
    """Figures per (part, language) and for each part as a whole; and each question's card."""
    rows: list[WhoRow] = []
    canonical: dict[str, str] = {}
    for question in questions:
        card = answer(store, engine, question.q, ALL_CURRENT, limit=5)
        # a label may name a body as a text abbreviates it (市发改委): the card names it canonically
        named = [a["agency"] for a in card["actors"]]
        for name in question.authorities:
            if name not in canonical:
                canonical[name] = store.canonical_agency(name)
        wanted = {canonical[a]: a for a in question.authorities}
        named = [wanted.get(n, n) for n in named]
        everyone = sorted(card["actors"] + card["parties"], key=lambda a: -a["score"])
        rows.append({"q": question.q, "lang": question.lang, "split": question.split,
                     "wanted": list(question.authorities), "got": named,
                     "first_right": bool(named) and named[0] in question.authorities,
                     "recall": sum(a in named for a in question.authorities) / len(question.authorities),
                     "party_first": bool(everyone) and everyone[0]["kind"] not in ("government", "body")})
    figures = []
    for split in sorted({r["split"] for r in rows}):
        for lang in ("zh", "en", "all"):
            chosen = [r for r in rows if r["split"] == split and lang in (r["lang"], "all")]
            if chosen:
                figures.append(WhoFigures(split, lang, len(chosen), sum(r["first_right"] for r in chosen),
                                          sum(r["recall"] for r in chosen) / len(chosen),
                                          sum(r["party_first"] for r in chosen)))
    return figures, rows


def held_out_first(figures: WhoFigures) -> tuple[bool, int]:
    """The order parts are reported in: the test parts (the newest first), then development."""
    batch = figures.split.removeprefix("test")
    return (not figures.split.startswith("test"), -int(batch) if batch.isdigit() else -1)


def table(figures: list[WhoFigures]) -> list[str]:
    """The figures as the CLI and the benchmark print them, the test part first."""
    lines = [f"{'part':5} {'lang':4} {'n':>3}  {'P@1':>6} {'recall':>6} {'party first':>11}"]
    for f in sorted(figures, key=held_out_first):
        lines.append(f"{f.split:5} {f.lang:4} {f.questions:3d}  {f.precision_at_1:6.3f} {f.recall:6.3f} "
                     f"{f.parties_first:11d}")
    return lines
