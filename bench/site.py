"""Benchmark: the static site (``mkdocs build --strict`` over a built knowledge base).

    python bench/site.py [BUILD_DIR]      # default build/ (run `gazette build` first)

Prints the median time of three builds into a temporary folder, the pages by kind and the
size on disk (all of it, and the search index).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.build import build_site  # noqa: E402


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(build_dir: Path, runs: int = 3) -> None:
    if not (build_dir / "gazette.sqlite").exists():
        sys.exit(f"{build_dir}/gazette.sqlite not found: run `gazette build` first")
    seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            site = Path(tmp) / f"site{run}"
            seconds.append(build_site(build_dir, site))
        pages = [p.relative_to(site).parts for p in site.rglob("index.html")]
        kinds = Counter(parts[0] if len(parts) > 1 else "home" for parts in pages)
        total, search = _size(site), _size(site / "search")
    print(f"site: {len(pages)} pages ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(f"  build  median {statistics.median(seconds):.1f} s over {runs} runs (min {min(seconds):.1f} s)")
    print(f"  disk   {total / 1e6:.1f} MB, of which search index {search / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build")
