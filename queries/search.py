"""Search: keyword, semantic and hybrid, with filters and highlighted snippets.

``SearchEngine(build_dir)`` loads the indexes and the encoder once; ``search`` is then
read-only, so one engine can serve many threads (each encoder of its pool serves one
thread at a time; whoosh searchers are opened per call; faiss searches are read-only).

* keyword: BM25F over title, headings and text (:mod:`index.keyword`);
* semantic: cosine of E5 embeddings, best window per unit (:mod:`index.vectors`); an English
  question's vector less the mean English vector (:mod:`index.english_mean`) and, in
  semantic mode, moved half-way to where the corpus's map from English readings to Chinese
  texts carries it (:mod:`index.reading_map`);
* hybrid: reciprocal-rank fusion of the two (:mod:`index.fusion`); an English question is
  also searched by keyword through the glossary's Chinese terms (:mod:`index.glossary`),
  against the English glosses of the texts (:mod:`index.glosses`) and against their
  English readings, embedded: four rankings fused.

Filters apply before fusion: document type, issuer, date range (of the document), and
status on a date (default: in force today). ``any_status`` lifts the status filter;
``old_versions`` adds the earlier texts of amended works.
"""

from __future__ import annotations

import queue
import re
import threading
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from index import READINGS_DIR, Unit, VectorIndex, check_format, encoder_from_spec, open_keyword, rrf
from index.unit_table import UnitTable
from index.encoders import Encoder
from index.english_mean import centred, load_mean
from index.reading_map import load_map, towards_chinese
from index.fusion import Fusion
from index.engines import KeywordEngine, VectorEngine
from index.learned import LEARNED_DIR, LearnedIndex
from index.glossary import glossary
from index.glosses import GLOSS_DIR, GlossIndex, matched_words
from parser.lifecycle import status_on
from parser.records import Lifecycle

from .answer_type import asks_quantity, states_quantity
from .modes import Mode
from .history import valid_until
from .records import Hit
from .documents import provision_url

__all__ = ["Filters", "SearchEngine", "SearchResult", "QueryError", "NothingToSearch", "MODES", "MAX_QUERY",
           "unit_status", "short_citation"]

MODES = tuple(m.value for m in Mode)
MAX_QUERY = 200  # characters; longer queries are cut, with a warning
_GLOSSED_HITS = 20  # hits of an English question that carry the English of their matched words
_VECTOR_CACHE = 512
_CJK = re.compile(r"[\u3400-\u9fff]")


class QueryError(ValueError):
    """A query that cannot be searched (empty, only punctuation): say why."""


class NothingToSearch(QueryError):
    """The query is blank or has only punctuation and symbols: nothing can match it."""


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # 效力级别 (any of): 法律, 行政法规, …, 规范性文件
    issuer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    as_of: str | None = None  # in force on this date; default today
    any_status: bool = False  # also repealed, expired and not yet in force
    old_versions: bool = False  # also the earlier texts of amended works
    units: frozenset[str] | None = None  # only these units (ids without @version), e.g. of one agency
    documents: frozenset[str] | None = None  # only the units of these documents

    @classmethod
    def everything(cls, **kwargs: Any) -> Filters:
        return cls(any_status=True, old_versions=True, **kwargs)

    def admits(self, unit: Unit, today: str) -> bool:
        if self.types and unit.doc_type not in self.types:
            return False
        if self.levels and unit.level not in self.levels:
            return False
        if self.issuer and self.issuer not in unit.issuer:
            return False
        if self.date_from and (unit.date or "") < self.date_from:
            return False
        if self.date_to and (unit.date or "9999") > self.date_to:
            return False
        if self.units is not None and unit.id.split("@", 1)[0] not in self.units:
            return False
        if self.documents is not None and unit.document not in self.documents:
            return False
        if self.any_status and self.old_versions:
            return True
        if self.any_status:
            return unit.current
        day = self.as_of or today
        if unit.repealed and day >= unit.repealed:
            return False
        if unit.effective and day < unit.effective:
            return False
        if unit.expires and day > unit.expires:
            return False
        # the text of that day: an earlier version, or the current one once in force
        return (unit.valid_from or "") <= day < (unit.valid_to or "9999")


@dataclass
class SearchResult:
    query: str
    mode: str
    hits: list[Hit]
    warnings: list[str] = field(default_factory=list)
    total: int = 0
    expansion: list[str] = field(default_factory=list)  # Chinese terms an English query was searched by
    # an English query as embedded to search the Chinese texts, where the glossary put its
    # terms in place of their renderings (index.glossary.Glossary.substituted); else None
    substituted: str | None = None
    hidden: int = 0  # matching provisions of texts the filters' day leaves out (not in force)

    @property
    def glosses(self) -> dict[str, list[str]]:
        """The English of each Chinese term an English query was searched by (the glossary's
        renderings), for a reader to see why a Chinese text matched."""
        renderings = glossary().renderings
        return {term: list(renderings.get(term, ()))[:3] for term in self.expansion}

    def as_json(self) -> dict[str, object]:
        """The result as the CLI prints it and the API sends it."""
        return {"query": self.query, "mode": self.mode, "hits": self.hits, "warnings": self.warnings,
                "total": self.total, "expansion": self.expansion, "glosses": self.glosses,
                "substituted": self.substituted, "hidden": self.hidden}


def unit_status(unit: Unit, day: str) -> str:
    """in_force, not_yet_in_force, expired, repealed, or amended (an earlier text of a work)."""
    if not unit.current and unit.valid_to is not None and day >= unit.valid_to:
        return "amended"
    return status_on(Lifecycle(unit.document, unit.effective, "", unit.expires, unit.repealed, None), day)


def short_citation(unit: Unit) -> str:
    """《title》 and the unit's pinpoint: 《城市供水条例》第七条."""
    return f"《{unit.title}》{unit.pinpoint or unit.label}"


def _searchable(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


class SearchEngine:
    def __init__(self, build_dir: Path, encoder: Encoder | None = None, fusion: Fusion = Fusion(),
                 encoders: int = 1, vector_cache: int = _VECTOR_CACHE, backend: str | None = None) -> None:
        """``fusion``: the weights, k and candidate counts of the fusion (:class:`index.fusion.Fusion`).
        ``backend``: a Milvus URI (:mod:`index.milvus_backend`) to search instead of the
        build's own keyword and vector indexes; the units, filters and fusion stay local."""
        folder = build_dir / "index"
        if not (folder / "units.jsonl").exists():
            raise FileNotFoundError(f"no search index in {build_dir}: run `gazette build` (without --no-index)")
        check_format(folder)
        self.units: Any = UnitTable(folder)  # read from disk as searches need them (index.unit_table)
        if backend:
            from index.milvus_backend import MilvusKeyword, MilvusVectors, parse_backend

            where = parse_backend(backend)
            self.keyword: KeywordEngine = MilvusKeyword(where, folder / "userdict.txt")
            self.vectors: VectorEngine = MilvusVectors(where, folder)
        else:
            self.keyword = open_keyword(folder)
            self.vectors = VectorIndex(folder)
        self.encoder = encoder if encoder is not None else encoder_from_spec(self.vectors.encoder_spec)
        self.vectors.check(self.encoder)
        # A pool of encoders lets a server embed several queries at once (each is called by
        # one thread at a time: its engine is not known to be thread-safe).
        self._pool: queue.SimpleQueue[Encoder] = queue.SimpleQueue()
        self._pool.put(self.encoder)
        for _ in range(max(0, encoders - 1) if encoder is None else 0):  # an encoder given is used alone
            self._pool.put(encoder_from_spec(self.vectors.encoder_spec))
        self.fusion = fusion
        # the ranking learned from questions and the articles that answered them (index.learned)
        self.learned = LearnedIndex(folder / LEARNED_DIR) if (folder / LEARNED_DIR / "learned.json").exists() \
            else None
        self.glosses = GlossIndex(folder / GLOSS_DIR) if (folder / GLOSS_DIR).is_dir() else None
        # the units' English readings, embedded (local even with a Milvus backend)
        self.readings = VectorIndex(folder / READINGS_DIR) if (folder / READINGS_DIR / "vectors.json").exists() \
            else None
        if self.readings is not None:
            self.readings.check(self.encoder)
        # the mean English question vector, taken out of an English question's before it searches
        self.english_mean = load_mean(folder, self.encoder)
        self.reading_map = load_map(folder, self.encoder)
        self._cache_lock = threading.Lock()
        self._vectors: dict[str, Any] = {}  # query -> embedding, oldest first (guarded by the lock)
        self._vector_cache = vector_cache

    def warm(self) -> None:
        """Load what the first query would otherwise load (the analyzer's dictionary, the
        encoder's session): about 0.8 s, paid at start-up instead of by the first user."""
        self.keyword.terms("二次供水")
        self.encoder.queries(["二次供水"])
        glossary().terms("secondary water")

    def close(self) -> None:
        if isinstance(self.units, UnitTable):
            self.units.close()
        self.keyword.close()
        if hasattr(self.vectors, "close"):
            self.vectors.close()
        if self.glosses is not None:
            self.glosses.close()

    # --- retrieval ----------------------------------------------------------------

    def semantic_ranking(self, query: str, vector: Any = None) -> list[str]:
        vector = self._query_vector(query) if vector is None else vector
        return [unit for unit, _ in self.vectors.search(vector, limit=self.fusion.semantic_candidates)]

    def _less_english(self, vector: Any) -> Any:
        """An English question's vector less the mean English question's (index.english_mean);
        as it is for a build without that mean."""
        return vector if self.english_mean is None else centred(vector, self.english_mean)

    def _query_vector(self, query: str) -> Any:
        """The query's embedding; the last few hundred are kept (people repeat questions)."""
        with self._cache_lock:
            vector = self._vectors.get(query)
        if vector is not None:
            return vector
        encoder = self._pool.get()
        try:
            vector = encoder.queries([query])[0]
        finally:
            self._pool.put(encoder)
        with self._cache_lock:
            self._vectors[query] = vector
            while len(self._vectors) > self._vector_cache:
                self._vectors.pop(next(iter(self._vectors)))
        return vector

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters = Filters(),
               today: str | None = None, explain: bool = False) -> SearchResult:
        """The k best provisions for ``query``. ``explain``: each of the first hits of an English
        query also carries the English of the Chinese words its words meet (``matched``)."""
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
        warnings = []
        text = " ".join(query.split())
        if not text:
            raise NothingToSearch("empty query: type some words, e.g. 二次供水 or 'who inspects secondary water'")
        if len(text) > MAX_QUERY:
            text = text[:MAX_QUERY]
            warnings.append(f"query cut to its first {MAX_QUERY} characters")
        if not _searchable(text):
            raise NothingToSearch("the query has only punctuation or symbols: nothing to search for")
        today = today or date.today().isoformat()
        chinese = bool(_CJK.search(text))
        expansion: list[str] = []
        substituted = text
        vector = self._query_vector(text) if mode in ("semantic", "hybrid") else None
        if mode == "hybrid" and not chinese:
            # The texts are Chinese: an English query reaches the keyword index through the
            # glossary's terms whose English stands in it (index.glossary).
            expansion = glossary().terms(text)
            # and by meaning with its multi-word renderings in Chinese where the glossary has
            # them ("who signs the 门前三包 agreement"): the Chinese term lies nearer the texts
            # that use it than its English does (the English still searches the readings)
            substituted = glossary().substituted(text)
        keyword_hits: list[tuple[str, float]] = []
        if expansion:
            keyword_hits = self.keyword.search_terms(expansion, limit=self.fusion.candidates)
        elif mode == "keyword" or (mode == "hybrid" and chinese):
            keyword_hits = self.keyword.search(text, limit=self.fusion.candidates)
        keyword = [unit for unit, _ in keyword_hits]
        vector_of_substituted = vector
        if vector is not None and not chinese:
            # an English question's vectors less what says "English" (index.english_mean)
            vector = self._less_english(vector)
            vector_of_substituted = vector if substituted == text else \
                self._less_english(self._query_vector(substituted))
            if mode == "semantic" and self.reading_map is not None:
                # with no readings ranking beside it, half-way to where the map from the
                # readings to the Chinese texts carries it (index.reading_map)
                vector_of_substituted = towards_chinese(vector, self.reading_map)
        semantic = [] if vector is None else self.semantic_ranking(substituted, vector_of_substituted)
        # and the English words of an English query against the English glosses of the texts
        glossed = (self.glosses.search(text, self.fusion.candidates) if mode == "hybrid" and not chinese
                   and self.glosses is not None else [])
        # and its embedding against the English readings of the texts
        read = ([u for u, _ in self.readings.search(vector, limit=self.fusion.candidates)]
                if mode == "hybrid" and not chinese and self.readings is not None else [])
        # and a Chinese question by what earlier questions and their articles taught (index.learned)
        learned = (self.learned.search(text, self.fusion.candidates)
                   if mode == "hybrid" and chinese and self.learned is not None else [])
        rankings = (keyword, semantic, glossed, read, learned)
        # every candidate read at once (one query of the unit table), then looked up in memory
        candidates = self.units.load([u for ranking in rankings for u in ranking]) \
            if isinstance(self.units, UnitTable) else self.units
        admitted = [
            [u for u in ranking if (unit := candidates.get(u)) is not None and filters.admits(unit, today)]
            for ranking in rankings
        ]
        quantity = mode == "hybrid" and asks_quantity(text)
        fused, stating = self._rank(mode, chinese, keyword_hits, admitted, quantity)
        if mode == "keyword" and not fused and not chinese:
            warnings.append("no keyword match: the texts are in Chinese (try --mode semantic)")
        hidden = 0
        if not filters.any_status:
            # of the k best hits over every document's current text, those this day leaves out
            wider = replace(filters, any_status=True)
            widened = [[u for u in ranking if (unit := candidates.get(u)) is not None and wider.admits(unit, today)]
                       for ranking in rankings]
            shown = {u for u, _ in fused}
            hidden = sum(1 for u, _ in self._rank(mode, chinese, keyword_hits, widened, quantity)[0][:k]
                         if u not in shown)
            if hidden:
                warnings.append(f"{hidden} of the {k} best matches are in texts not in force on "
                                f"{filters.as_of or today} (repealed, expired or not yet in force) and are not "
                                "shown: add --all (API: all=true) to see them, marked with their status")
        terms = set(self.keyword.terms(text))
        rank_of = [{u: r for r, u in enumerate(ranking, start=1)} for ranking in (*admitted, stating)]
        hits: list[Hit] = []
        for n, (unit_id, score) in enumerate(fused[:k]):
            unit = self.units[unit_id]
            snippet, highlights = _snippet(unit.text, terms)
            # an English question: the words of the first hits' snippets its words meet, in English
            matched = ([list(pair) for pair in matched_words(text, snippet)]
                       if explain and not chinese and n < _GLOSSED_HITS else [])
            hits.append(Hit(**{
                "id": unit.id,
                "url": provision_url(unit.document, unit.eid),
                "document": {"id": unit.document, "title": unit.title, "type": unit.doc_type, "level": unit.level},
                "label": unit.label,
                "path": list(unit.path),
                "score": round(score, 6),
                "ranks": {"keyword": rank_of[0].get(unit_id), "semantic": rank_of[1].get(unit_id),
                          "gloss": rank_of[2].get(unit_id), "reading": rank_of[3].get(unit_id),
                          "quantity": rank_of[5].get(unit_id), "learned": rank_of[4].get(unit_id)},
                "snippet": snippet,
                "highlights": highlights,
                "current": unit.current,
                "status": unit_status(unit, filters.as_of or today),
                "citation": short_citation(unit),
                "text": unit.text,
                "valid_from": unit.valid_from,
                "valid_until": valid_until(unit.valid_to),  # the last day in force, inclusive
                "matched": matched,
            }))
        return SearchResult(query=text, mode=mode, hits=hits, warnings=warnings, total=len(fused),
                            expansion=expansion, substituted=None if substituted == text else substituted,
                            hidden=hidden)

    def _rank(self, mode: str, chinese: bool, keyword_hits: list[tuple[str, float]], admitted: list[list[str]],
              quantity: bool) -> tuple[list[tuple[str, float]], list[str]]:
        """The fused ranking (tables collapsed), and for a question asking for a quantity,
        the first ``fusion.quantity_candidates`` of it that state one, in order: a ranking
        fused in turn (at ``fusion.quantity``). Returns both."""
        fused = self._collapse_tables(self._fuse(mode, chinese, keyword_hits, admitted))
        if not quantity:
            return fused, []
        stating = [u for u, _ in fused[:self.fusion.quantity_candidates] if states_quantity(self.units[u].text)]
        scores = dict(fused)
        for rank, unit in enumerate(stating, start=1):
            scores[unit] += self.fusion.quantity / (self.fusion.k + rank)
        return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0])), stating

    def _collapse_tables(self, fused: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """A whole table only where none of its rows ranks above it: a row that answers is the
        more precise hit (and shows its table), so the two do not take two places."""
        seen_rows: set[tuple[str, str]] = set()
        kept = []
        for unit_id, score in fused:
            unit = self.units[unit_id]
            if unit.table and (unit.document, unit.eid) in seen_rows:
                continue
            if "__row_" in unit.eid:
                seen_rows.add((unit.document, unit.eid.rsplit("__row_", 1)[0]))
            kept.append((unit_id, score))
        return kept

    def _fuse(self, mode: str, chinese: bool, keyword_hits: list[tuple[str, float]],
              admitted: list[list[str]]) -> list[tuple[str, float]]:
        """One ranking from the admitted keyword, semantic, gloss, reading and learned rankings,
        as the mode asks."""
        if mode == "keyword":
            scores = dict(keyword_hits)
            return [(u, scores[u]) for u in admitted[0]]
        if mode == "semantic":
            return [(u, 1.0 / (self.fusion.k + r)) for r, u in enumerate(admitted[1], start=1)]
        f = self.fusion
        if chinese:
            return rrf([admitted[0], admitted[1][:f.candidates], admitted[4]], f.k, [f.keyword, 1.0, f.learned])
        return rrf([admitted[0], admitted[1][:f.candidates], admitted[2], admitted[3]], f.k,
                   [f.expansion, 1.0, f.gloss, f.reading])


_SNIPPET = 160


def _snippet(text: str, terms: set[str]) -> tuple[str, list[list[int]]]:
    """A window of the text around the first matching term; highlight offsets in it."""
    flat = text.replace("\n", " ")
    spans = []
    for term in sorted(terms, key=len, reverse=True):
        if len(term) < 2 and not term.isascii():
            continue
        for match in re.finditer(re.escape(term), flat, flags=re.IGNORECASE):
            if not any(s < match.end() and match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    spans.sort()
    start = max(0, spans[0][0] - 40) if spans else 0
    end = min(len(flat), start + _SNIPPET)
    snippet = ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
    shift = 1 if start else 0
    highlights = [[s - start + shift, e - start + shift] for s, e in spans if s >= start and e <= end]
    return snippet, highlights
