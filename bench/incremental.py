"""What adding one gazette file to a built corpus costs, stage by stage.

Usage: python bench/incremental.py [--base DIR] [--add FILE] [--no-index] [--cache DIR] [--synthetic]
                                   [--scratch DIR] [--jobs 1|2]

Builds the base corpus (default tests/real: 13 files of national laws, regulations and
judicial interpretations; for an archive, a folder written by tools/lawrefbook_corpus.py)
into a scratch folder, then adds one file (default the shipped gazette) and builds again
with the same caches: the stage cache (a file's parse, a document's statements:
gazette/stages.py) and the embedding cache (``--cache``: a cache folder to start from; else
a new one, so the first build embeds everything). Reported for the second build: each
stage's seconds, what came from the caches, peak memory. ``--no-index`` leaves out the
search indexes (an archive's embeddings take hours on 2 cores). ``--synthetic`` keeps them but
builds in this process with a stand-in encoder (384 dimensions from each text's character
bigrams, so that they cluster as real embeddings do: :class:`SyntheticEncoder`), so the
index stages of an archive are timed without hours of e5: the time the added file's own texts take to embed with the bundled e5
is then reported beside it, as count × the e5 rate measured on 64 of them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTE = str(Path(sys.executable).with_name("gazette"))


def build(corpus: Path, build_dir: Path, cache: Path, index: bool, jobs: int = 2) -> tuple[dict, float]:
    started = time.perf_counter()
    result = subprocess.run([GAZETTE, "build", "--no-site", "--json", "--corpus", str(corpus), "--build",
                             str(build_dir), "--jobs", str(jobs), *([] if index else ["--no-index"])], capture_output=True, text=True,
                            env={**os.environ, "GAZETTE_CACHE": str(cache)}, check=True)
    return json.loads(result.stdout), time.perf_counter() - started


class SyntheticEncoder:
    """A stand-in for e5: each text's character bigrams hashed into 65,536 buckets, each bucket
    a fixed random direction, summed and normalised. The same text gives the same vector, and
    texts that share words lie close, so the vectors cluster by document and topic as real
    embeddings do (a vector drawn from a hash of the whole text scatters them uniformly: the
    worst case for an HNSW graph and for related provisions, which the first runs of this
    bench measured: 0.83 ms a related-provisions search against 0.18 ms on clustered vectors)."""

    key = "synthetic/bigrams-384"
    spec = "synthetic"
    dim = 384
    buckets = 65_536

    def __init__(self) -> None:
        import numpy as np

        self._table = np.random.default_rng(0).standard_normal((self.buckets, self.dim)).astype(np.float32)

    def _vectors(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            codes = np.frombuffer((text or " ").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            pairs = codes[:-1] * 1_000_003 + codes[1:] if len(codes) > 1 else codes
            vector = self._table[pairs % self.buckets].sum(axis=0)
            out[row] = vector / max(float(np.linalg.norm(vector)), 1e-12)
        return out

    def queries(self, texts: list[str]):  # type: ignore[no-untyped-def]
        return self._vectors(texts)

    def passages(self, texts: list[str]):  # type: ignore[no-untyped-def]
        return self._vectors(texts)


def build_in_process(corpus: Path, build_dir: Path, cache: Path, jobs: int = 2) -> tuple[dict, float]:
    """``gazette build --no-site`` with the synthetic encoder, reported as ``--json`` reports it."""
    sys.path.insert(0, str(ROOT))
    os.environ["GAZETTE_CACHE"] = str(cache)
    from gazette.build import build as run_build

    started = time.perf_counter()
    result = run_build(corpus, build_dir, progress=lambda line: print(f"    {line}", file=sys.stderr, flush=True),
                       encoder=SyntheticEncoder(), site=False, jobs=jobs)
    seconds = time.perf_counter() - started
    return {"sources": result.sources, "documents": result.documents, "provisions": result.provisions,
            "stage_seconds": {"parse": result.parse_seconds, "history": result.history_seconds,
                              "links": result.links_seconds, "extraction": result.extract_seconds,
                              "write": result.write_seconds},
            "from_cache": {"files_parsed": result.parsed_cached, "documents_extracted": result.extracted_cached},
            "index": result.index.__dict__ if result.index is not None else None, "parallel": result.parallel}, seconds


def e5_seconds(texts: int, added: Path) -> str:
    """What embedding ``texts`` passages takes with the bundled e5 here, timed on 64 provisions
    of the added file (those of 50 characters or more, as the index embeds them)."""
    from index import E5Encoder
    from parser import decode, parse_gazette

    gazette = parse_gazette(decode(added.read_bytes(), added.name).text, source=added.name)
    sample = [p.text[:400] for doc in gazette.documents for p in doc.provisions if len(p.text) >= 50][:64]
    encoder = E5Encoder()
    encoder.passages(sample[:8])
    started = time.perf_counter()
    encoder.passages(sample)
    rate = len(sample) / (time.perf_counter() - started)
    return f"{texts} texts at {rate:.1f}/s with e5: {texts / rate:.0f} s"


def report(label: str, data: dict, seconds: float) -> None:
    stages = data["stage_seconds"]
    cached = data["from_cache"]
    print(f"{label}: {len(data['sources'])} files, {data['documents']} documents, {data['provisions']} provisions; "
          f"whole command {seconds:.1f} s")
    print(f"  parse {stages['parse']:.1f} s ({len(data['sources']) - cached['files_parsed']} files parsed, "
          f"{cached['files_parsed']} from the cache); amendment history {stages['history']:.1f} s; citations "
          f"{stages['links']:.1f} s; who-does-what {stages['extraction']:.1f} s "
          f"({data['documents'] - cached['documents_extracted']} documents extracted, "
          f"{cached['documents_extracted']} from the cache); writing the knowledge base {stages['write']:.1f} s"
          + ("; these two in a second process, beside the indexes" if data.get("parallel") else ""))
    index = data.get("index")
    if index:
        print(f"  embedded {index['embedded']} new texts, {index['cached']} from the cache; keyword and gloss "
              f"indexes {index['keyword_seconds']:.1f} s; semantic index (vectors, related) "
              f"{index['semantic_seconds']:.1f} s")
        print("  index steps: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in index["steps"])
              + f"; words of {index['analysed_words']} units analysed and {index['analysed_glosses']} glossed "
              + "anew; vector graph "
              + ("extended" if index["extended"] else "built anew"))


def keep(root: Path) -> None:
    """Keep a copy of the caches and the builds as the first build left them: a later run
    restores them, so that the added file is new to them (its parse, statements, analyses and
    embeddings kept by the last run, or its windows left in the vector graph, would make the
    second build cheaper than adding a file is)."""
    before = root / "before-add"
    shutil.rmtree(before, ignore_errors=True)
    before.mkdir()
    shutil.copytree(root / "cache", before / "cache")
    shutil.copytree(root / ".build.builds", before / "builds", symlinks=True)
    (before / "current").write_text(os.readlink(root / "build"), encoding="utf-8")


def restore(root: Path) -> None:
    before = root / "before-add"
    if not (before / "current").exists():
        return
    for name in ("cache", ".build.builds"):
        shutil.rmtree(root / name, ignore_errors=True)
    shutil.copytree(before / "cache", root / "cache")
    shutil.copytree(before / "builds", root / ".build.builds", symlinks=True)
    (root / "build").unlink(missing_ok=True)
    (root / "build").symlink_to((before / "current").read_text(encoding="utf-8"))


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # each figure as soon as it is measured (long runs)
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--base", type=Path, default=ROOT / "tests" / "real", help="the corpus built first")
    options.add_argument("--add", type=Path, default=ROOT / "corpus" / "langfang-gazette-2021-04.txt",
                         help="the file added")
    options.add_argument("--no-index", dest="index", action="store_false", help="no search indexes")
    options.add_argument("--cache", type=Path, help="an embedding cache folder to copy and start from")
    options.add_argument("--synthetic", action="store_true", help="index with a stand-in encoder, in this process")
    options.add_argument("--jobs", type=int, choices=(1, 2), default=2,
                         help="2: the knowledge base written in a second process beside the indexes (the default)")
    options.add_argument("--scratch", type=Path,
                         help="a folder to work in and keep (default: a temporary one): run again, the first build "
                              "starts from the caches and builds as the last run's first build left them (a copy is "
                              "kept), so the added file is new to them each time")
    args = options.parse_args()
    run = (lambda corpus, build_dir, cache: build_in_process(corpus, build_dir, cache, args.jobs)) if args.synthetic \
        else (lambda corpus, build_dir, cache: build(corpus, build_dir, cache, args.index, args.jobs))
    with tempfile.TemporaryDirectory() as scratch:
        root = args.scratch or Path(scratch)
        corpus, cache = root / "corpus", root / "cache"
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        if args.cache is not None and not cache.exists():
            shutil.copytree(args.cache, cache)
        for path in sorted(args.base.glob("*.txt")):
            shutil.copy(path, corpus)
        if args.scratch is not None:
            restore(root)
        first, first_seconds = run(corpus, root / "build", cache)
        report("first build", first, first_seconds)
        if args.scratch is not None:
            keep(root)
        shutil.copy(args.add, corpus)
        second, seconds = run(corpus, root / "build", cache)
        report(f"{args.add.name} added", second, seconds)
        if args.synthetic:
            print(f"  its own texts with the bundled e5 instead: {e5_seconds(second['index']['embedded'], args.add)}")
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        print(f"  peak memory of one process: {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()
