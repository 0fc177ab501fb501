"""What adding one gazette file to a built corpus costs, stage by stage.

Usage: python bench/incremental.py [--base DIR] [--add FILE] [--no-index] [--cache DIR]

Builds the base corpus (default tests/real: 13 files of national laws, regulations and
judicial interpretations; for an archive, a folder written by tools/lawrefbook_corpus.py)
into a scratch folder, then adds one file (default the shipped gazette) and builds again
with the same caches: the stage cache (a file's parse, a document's statements:
gazette/stages.py) and the embedding cache (``--cache``: a cache folder to start from; else
a new one, so the first build embeds everything). Reported for the second build: each
stage's seconds, what came from the caches, peak memory. ``--no-index`` leaves out the
search indexes (an archive's embeddings take hours on 2 cores).
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


def build(corpus: Path, build_dir: Path, cache: Path, index: bool) -> tuple[dict, float]:
    started = time.perf_counter()
    result = subprocess.run([GAZETTE, "build", "--no-site", "--json", "--corpus", str(corpus), "--build",
                             str(build_dir), *([] if index else ["--no-index"])], capture_output=True, text=True,
                            env={**os.environ, "GAZETTE_CACHE": str(cache)}, check=True)
    return json.loads(result.stdout), time.perf_counter() - started


def report(label: str, data: dict, seconds: float) -> None:
    stages = data["stage_seconds"]
    cached = data["from_cache"]
    print(f"{label}: {len(data['sources'])} files, {data['documents']} documents, {data['provisions']} provisions; "
          f"whole command {seconds:.1f} s")
    print(f"  parse {stages['parse']:.1f} s ({len(data['sources']) - cached['files_parsed']} files parsed, "
          f"{cached['files_parsed']} from the cache); amendment history {stages['history']:.1f} s; citations "
          f"{stages['links']:.1f} s; who-does-what {stages['extraction']:.1f} s "
          f"({data['documents'] - cached['documents_extracted']} documents extracted, "
          f"{cached['documents_extracted']} from the cache); writing the knowledge base {stages['write']:.1f} s")
    index = data.get("index")
    if index:
        print(f"  embedded {index['embedded']} new texts, {index['cached']} from the cache; keyword and gloss "
              f"indexes {index['keyword_seconds']:.1f} s; semantic index (vectors, term vectors, related) "
              f"{index['semantic_seconds']:.1f} s")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--base", type=Path, default=ROOT / "tests" / "real", help="the corpus built first")
    options.add_argument("--add", type=Path, default=ROOT / "corpus" / "langfang-gazette-2021-04.txt",
                         help="the file added")
    options.add_argument("--no-index", dest="index", action="store_false", help="no search indexes")
    options.add_argument("--cache", type=Path, help="an embedding cache folder to copy and start from")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        corpus, cache = root / "corpus", root / "cache"
        corpus.mkdir()
        if args.cache is not None:
            shutil.copytree(args.cache, cache)
        for path in sorted(args.base.glob("*.txt")):
            shutil.copy(path, corpus)
        first, first_seconds = build(corpus, root / "build", cache, args.index)
        report("first build", first, first_seconds)
        shutil.copy(args.add, corpus)
        second, seconds = build(corpus, root / "build", cache, args.index)
        report(f"{args.add.name} added", second, seconds)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  peak memory of a build: {peak:.0f} MB")


if __name__ == "__main__":
    main()
