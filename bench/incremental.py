"""What adding one gazette file to a built corpus costs today, stage by stage.

Usage: python bench/incremental.py [--cache DIR]

Builds the real development corpus (tests/real: 13 files of national laws, regulations and
judicial interpretations) into a scratch folder, then adds the shipped gazette
(corpus/langfang-gazette-2021-04.txt) and builds again, with the same embedding cache
(``--cache``: an embeddings folder to start from; else a new one, so the first build embeds
everything). Reported for the second build: each stage's seconds and how many texts were
embedded. A build is a full rebuild but for the embeddings, which come from the cache: the
figures show which stages grow with the corpus and which with the file added.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTE = str(Path(sys.executable).with_name("gazette"))


def build(corpus: Path, build_dir: Path, cache: Path) -> tuple[dict, float]:
    started = time.perf_counter()
    result = subprocess.run([GAZETTE, "build", "--no-site", "--json", "--corpus", str(corpus), "--build",
                             str(build_dir)], capture_output=True, text=True,
                            env={**os.environ, "GAZETTE_CACHE": str(cache)}, check=True)
    return json.loads(result.stdout), time.perf_counter() - started


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--cache", type=Path, help="an embedding cache folder to copy and start from")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        corpus, cache = root / "corpus", root / "cache"
        corpus.mkdir()
        if args.cache is not None:
            shutil.copytree(args.cache, cache)
        for path in sorted((ROOT / "tests" / "real").glob("*.txt")):
            shutil.copy(path, corpus)
        first, first_seconds = build(corpus, root / "build", cache)
        print(f"first build: {len(first['sources'])} files, {first['documents']} documents, "
              f"{first['provisions']} provisions, {first['index']['units']} units in {first_seconds:.1f} s "
              f"({first['index']['embedded']} texts embedded)")
        shutil.copy(ROOT / "corpus" / "langfang-gazette-2021-04.txt", corpus)
        second, seconds = build(corpus, root / "build", cache)
        index = second["index"]
        print(f"one file added (the shipped gazette: 94 documents): {len(second['sources'])} files, "
              f"{second['documents']} documents, {index['units']} units; whole command {seconds:.1f} s")
        stages = second["stage_seconds"]
        print(f"  build {second['seconds']:.1f} s: amendment history {stages['history']:.1f} s, citations "
              f"{stages['links']:.1f} s, who-does-what extraction {stages['extraction']:.1f} s")
        print(f"  embedded {index['embedded']} new texts, {index['cached']} from the cache")
        print(f"  keyword and gloss indexes {index['keyword_seconds']:.1f} s; semantic index (embedding, term "
              f"vectors, related) {index['semantic_seconds']:.1f} s")


if __name__ == "__main__":
    main()
