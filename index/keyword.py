"""Keyword index: whoosh (BM25F) over title, headings and text, with the jieba analyzer.

Field boosts: title 2.0, headings 1.5, text 1.0 (a query word in a document's title or
an article's heading says more than one in its text). Queries in whoosh syntax work for
power users (phrases "…", AND/OR/NOT, title:物业); a plain question is read as OR of its
words, scored by BM25F (Robertson & Zaragoza 2009, as whoosh implements it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import Query

from .analysis import analyzer
from .idf import idf
from .units import Unit

__all__ = ["KeywordIndex", "FIELD_BOOSTS"]

FIELD_BOOSTS = {"title": 2.0, "headings": 1.5, "text": 1.0}
MAX_DF = 0.1  # share of the units a query word may stand in and still count
_OPERATORS = (" AND ", " OR ", " NOT ", '"', ":", "(", ")")


class KeywordIndex:
    """A whoosh index in a folder. ``build`` writes it; the constructor opens it."""

    def __init__(self, folder: Path, fields: tuple[str, ...] = ("headings", "text")) -> None:
        self.folder = folder
        self._index = whoosh_index.open_dir(str(folder))
        # whoosh unpickles the schema on every access: keep one, so jieba loads once
        self.schema = self._index.schema
        self.analyzer = self.schema["text"].analyzer
        self.fields = fields
        self._reader = self._index.reader()
        self._lock = threading.Lock()  # the reader is shared by the threads of a server
        self._local = threading.local()
        self._doc_count = max(1, self._reader.doc_count())
        self._ids = {doc: fields["id"] for doc, fields in self._reader.iter_docs()}  # docnum -> unit id

    @staticmethod
    def build(folder: Path, units: Iterable[Unit], user_dict: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        shared = analyzer(str(user_dict))  # one analyzer for all fields: one jieba dictionary in memory
        schema = Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=shared, field_boost=FIELD_BOOSTS["title"]),
            headings=TEXT(analyzer=shared, field_boost=FIELD_BOOSTS["headings"]),
            text=TEXT(analyzer=shared, field_boost=FIELD_BOOSTS["text"]),
            doc=STORED,
        )
        ix = whoosh_index.create_in(str(folder), schema)
        writer = ix.writer(limitmb=256)
        for unit in units:
            writer.add_document(id=unit.id, title=unit.title, headings=" ".join((*unit.path, unit.label)),
                                text=unit.words, doc=unit.document)
        writer.commit()

    def parse(self, query: str) -> Query:
        parser = MultifieldParser(list(self.fields), schema=self.schema,
                                  group=OrGroup.factory(0.9))
        if not any(op in query for op in _OPERATORS):
            # a plain question: no syntax, so characters such as ? or * are not operators
            query = " ".join(self._selective(t.text for t in self.analyzer(query))) or query
        return parser.parse(query)

    def _selective(self, terms: Iterable[str]) -> list[str]:
        """Drop words that stand in more than MAX_DF of the units (管理, 工作 …): they match
        most of the index, cost most of the time and rank nothing (at least one word stays)."""
        terms = list(dict.fromkeys(terms))
        limit = MAX_DF * self._doc_count
        with self._lock:
            kept = [t for t in terms if self._doc_frequency(t) <= limit]
        return kept or terms[:1]

    def _doc_frequency(self, term: str) -> int:
        return max((self._reader.doc_frequency(field, term) for field in self.fields), default=0)

    def search(self, query: str, limit: int = 200) -> list[tuple[str, float]]:
        """(unit id, BM25F score), best first."""
        parsed = self.parse(query)
        return [(hit["id"], float(hit.score)) for hit in self._searcher().search(parsed, limit=limit)]

    def _searcher(self) -> Any:
        """This thread's searcher: whoosh searchers are not shared between threads, and
        opening one per query costs a quarter of the query."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._index.searcher(weighting=scoring.BM25F())
            self._local.searcher = searcher
        return searcher

    def search_terms(self, terms: list[str], limit: int = 200) -> list[tuple[str, float]]:
        """(unit id, score) for units holding any of these index terms, taken as they are (no
        analysis: the terms come from the index's own vocabulary); the score is the sum of the
        idf of the terms a unit holds (Robertson–Spärck Jones idf). Read straight from the
        postings, without whoosh's query machinery: a few small lists, well under a millisecond."""
        scores: dict[int, float] = {}
        with self._lock:
            for term in dict.fromkeys(terms):
                docs: set[int] = set()
                for field in self.fields:
                    if (field, term) in self._reader:
                        docs.update(self._reader.postings(field, term).all_ids())
                if not docs:
                    continue
                weight = float(idf(self._doc_count, len(docs)))
                for doc in docs:
                    scores[doc] = scores.get(doc, 0.0) + weight
            ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
            return [(self._ids[doc], score) for doc, score in ranked]

    def terms(self, text: str) -> list[str]:
        return [t.text for t in self.analyzer(text)]

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
        self._reader.close()
        self._index.close()
