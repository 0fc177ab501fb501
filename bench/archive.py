"""Archive scale: the national and local laws of LawRefBook/Laws plus the real gazettes.

Usage: python bench/archive.py --laws PATH [--corpus corpus --corpus tests/real] [--repeat 3]
                               [--engines whoosh,tantivy] [--cache FILE]

PATH is a local copy of https://github.com/LawRefBook/Laws: a folder of its Markdown files
or a (bare) git clone, read with ``git show`` (nothing is fetched). Every Markdown text but
the cases becomes a document whose articles (第N条, with the chapter above) are search
units; the gazette files are parsed and cut into units as in a build. Reported, stage by
stage: documents, units, read and index build times, index sizes on disk, query latency
warm (the 95 gold questions × repeat), the time to open the indexes, and peak memory.

Vectors: the bundled e5 embeds about 13 units a second on 2 cores, three hours for this
archive, so the vectors here are synthetic: the real e5 vectors of the shipped corpus's
units (from the embedding cache, ``--cache``, when one is given; else that many random
ones), each copied with noise to the archive's size. Query vectors are real e5
embeddings of the gold questions. Latency and the recall@10 of the approximate (HNSW)
index against the exact one are measured on these; the ranking quality of an archive is
not.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import build_keyword, open_keyword, rrf  # noqa: E402
from index.unit_table import write_units  # noqa: E402
from index.analysis import harvest_terms, write_user_dict  # noqa: E402
from index.units import Unit, build_units  # noqa: E402
from index.vectors import approximate_index, exact_index  # noqa: E402
from parser.numerals import CN_DIGITS, cn_to_int  # noqa: E402
from queries.evaluate import load_gold  # noqa: E402
from tools.lawrefbook_corpus import read_commit, wanted  # noqa: E402


def law_files(laws: Path) -> list[tuple[str, str]]:
    """(path, Markdown) of every law text of the collection (cases, indexes, READMEs left out),
    chosen and read as tools/lawrefbook_corpus.py reads them."""
    if (laws / ".git").exists() or (laws / "HEAD").exists():
        return read_commit(laws, "HEAD")[1]
    return [(str(p.relative_to(laws)), p.read_text(encoding="utf-8", errors="replace"))
            for p in sorted(laws.rglob("*.md")) if wanted(str(p.relative_to(laws)))]


def law_units(path: str, markdown: str) -> list[Unit]:
    """One unit per article of a LawRefBook text, with its chapter as context."""
    lines = [line.strip() for line in markdown.splitlines()]
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), Path(path).stem)
    units, chapter, article, body = [], "", None, []

    def flush() -> None:
        if article is not None and body:
            number = cn_to_int(article)
            units.append(Unit(id=f"law/{path}/art_{number}", document=f"law/{path}", eid=f"art_{number}",
                              title=title, doc_type="law", issuer="", date=None, label=f"第{article}条",
                              path=(chapter,) if chapter else (), text="\n".join(body), effective=None,
                              expires=None, repealed=None))

    for line in lines:
        if line.startswith("## "):
            flush()
            article, body, chapter = None, [], line[3:].strip()
        elif line.startswith("第") and "条" in line[:12]:
            head = line[1:line.index("条")]
            if head and all(ch in CN_DIGITS for ch in head):
                flush()
                article, body = head, [line]
                continue
            if article is not None:
                body.append(line)
        elif line and article is not None and not line.startswith(("<!--", "#")):
            body.append(line)
    flush()
    return units


def gazette_units(corpora: list[Path]) -> tuple[list[Unit], int]:
    from gazette.build import parse_sources, read_corpus
    from parser.history import build_history
    from parser.lifecycle import lifecycles

    files = [f for corpus in corpora for f in read_corpus(corpus).files]
    documents = [d for g in parse_sources(files, lambda _: None).gazettes for d in g.documents]
    history = build_history(documents)
    return build_units(documents, lifecycles(documents), history.versions), len(documents)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def quantiles(times: list[float]) -> str:
    ordered = sorted(times)
    return (f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:.1f} ms"
            f" over {len(ordered)} queries")


def time_queries(gold: list, repeat: int, keyword_search, semantic_search) -> tuple[list[float], list[float]]:
    """Warm latency of each gold question, keyword alone and hybrid (the query embedded, the
    keyword and semantic rankings fused by RRF as the search engine fuses them)."""
    keyword_times, hybrid_times = [], []
    for _ in range(repeat):
        for question in gold:
            started = time.perf_counter()
            keyword_search(question.q)
            keyword_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            semantic = semantic_search(question.q)
            rrf([keyword_search(question.q), semantic], 5, [0.3, 1.0])
            hybrid_times.append(time.perf_counter() - started)
    return keyword_times, hybrid_times


def real_vectors(cache: Path | None, count: int, dim: int) -> np.ndarray:
    if cache is not None and cache.exists():
        import sqlite3

        rows = sqlite3.connect(cache).execute("SELECT vector FROM embeddings LIMIT ?", (count,)).fetchall()
        vectors = [np.frombuffer(r[0], dtype=np.float32) for r in rows]
        vectors = [v for v in vectors if v.shape == (dim,)]
        if vectors:
            return np.vstack(vectors)
    return np.random.default_rng(1).normal(size=(count, dim)).astype(np.float32)


_SERVE_PROBE = """
import resource, sys, time
started = time.perf_counter()
from queries.search import Filters, SearchEngine
engine = SearchEngine(__import__("pathlib").Path(sys.argv[1]))
engine.warm()  # as the server does before its first request
loaded = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
hits = engine.search("二次供水设施由谁维护", k=10, filters=Filters(any_status=True)).hits
first = time.perf_counter() - started
started = time.perf_counter()
engine.search("who inspects secondary water", k=10, filters=Filters(any_status=True))
second = time.perf_counter() - started
def resident():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
after = resident()
from queries.evaluate import load_gold
for question in load_gold():
    engine.search(question.q, k=10, filters=Filters(any_status=True))
print(f"search engine over the archive: loaded and warmed in {loaded:.1f} s (units, tantivy, HNSW, e5), {rss:,.0f} MB after "
      f"loading, {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB peak; first query "
      f"{first * 1000:.0f} ms, second {second * 1000:.0f} ms; {len(hits)} hits; resident {after:,.0f} MB after two "
      f"queries, {resident():,.0f} MB after the {len(load_gold())} gold questions more")
"""


def serve_check(folder: Path, units: list[Unit], ids: list[str], vectors: object, encoder: object) -> None:
    """The archive as a build's index folder, opened by a new process as `gazette serve` does."""
    import faiss

    build = folder / "build"
    index = build / "index"
    index.mkdir(parents=True)
    shutil.copy(folder / "userdict.txt", index / "userdict.txt")
    write_units(index, units)
    build_keyword(index, units, "tantivy")
    faiss.write_index(vectors, str(index / "vectors.faiss"))
    (index / "vectors.json").write_text(json.dumps({"encoder": encoder.key, "spec": encoder.spec, "dim": encoder.dim,
                                                    "units": ids}), encoding="utf-8")
    probe = subprocess.run([sys.executable, "-c", _SERVE_PROBE, str(build)], capture_output=True, text=True,
                           cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    print(probe.stdout.strip() or probe.stderr.strip()[-2000:])


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--laws", type=Path, required=True)
    options.add_argument("--corpus", type=Path, action="append")
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--engines", default="whoosh,tantivy")
    options.add_argument("--cache", type=Path, help="an embedding cache (embeddings.sqlite) to take real vectors from")
    options.add_argument("--milvus-lite", action="store_true", help="also write and query the archive in milvus-lite")
    options.add_argument("--serve", action="store_true",
                         help="also write the archive as a build's index folder (tantivy, HNSW) and measure, in a new "
                              "process, the search engine's start-up, first query and memory")
    args = options.parse_args()
    corpora = args.corpus or [ROOT / "corpus", ROOT / "tests" / "real"]

    started = time.perf_counter()
    files = law_files(args.laws)
    units = [u for path, text in files for u in law_units(path, text)]
    read_laws = time.perf_counter() - started
    started = time.perf_counter()
    gazette, gazette_docs = gazette_units(corpora)
    read_gazettes = time.perf_counter() - started
    units += gazette
    print(f"archive: {len(files)} law texts + {gazette_docs} gazette documents; {len(units):,} units "
          f"({len(units) - len(gazette):,} law articles, {len(gazette):,} gazette units)")
    print(f"read: laws {read_laws:.1f} s, gazettes parsed and cut {read_gazettes:.1f} s")

    gold = load_gold()
    from index import E5Encoder

    encoder = E5Encoder()
    query_vectors = encoder.queries([q.q for q in gold])
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        write_user_dict(folder / "userdict.txt", harvest_terms(u.text for u in units))
        print(f"legal dictionary harvested in {time.perf_counter() - started:.1f} s")
        engines = {}
        for engine in args.engines.split(","):
            place = folder / engine
            place.mkdir()
            shutil.copy(folder / "userdict.txt", place / "userdict.txt")
            started = time.perf_counter()
            build_keyword(place, units, engine)
            built = time.perf_counter() - started
            started = time.perf_counter()
            engines[engine] = open_keyword(place)
            opened = time.perf_counter() - started
            on_disk = size(place / ("keyword" if engine == "whoosh" else "keyword-tantivy"))
            print(f"{engine}: built in {built:.1f} s, {on_disk / 1e6:.0f} MB on disk, opened in {opened:.2f} s")

        windows = len(units)  # one vector per unit (the build embeds long units window by window: more)
        base = real_vectors(args.cache, 3000, encoder.dim)
        rng = np.random.default_rng(2)
        matrix = base[rng.integers(0, len(base), windows)] + 0.05 * rng.normal(size=(windows, encoder.dim)).astype(
            np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        started = time.perf_counter()
        exact = exact_index(matrix)
        exact_seconds = time.perf_counter() - started
        started = time.perf_counter()
        approximate = approximate_index(matrix)
        approximate_seconds = time.perf_counter() - started
        queries = np.asarray(query_vectors, dtype=np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        _, truth = exact.search(queries, 10)
        _, found = approximate.search(queries, 10)
        recall = float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)]))
        print(f"vectors: {windows:,} × {encoder.dim} (synthetic, from {len(base):,} real e5 vectors); exact index "
              f"{exact_seconds:.1f} s, HNSW {approximate_seconds:.1f} s; HNSW recall@10 against exact {recall:.3f} "
              f"over the {len(queries)} gold questions")
        import faiss

        faiss.omp_set_num_threads(1)
        ids = [u.id for u in units]
        for name, vectors in (("exact", exact), ("hnsw", approximate)):
            times = []
            for _ in range(args.repeat):
                for vector in queries:
                    started = time.perf_counter()
                    vectors.search(vector.reshape(1, -1), 200)
                    times.append(time.perf_counter() - started)
            print(f"vector search {name}: {quantiles(times)}")
        def hnsw_search(query: str) -> list[str]:
            vector = np.asarray(encoder.queries([query]), dtype=np.float32)  # embedded, as a served query is
            vector /= np.linalg.norm(vector, axis=1, keepdims=True)
            _, rows = approximate.search(vector, 200)
            return [ids[r] for r in rows[0] if r >= 0]

        for engine, keyword in engines.items():
            keyword_times, hybrid_times = time_queries(
                gold, args.repeat, lambda q, k=keyword: [u for u, _ in k.search(q, limit=200)], hnsw_search)
            print(f"{engine}: keyword {quantiles(keyword_times)}; hybrid (query embedded, keyword + HNSW + RRF) "
                  f"{quantiles(hybrid_times)}")
        if args.milvus_lite:
            from index.milvus_backend import MilvusKeyword, MilvusVectors, parse_backend, write_collection

            backend = parse_backend(f"milvus-lite://{folder / 'units.db'}")
            started = time.perf_counter()
            write_collection(backend, units, dict(zip(ids, matrix)), folder / "userdict.txt")
            written = time.perf_counter() - started
            (folder / "index").mkdir()
            (folder / "index" / "vectors.json").write_text(json.dumps({"encoder": encoder.key, "dim": encoder.dim}))
            keyword, vectors = MilvusKeyword(backend, folder / "userdict.txt"), MilvusVectors(backend, folder / "index")
            keyword_times, hybrid_times = time_queries(
                gold, args.repeat, lambda q: [u for u, _ in keyword.search(q, limit=200)],
                lambda q: [u for u, _ in vectors.search(encoder.queries([q])[0], 200)])
            print(f"milvus-lite: written in {written:.1f} s, {size(folder / 'units.db') / 1e6:.0f} MB; keyword "
                  f"{quantiles(keyword_times)}; hybrid {quantiles(hybrid_times)}")
            keyword.close()
            vectors.close()
        if args.serve:
            serve_check(folder, units, ids, approximate, encoder)
        for keyword in engines.values():
            keyword.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:,.0f} MB")
    print(json.dumps({"units": len(units), "laws": len(files)}))


if __name__ == "__main__":
    main()
