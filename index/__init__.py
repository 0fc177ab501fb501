"""Search indexes built from the records: keyword (whoosh + jieba) and semantic (faiss).

``build_indexes(folder, documents, lifecycle, versions, encoder, cache)`` writes, in one
folder: ``units.jsonl`` (what is indexed, inspectable), ``userdict.txt`` (the legal terms
harvested for jieba), ``keyword/`` (whoosh) or ``keyword-tantivy/`` (tantivy, named in
``keyword.json``), ``gloss/`` (the English glosses), ``vectors.faiss`` + ``vectors.json`` +
``vectors.keys`` (each row's text key, so that the next build can extend the graph),
``units.sqlite`` (the units by id, read by a server as it needs them), ``readings/`` (the
English readings, embedded, less their mean), ``english_mean.json`` (the mean English
question vector, taken out of an English question's before it searches:
:mod:`index.english_mean`), ``reading_map.npy`` + ``reading_map.json`` (the rotation from
the readings to the Chinese windows, fitted on the corpus: :mod:`index.reading_map`),
``learned/`` (BM25 with the questions each unit answered, and the question words' associations:
:mod:`index.learned`; only where the build holds articles such questions name), ``terms.*``,
``related.json`` and ``format.json`` (:data:`INDEX_FORMAT`, the layout of
all of these: an index of another format is refused with a message to rebuild it, rather
than read through branches for older layouts).

The keyword engine is chosen by ``keyword_engine``: whoosh, tantivy, or auto (whoosh up to
``TANTIVY_ABOVE`` units, tantivy past it, where whoosh's query time grows to hundreds of
milliseconds). Both read the same jieba tokens and answer through the same interface
(:func:`open_keyword`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import importlib
from typing import TYPE_CHECKING, Any

from parser.records import Document, Lifecycle, Version

from .units import Unit, build_units

if TYPE_CHECKING:
    from .analysed import Analysed, Memo
    from .encoders import Encoder
    from .vectors import EmbeddingCache

#: Public names defined in submodules, imported when first used (PEP 562): the command line
#: starts without loading whoosh, jieba, faiss or an encoder.
_EXPORTS = {
    "harvest_terms": ".analysis", "write_user_dict": ".analysis", "E5Encoder": ".encoders", "Encoder": ".encoders",
    "EncoderError": ".encoders",
    "SentenceTransformerEncoder": ".encoders", "encoder_from_spec": ".encoders", "RRF_K": ".fusion", "rrf": ".fusion",
    "KeywordIndex": ".keyword", "load_related": ".related", "GlossIndex": ".glosses",
    "EmbeddingCache": ".vectors", "EncoderMismatch": ".vectors", "VectorIndex": ".vectors",
    "TantivyKeywordIndex": ".tantivy_keyword", "UnitTable": ".unit_table",
}

#: Keyword engines, and the size past which ``auto`` takes tantivy.
KEYWORD_ENGINES = ("auto", "whoosh", "tantivy")
TANTIVY_ABOVE = 20_000
_KEYWORD_DIRS = {"whoosh": "keyword", "tantivy": "keyword-tantivy"}
#: The vector index of the units' English readings (:func:`index.glosses.reading`), beside the
#: index of their Chinese windows: an English question meets English there.
READINGS_DIR = "readings"


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "IndexReport",
    "build_indexes",
    "build_keyword",
    "open_keyword",
    "INDEX_FORMAT",
    "IndexFormatError",
    "check_format",
    "keyword_engine_for",
    "KEYWORD_ENGINES",
    "TANTIVY_ABOVE",
    "READINGS_DIR",
    "load_units",
    "Unit",
    "KeywordIndex",
    "VectorIndex",
    "EmbeddingCache",
    "Encoder",
    "E5Encoder",
    "SentenceTransformerEncoder",
    "encoder_from_spec",
    "EncoderError",
    "EncoderMismatch",
    "rrf",
    "RRF_K",
]


@dataclass(frozen=True)
class IndexReport:
    units: int
    terms: int
    vectors: int
    embedded: int
    cached: int
    keyword_seconds: float
    semantic_seconds: float
    keyword_engine: str = "whoosh"
    analysed_words: int = 0  # units whose words were analysed anew (not from the memo)
    analysed_glosses: int = 0  # units glossed anew
    extended: bool = False  # the vector graph of the previous build was extended, not built anew
    steps: tuple[tuple[str, float], ...] = ()  # (step, seconds): units, dictionary, analysis, keyword, …
    readings: int = 0  # English readings of the units in their own vector index (one vector each)
    learned: int = 0  # (unit, question) pairs the learned ranking learned from (index.learned)


def keyword_engine_for(choice: str, units: int) -> str:
    """The engine ``choice`` (auto, whoosh, tantivy) means for an index of ``units`` units."""
    if choice not in KEYWORD_ENGINES:
        raise ValueError(f"keyword engine must be one of {', '.join(KEYWORD_ENGINES)}, not {choice!r}")
    return ("tantivy" if units > TANTIVY_ABOVE else "whoosh") if choice == "auto" else choice


def build_keyword(folder: Path, units: list[Unit], engine: str, analysed: list[Analysed] | None = None) -> None:
    """Write the keyword index of ``engine`` and name it in ``keyword.json``. tantivy takes
    the units' words from ``analysed`` when given; whoosh (small corpora) segments them as it
    indexes."""
    if engine == "tantivy":
        from .tantivy_keyword import TantivyKeywordIndex

        TantivyKeywordIndex.build(folder / _KEYWORD_DIRS[engine], units, folder / "userdict.txt", analysed)
    else:
        from .keyword import KeywordIndex

        KeywordIndex.build(folder / _KEYWORD_DIRS[engine], units, folder / "userdict.txt")
    (folder / "keyword.json").write_text(json.dumps({"engine": engine}) + "\n", encoding="utf-8")


#: The layout of an index folder; raised whenever a file is added, renamed or read otherwise.
#: Format 1: every file above (units.sqlite, keyword.json, the gloss weights, the readings,
#: the English mean, the reading map, the vector keys). Format 2: each unit's level (效力级别).
#: Format 3: ``learned/`` (:mod:`index.learned`), where the build holds articles asked about.
INDEX_FORMAT = 3


class IndexFormatError(RuntimeError):
    """An index folder written in another layout than this code reads."""


def write_format(folder: Path) -> None:
    (folder / "format.json").write_text(json.dumps({"format": INDEX_FORMAT}) + "\n", encoding="utf-8")


def check_format(folder: Path) -> None:
    """Refuse an index folder of another format, saying what to do."""
    try:
        found = json.loads((folder / "format.json").read_text(encoding="utf-8"))["format"]
    except (OSError, ValueError, KeyError, TypeError):
        found = None
    if found != INDEX_FORMAT:
        written = "older than 1" if found is None else found
        raise IndexFormatError(f"the search index in {folder.parent} is of format {written}; this version reads "
                               f"format {INDEX_FORMAT}: run `gazette build` to rebuild it")


def open_keyword(folder: Path) -> Any:
    """The keyword index of a build's index folder, whichever engine wrote it (``keyword.json``)."""
    engine = json.loads((folder / "keyword.json").read_text(encoding="utf-8"))["engine"]
    if engine == "tantivy":
        from .tantivy_keyword import TantivyKeywordIndex

        return TantivyKeywordIndex(folder / _KEYWORD_DIRS[engine])
    from .keyword import KeywordIndex

    return KeywordIndex(folder / _KEYWORD_DIRS["whoosh"])


def build_indexes(folder: Path, documents: Iterable[Document], lifecycle: dict[str, Lifecycle],
                  versions: Iterable[Version], encoder: Encoder, cache: EmbeddingCache,
                  progress: Callable[[int, int], None] = lambda done, total: None,
                  keyword_engine: str = "auto", memo: Memo | None = None, memo_version: str = "",
                  report: Callable[[str], None] = lambda _: None, previous: Path | None = None,
                  questions: Callable[[list[Unit]], Sequence[tuple[str, str]]] = lambda units: ()) -> IndexReport:
    """Write every index of ``documents`` into ``folder``. With a ``memo`` (the build's stage
    cache) each document's words and glosses are analysed only when they changed
    (:mod:`index.analysed`; ``memo_version`` names the code that analyses them). With the
    index folder of the ``previous`` build, an archive's vector graph is extended with the new
    windows instead of built anew, and only the related provisions they can change are
    searched again (:mod:`index.vectors`, :mod:`index.related`). ``questions`` gives, for the
    units, (unit id, a question it answered): what the learned ranking learns from
    (:mod:`index.learned`; none, none written)."""
    from .analysed import analyse, corpus_terms
    from .analysis import user_words, write_user_dict
    from .english_mean import english_mean, write_mean
    from .glosses import GLOSS_DIR, GlossIndex
    from .learned import LEARNED_DIR, LearnedIndex
    from .reading_map import fit_map, write_map
    from .related import build_related
    from .unit_table import write_units
    from .vectors import VectorIndex, read_in_english

    folder.mkdir(parents=True, exist_ok=True)
    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = round(now - clock, 3)
        clock = now

    documents = list(documents)
    units = build_units(documents, lifecycle, versions)
    write_units(folder, units)
    step("units")
    terms = corpus_terms(documents, memo, memo_version)
    dictionary = user_words(terms)
    write_user_dict(folder / "userdict.txt", dictionary)
    step("dictionary")
    analysed, counts = analyse(units, folder / "userdict.txt", dictionary, memo, memo_version, report)
    step("analysis")
    engine = keyword_engine_for(keyword_engine, len(units))
    build_keyword(folder, units, engine, analysed)
    step("keyword")
    GlossIndex.build(folder / GLOSS_DIR, units, analysed, engine)
    step("gloss")
    pairs = questions(units)
    if pairs:
        report("learning from the questions the units answered")
    learned = LearnedIndex.build(folder / LEARNED_DIR, [(u.id, u.text) for u in units], pairs)
    step("learned")
    stats = VectorIndex.build(folder, units, encoder, cache, progress, previous=previous)
    step("vectors")
    english = read_in_english(units)
    read = [(unit, analysis.reading) for unit, analysis, wanted in zip(units, analysed, english, strict=True)
            if wanted and analysis.reading]
    reading_stats = VectorIndex.build_passages(
        folder / READINGS_DIR, [text for _, text in read], [unit.id for unit, _ in read], [0] * len(read), encoder,
        cache, progress, previous=previous / READINGS_DIR if previous is not None else None, centre=True)
    step("readings")
    # the mean English vector (the glossary's English phrases, embedded once per encoder and cached; not counted
    # among the vectors and readings the build reports)
    write_mean(folder, encoder, english_mean(encoder, cache)[0])
    step("english_mean")
    write_map(folder, encoder, *fit_map(folder / READINGS_DIR, folder))
    step("reading_map")
    build_related(folder, documents, previous=previous if stats.extended else None)
    step("related")
    write_format(folder)
    keyword_seconds = sum(steps[name] for name in ("dictionary", "analysis", "keyword", "gloss"))
    semantic_seconds = sum(steps[name] for name in ("vectors", "readings", "english_mean", "reading_map", "related"))
    return IndexReport(len(units), len(terms), stats.vectors, stats.embedded + reading_stats.embedded,
                       stats.cached + reading_stats.cached, keyword_seconds, semantic_seconds, engine, counts.words,
                       counts.glosses, stats.extended, tuple(steps.items()), reading_stats.vectors, learned)


def load_units(folder: Path) -> list[Unit]:
    with (folder / "units.jsonl").open(encoding="utf-8") as lines:
        return [Unit.from_json(line) for line in lines]
