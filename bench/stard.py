"""STARD over the national law of LawRefBook: recall of the articles people's questions need.

Usage: python bench/stard.py --laws PATH [--split dev] [--systems bm25,keyword,semantic,hybrid]
                             [--cache FILE] [--embed] [--pool FILE]

PATH is a local copy of https://github.com/LawRefBook/Laws (a clone or bare mirror). The pool
is every national text of the collection (all but DLC/, its local regulations, and the cases),
the Civil Code joined from its parts (tools/lawrefbook_corpus.py), read by the product's
parser and cut into search units as a build cuts them (index/units.py). Systems, one run:

* ``bm25``: plain BM25 (k1 1.2, b 0.75) over jieba's tokens of each unit's text (index/bm25.py);
* ``keyword``: the product's keyword engine (tantivy, the legal dictionary harvested from the pool);
* ``semantic``: the bundled e5 over the units' passages as a build embeds them (title, headings
  and label before each window), exact inner-product search; needs every passage in the
  embedding cache (``--cache``; ``--embed`` embeds what it lacks, resumable, with progress);
* ``hybrid``: keyword and semantic fused as the search engine fuses a Chinese question.

STARD's dev split is the test set (the default ``--split``): report it first; choose
parameters on ``--split train`` only. ``--pool FILE`` keeps the parsed units in a pickle
between runs.
"""

from __future__ import annotations

import argparse
import pickle
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.units import Unit, build_units  # noqa: E402
from parser import GazetteError, ParserDefect, parse_gazette  # noqa: E402
from queries.stard import ArticleMap, evaluate_rankings, load_stard, table  # noqa: E402
from tools.lawrefbook_corpus import join_parts, read_commit, unmark  # noqa: E402


def national_texts(laws: Path) -> list[tuple[str, str]]:
    """(path, text) of every national text: the collection less DLC/ and the cases, the codes
    printed part by part joined."""
    files = [(p, t) for p, t in read_commit(laws, "HEAD")[1] if not p.startswith("DLC/")]  # as --national writes
    singles, codes = join_parts(files)
    return [(p, unmark(t)[0]) for p, t in singles] + [(f + "/", unmark(t)[0]) for f, t, _ in codes]


def pool_units(laws: Path) -> tuple[list[Unit], int, int]:
    """The units of the national texts, and how many texts were read and refused."""
    units: list[Unit] = []
    read = refused = 0
    for path, text in national_texts(laws):
        try:
            documents = parse_gazette(text, source=path).documents
        except (GazetteError, ParserDefect):
            refused += 1
            continue
        read += 1
        units.extend(build_units(documents, {}, ()))
    return units, read, refused


def passages(units: list[Unit], lines: bool = False) -> tuple[list[str], list[str]]:
    """(texts, owners): the passages a build embeds for these units (index.vectors): the
    windows of each unit, and with ``lines`` each line of a unit of several lines too (2.4
    times as many passages for this pool: 166,941 against 69,102)."""
    from index.units import windows
    from index.vectors import _passage

    texts, owners = [], []
    for unit in units:
        for window in windows(unit.words, lines=lines and not unit.table):
            texts.append(_passage(unit, window))
            owners.append(unit.id)
    return texts, owners


def embed(texts: list[str], cache_path: Path, encoder, batch: int = 64) -> int:
    """Embed the passages the cache lacks, batch by batch, printing progress and time left."""
    from index.vectors import EmbeddingCache

    cache = EmbeddingCache(cache_path)
    keys = [EmbeddingCache.key(encoder.key, t) for t in texts]
    known = set(cache.get_many(keys))
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items())
    started = time.perf_counter()
    for start in range(0, len(missing), batch):
        chunk = missing[start:start + batch]
        cache.put_many(list(zip((k for k, _ in chunk), encoder.passages([t for _, t in chunk]))))
        done = start + len(chunk)
        rate = done / (time.perf_counter() - started)
        print(f"embedded {done:,} of {len(missing):,} ({rate:.1f}/s, {(len(missing) - done) / rate / 60:.0f} min left)",
              flush=True)
    cache.close()
    return len(missing)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--laws", type=Path, required=True)
    options.add_argument("--split", default="dev", choices=("dev", "train"))
    options.add_argument("--systems", default="bm25,keyword")
    options.add_argument("--cache", type=Path, help="embedding cache (embeddings.sqlite) for semantic and hybrid")
    options.add_argument("--embed", action="store_true", help="embed the passages the cache lacks, then stop")
    options.add_argument("--lines", action="store_true", help="embed each line of a unit too, as a build does")
    options.add_argument("--pool", type=Path, help="a pickle of the parsed pool, written once and read after")
    args = options.parse_args()

    started = time.perf_counter()
    if args.pool and args.pool.exists():
        units, read, refused = pickle.loads(args.pool.read_bytes())
    else:
        units, read, refused = pool_units(args.laws)
        if args.pool:
            args.pool.write_bytes(pickle.dumps((units, read, refused)))
    articles = sum(1 for u in units if u.eid.rsplit("__", 1)[-1].startswith("art_"))  # the unit is an article
    print(f"pool: {read:,} national texts read ({refused} refused), {len(units):,} units of which {articles:,} "
          f"articles, in {time.perf_counter() - started:.1f} s")
    if args.embed:
        from index import E5Encoder

        texts, _ = passages(units, args.lines)
        print(f"{len(texts):,} passages")
        embed(texts, args.cache, E5Encoder())
        return 0

    questions = load_stard(split=args.split)
    article_map = ArticleMap((u.id, u.title, u.date, u.eid) for u in units)
    lacking = sum(article_map.relevant(q)[1] for q in questions)
    total = sum(len(q.articles) for q in questions)
    print(f"STARD {args.split}: {len(questions)} questions, {total} relevant articles, {total - lacking} found in "
          f"the pool ({lacking} not)")
    ids = [u.id for u in units]
    rankers = {}
    systems = args.systems.split(",")
    if "bm25" in systems:
        import jieba

        from index.bm25 import BM25

        started = time.perf_counter()
        tokenizer = jieba.Tokenizer()
        bm25 = BM25([tokenizer.lcut(u.text) for u in units])
        print(f"bm25: indexed in {time.perf_counter() - started:.1f} s")
        rankers["plain BM25 (jieba, k1 1.2, b 0.75)"] = lambda q: [ids[r] for r in bm25.top(tokenizer.lcut(q), 100)]
    scratch = tempfile.TemporaryDirectory()
    keyword = None
    if {"keyword", "hybrid"} & set(systems):
        from index import build_keyword, open_keyword
        from index.analysis import harvest_terms, write_user_dict

        started = time.perf_counter()
        folder = Path(scratch.name)
        write_user_dict(folder / "userdict.txt", harvest_terms(u.text for u in units))
        build_keyword(folder, units, "tantivy")
        keyword = open_keyword(folder)
        print(f"keyword (tantivy): indexed in {time.perf_counter() - started:.1f} s")
        if "keyword" in systems:
            rankers["gazette keyword (tantivy + legal dictionary)"] = \
                lambda q: [u for u, _ in keyword.search(q, limit=100)]
    if {"semantic", "hybrid"} & set(systems):
        import faiss
        import numpy as np

        from index import E5Encoder
        from index.fusion import KEYWORD_WEIGHT, RRF_K, rrf
        from index.vectors import EmbeddingCache

        encoder = E5Encoder()
        texts, owners = passages(units, args.lines)
        cache = EmbeddingCache(args.cache)
        keys = [EmbeddingCache.key(encoder.key, t) for t in texts]
        known = cache.get_many(keys)
        if len(known) < len(set(keys)):
            print(f"semantic: {len(set(keys)) - len(known):,} of {len(set(keys)):,} passages not embedded yet "
                  f"(run with --embed)")
            return 1
        matrix = np.vstack([known[k] for k in keys]).astype(np.float32)
        faiss.normalize_L2(matrix)
        index = faiss.IndexFlatIP(matrix.shape[1])
        index.add(matrix)

        def semantic(q: str, depth: int = 400) -> list[str]:
            vector = encoder.queries([q]).astype(np.float32)
            faiss.normalize_L2(vector)
            _, rows = index.search(vector, depth)
            return list(dict.fromkeys(owners[r] for r in rows[0] if r >= 0))

        if "semantic" in systems:
            rankers["gazette semantic (e5)"] = semantic
        if "hybrid" in systems and keyword is not None:
            rankers["gazette hybrid (RRF)"] = lambda q: [u for u, _ in rrf(
                [[u for u, _ in keyword.search(q, limit=200)], semantic(q)[:200]], RRF_K, [KEYWORD_WEIGHT, 1.0])]
    rows = []
    for name, rank in rankers.items():
        started = time.perf_counter()
        rows.append(evaluate_rankings(name, questions, article_map, rank))
        print(f"{name}: {len(questions) / (time.perf_counter() - started):.1f} questions/s", flush=True)
    print(table(rows))
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if keyword is not None:
        keyword.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
