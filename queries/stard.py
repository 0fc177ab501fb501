"""STARD, the external benchmark: people's legal questions and the national articles that answer them.

``queries/data/stard/questions.jsonl`` (see its README) holds STARD's 1,543 questions, each
with its relevant articles named as STARD names them (中华人民共和国民法典第五十四条). They
are mapped to the knowledge base's article units by work and article number
(:class:`ArticleMap`): the title as the catalogue of national works knows it (with or
without 中华人民共和国), the newest edition where the pool holds several, 第N条之一 as 第N条.

Figures: Recall@k (the share of a question's articles among the first k, averaged over the
questions) and MRR@10 (the first relevant article's reciprocal rank). A question whose
articles the pool lacks counts, with a recall of 0: the pool is part of what is measured.
STARD's dev split is the test set (reported, never tuned on); its train split is for
choosing parameters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from parser.grammar import ARTICLE_OF, CN_NUMBER
from parser.normalize import norm_title
from parser.numerals import cn_to_int

from .search import Filters, SearchEngine

__all__ = ["STARD", "StardQuestion", "load_stard", "article_ref", "ArticleMap", "StardFigures", "evaluate_rankings",
           "evaluate_stard", "table", "training_pairs"]

STARD = Path(str(files("queries") / "data" / "stard" / "questions.jsonl"))
KS = (1, 5, 10, 100)
_PRC = "中华人民共和国"
_REF = re.compile(rf"^(?P<title>.+?)第(?P<n>{CN_NUMBER})条(?:{ARTICLE_OF})?$")
_ARTICLE_EID = re.compile(r"(?:^|__)art_(\d+)$")


@dataclass(frozen=True)
class StardQuestion:
    id: int
    split: str
    q: str
    articles: tuple[str, ...]


def load_stard(path: Path = STARD, split: str | None = None) -> list[StardQuestion]:
    """The questions of one split (``train`` or ``dev``), or all."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            question = StardQuestion(int(data["id"]), str(data["split"]), str(data["q"]),
                                     tuple(str(a) for a in data["articles"]))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}, line {number}: not a STARD question ({error})") from None
        if split is None or question.split == split:
            out.append(question)
    return out


def article_ref(name: str) -> tuple[str, int] | None:
    """(title, article number) of a STARD article name: 个体工商户条例第二条 -> (个体工商户条例, 2)."""
    m = _REF.match(norm_title(name))
    return (m["title"].strip("《》"), cn_to_int(m["n"])) if m else None


class ArticleMap:
    """Article units by (title, number); ``pool`` gives (unit id, work title, work date, eId)."""

    def __init__(self, pool: Iterable[tuple[str, str, str | None, str]]) -> None:
        newest: dict[str, str | None] = {}
        rows: dict[tuple[str, str | None], dict[int, str]] = {}
        for unit, title, date, eid in pool:
            m = _ARTICLE_EID.search(eid)
            if m is None or "@" in unit:
                continue
            title = norm_title(title)
            rows.setdefault((title, date), {}).setdefault(int(m.group(1)), unit)
            if title not in newest or (date or "") > (newest[title] or ""):
                newest[title] = date
        self._articles = {title: rows[(title, date)] for title, date in newest.items()}

    def _work(self, title: str) -> dict[int, str] | None:
        for candidate in (title, _PRC + title, title.removeprefix(_PRC)):
            if candidate in self._articles:
                return self._articles[candidate]
        return None

    def unit(self, name: str) -> str | None:
        ref = article_ref(name)
        if ref is None:
            return None
        work = self._work(ref[0])
        return work.get(ref[1]) if work else None

    def relevant(self, question: StardQuestion) -> tuple[set[str], int]:
        """The question's article units, and how many of its articles the pool lacks."""
        units = {self.unit(a) for a in question.articles}
        missing = sum(1 for a in question.articles if self.unit(a) is None)
        return {u for u in units if u}, missing


def training_pairs(pool: Iterable[tuple[str, str, str | None, str]],
                   questions: Iterable[StardQuestion] | None = None) -> list[tuple[str, str]]:
    """(unit id, question) for each article of ``pool`` (as :class:`ArticleMap` takes it) that a
    question names: what a build learns from (:mod:`index.learned`). The questions are STARD's
    train split unless given (a part of it, to cross-validate): the dev split is the test."""
    articles = ArticleMap(pool)
    asked = load_stard(split="train") if questions is None else questions
    return [(unit, question.q) for question in asked for unit in sorted(articles.relevant(question)[0])]


@dataclass(frozen=True)
class StardFigures:
    system: str
    questions: int
    recall: dict[int, float]
    mrr10: float

    def as_json(self) -> dict[str, object]:
        return {"system": self.system, "questions": self.questions,
                **{f"recall@{k}": round(v, 3) for k, v in self.recall.items()}, "mrr@10": round(self.mrr10, 3)}

    def row(self) -> str:
        return f"| {self.system} | " + " | ".join(f"{self.recall[k]:.3f}" for k in KS) + f" | {self.mrr10:.3f} |"


def evaluate_rankings(system: str, questions: Sequence[StardQuestion], articles: ArticleMap,
                      rank: Callable[[str], list[str]]) -> StardFigures:
    """Recall@1/5/10/100 and MRR@10 of ``rank`` (a question -> unit ids, best first)."""
    recall = {k: 0.0 for k in KS}
    mrr = 0.0
    for question in questions:
        relevant, missing = articles.relevant(question)
        wanted = len(relevant) + missing
        ranking = rank(question.q)[:max(KS)]
        for k in KS:
            recall[k] += len(relevant & set(ranking[:k])) / wanted if wanted else 0.0
        first = next((i for i, u in enumerate(ranking[:10]) if u in relevant), None)
        mrr += 1.0 / (first + 1) if first is not None else 0.0
    n = len(questions) or 1
    return StardFigures(system, len(questions), {k: v / n for k, v in recall.items()}, mrr / n)


def table(figures: Iterable[StardFigures]) -> str:
    head = "| system | " + " | ".join(f"R@{k}" for k in KS) + " | MRR@10 |"
    return "\n".join([head, "|---|" + "---|" * (len(KS) + 1), *(f.row() for f in figures)])


def evaluate_stard(engine: SearchEngine, split: str = "dev", modes: Iterable[str] = ("keyword", "semantic", "hybrid"),
                   baseline: bool = True) -> tuple[list[StardFigures], dict[str, int]]:
    """STARD's ``split`` over a build: each search mode (the first 100 hits, every current
    text whatever its status), and plain BM25 over the same units' texts in the same run;
    with how many of the split's articles the build holds."""
    from index.bm25 import BM25

    questions = load_stard(split=split)
    units = list(engine.units.values())
    articles = ArticleMap((u.id, u.title, u.date, u.eid) for u in units)
    lacking = sum(articles.relevant(q)[1] for q in questions)
    coverage = {"questions": len(questions), "articles": sum(len(q.articles) for q in questions),
                "articles_lacking": lacking}
    figures = []
    if baseline:
        import jieba

        tokenizer = jieba.Tokenizer()  # jieba's own dictionary: the baseline knows nothing of the build
        current = [u for u in units if u.current]
        bm25 = BM25([tokenizer.lcut(u.text) for u in current])
        ids = [u.id for u in current]
        figures.append(evaluate_rankings("plain BM25 (jieba, k1 1.2, b 0.75)", questions, articles,
                                         lambda q: [ids[r] for r in bm25.top(tokenizer.lcut(q), max(KS))]))
    everything = Filters(any_status=True)
    for mode in modes:
        figures.append(evaluate_rankings(
            mode, questions, articles,
            lambda q, mode=mode: [h["id"] for h in engine.search(q, k=max(KS), mode=mode, filters=everything).hits]))
    return figures, coverage
