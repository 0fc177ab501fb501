"""Reading gazettes as published: PDF pages and saved web pages a second.

Usage: python bench/formats.py [--repeat 3]

The PDF is the shipped issue typeset as a printed gazette (``tools/typeset_gazette.py``,
printed by headless Chromium at /usr/bin/chromium); the web pages are the four saved gov.cn
pages of ``tests/real/issues/pages``. Reported: reading alone (text, pages, layout), and
reading with parsing, as ``gazette check`` and ``gazette build`` do it; the median of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser import parse_source, read_source  # noqa: E402
from tools.typeset_gazette import print_pdf, typeset  # noqa: E402


def _median(work, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "langfang-gazette-2021-04.pdf"
        print_pdf(typeset((ROOT / "corpus" / "langfang-gazette-2021-04.txt").read_text(encoding="utf-8"), 187), pdf)
        data = pdf.read_bytes()
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(data))
    read = _median(lambda: read_source(data, "issue.pdf"), args.repeat)
    both = _median(lambda: parse_source(data, "issue.pdf"), args.repeat)
    print(f"PDF ({pages} pages, {len(data) / 1e6:.1f} MB): read {read:.2f} s, {pages / read:.0f} pages/s; "
          f"read and parsed {both:.2f} s, {pages / both:.0f} pages/s")
    saved = [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests" / "real" / "issues" / "pages").glob("*.html"))]
    size = sum(len(d) for _, d in saved)
    read = _median(lambda: [read_source(d, n) for n, d in saved], args.repeat)
    both = _median(lambda: [parse_source(d, n) for n, d in saved], args.repeat)
    print(f"HTML ({len(saved)} saved gov.cn pages, {size / 1e3:.0f} KB): read {read * 1000:.0f} ms, "
          f"{len(saved) / read:.0f} pages/s; read and parsed {both * 1000:.0f} ms, {len(saved) / both:.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
