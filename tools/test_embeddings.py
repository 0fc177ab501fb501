"""Write the embeddings the test suite's shipped-corpus build needs into tests/fixtures/.

The tests build the shipped corpus with the bundled e5 (``tests/conftest.py``: ``indexed``);
embedding its 4,701 passages takes five to ten minutes on 2 cores, most of ``make test``.
This script copies, from an embedding cache, exactly the vectors a build of the shipped
corpus uses (its windows, its English readings, the glossary's English phrases) into
``tests/fixtures/embeddings.sqlite``, which the tests start their cache from. They are the
model's own output, keyed by encoder and text as every cache entry is: a changed passage or
another encoder finds no entry and is embedded anew, and ``tests/test_search.py`` re-embeds a
sample and compares. Run it after a change to what is embedded:

    gazette build --build /tmp/b        # with $GAZETTE_CACHE, or the cache beside the build
    python tools/test_embeddings.py --build /tmp/b [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = ROOT / "tests" / "fixtures" / "embeddings.sqlite"


def used_keys(build: Path) -> list[str]:
    """Every cache key the build's indexes were made from."""
    from index.encoders import encoder_from_spec
    from index.english_mean import english_phrases
    from index.vectors import EmbeddingCache

    keys = []
    for folder in (build / "index", build / "index" / "readings"):
        raw = (folder / "vectors.keys").read_bytes()
        keys += [raw[i:i + 32].hex() for i in range(0, len(raw), 32)]
    spec = json.loads((build / "index" / "vectors.json").read_text(encoding="utf-8"))["spec"]
    role = f"{encoder_from_spec(spec).key}\0query"
    keys += [EmbeddingCache.key(role, phrase) for phrase in english_phrases()]
    return sorted(set(keys))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--build", type=Path, required=True)
    options.add_argument("--cache", type=Path, help="the cache folder (default: $GAZETTE_CACHE, else beside the build)")
    args = options.parse_args()
    folder = args.cache or Path(os.environ.get("GAZETTE_CACHE") or args.build.parent / f".{args.build.name}-cache")
    keys = used_keys(args.build)
    source = sqlite3.connect(folder / "embeddings.sqlite")
    rows = []
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        rows += source.execute(f"SELECT key, vector FROM embeddings WHERE key IN ({','.join('?' * len(chunk))})",
                               chunk).fetchall()
    if len(rows) != len(keys):
        print(f"the cache lacks {len(keys) - len(rows)} of the build's {len(keys)} vectors", file=sys.stderr)
        return 1
    TARGET.unlink(missing_ok=True)
    out = sqlite3.connect(TARGET)
    out.execute("PRAGMA page_size = 65536")  # vectors of 1.5 KB: little room lost per page
    out.execute("CREATE TABLE embeddings (key TEXT PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID")
    out.executemany("INSERT INTO embeddings VALUES (?, ?)", sorted(rows))
    out.commit()
    out.execute("VACUUM")
    out.close()
    print(f"wrote {len(rows)} vectors to {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
