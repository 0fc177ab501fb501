"""Every real text as a benchmark: the parse, the amendment history and the citation links
over every real text at hand, with what each gave and where it failed.

Usage::

    python bench/genre.py [--laws PATH] [--issues DIR ...] [--json] [--crashes N]

``--laws`` is a local copy of https://github.com/LawRefBook/Laws (a bare mirror or a clone:
read with ``git cat-file``, nothing fetched; or a folder of its Markdown files), each text
read as ``tools/lawrefbook_corpus.py`` writes it (Markdown markers removed). ``--issues``
are folders of real gazette issues (default: ``tests/real/issues``, ``tests/real`` and
``corpus``), every ``.txt`` in them. Each file is decoded and parsed as a build does; its
documents then go through the amendment history and the citation linker, each behind its
own guard, so that a defect in any stage is counted (and shown) rather than ending the run.

Reported per collection: files read, read with warnings, refused (a :class:`ParseError` on
purpose: empty, no document header), crashed (anything else: a defect of the first rank),
warnings per 1,000 non-blank lines, documents and articles found, refused files by cause,
and the slowest files.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser import GazetteError, ParserDefect, decode, parse_gazette  # noqa: E402
from parser.history import build_history  # noqa: E402
from parser.references import link_corpus  # noqa: E402
from tools.lawrefbook_corpus import join_parts, read_commit, unmark, wanted  # noqa: E402

DEFAULT_ISSUES = (ROOT / "tests" / "real" / "issues", ROOT / "tests" / "real", ROOT / "corpus")


@dataclass
class Tally:
    """What one collection of files gave."""

    name: str
    files: int = 0
    read: int = 0
    with_warnings: int = 0
    refused: int = 0
    crashed: int = 0
    lines: int = 0
    warnings: int = 0
    documents: int = 0
    articles: int = 0
    amendments: int = 0
    references: int = 0
    resolved: int = 0
    seconds: float = 0.0
    causes: Counter[str] = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        per_k = 1000 * self.warnings / self.lines if self.lines else 0.0
        return {"collection": self.name, "files": self.files, "read": self.read,
                "read_with_warnings": self.with_warnings, "refused": self.refused, "crashed": self.crashed,
                "warnings_per_1000_lines": round(per_k, 2), "documents": self.documents,
                "articles": self.articles, "amendment_operations": self.amendments,
                "citations": self.references, "citations_resolved": self.resolved,
                "seconds": round(self.seconds, 1), "refused_by_cause": dict(self.causes.most_common()),
                "crashes": self.crashes, "slowest": [f"{s:.2f} s {n}" for s, n in sorted(self.slowest)[-3:]]}


#: The cause of a refusal, without the file, line and quoted words: errors that differ only
#: in those are one cause.
_WHERE = re.compile(r"^.*?(?:, line \d+)?: ")


def cause_of(error: GazetteError) -> str:
    message = getattr(error, "message", None) or _WHERE.sub("", str(error), count=1)
    return re.sub(r"“[^”]*”|《[^》]*》|\d+", "…", message)[:120]


def _stage(tally: Tally, name: str, stage: str, work) -> object:
    """Run one stage behind a guard: a defect is counted and kept with its last frame."""
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - counted, not hidden
        tally.crashed += 1
        last = traceback.extract_tb(error.__traceback__)[-1]
        tally.crashes.append(f"{name}: {stage}: {type(error).__name__}: {error} "
                             f"({Path(last.filename).name}:{last.lineno})")
        return None


def measure(tally: Tally, name: str, data: bytes) -> None:
    """Decode, parse, then history and links of one file, into the tally."""
    tally.files += 1
    started = time.perf_counter()
    try:
        decoded = decode(data, name)
        gazette = parse_gazette(decoded.text, source=name)
    except ParserDefect as error:
        tally.crashed += 1
        tally.crashes.append(str(error))
        return
    except GazetteError as error:
        tally.refused += 1
        tally.causes[cause_of(error)] += 1
        return
    finally:
        elapsed = time.perf_counter() - started
        tally.seconds += elapsed
        tally.slowest = sorted([*tally.slowest, (elapsed, name)])[-3:]
    tally.read += 1
    tally.lines += sum(1 for line in decoded.text.splitlines() if line.strip(" \t\u3000\ufeff"))
    tally.warnings += len(gazette.warnings)
    tally.with_warnings += bool(gazette.warnings)
    tally.documents += len(gazette.documents)
    tally.articles += sum(1 for d in gazette.documents for p in d.provisions if p.kind == "article")
    history = _stage(tally, name, "history", lambda: build_history(gazette.documents))
    if history is not None:
        tally.amendments += len(history.amendments)
        tally.warnings += len(history.warnings)
    references = _stage(tally, name, "links", lambda: link_corpus(gazette.documents, history))
    if references is not None:
        tally.references += len(references)
        tally.resolved += sum(1 for r in references if r.resolved)


def law_texts(laws: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every law text of LawRefBook, as tools/lawrefbook_corpus.py writes it."""
    if (laws / ".git").exists() or (laws / "HEAD").exists():
        files = read_commit(laws, "HEAD")[1]
    else:
        files = [(str(p.relative_to(laws)), p.read_text(encoding="utf-8"))
                 for p in sorted(laws.rglob("*.md")) if wanted(str(p.relative_to(laws)))]
    singles, codes = join_parts(files)  # the Civil Code's parts as one text
    return [(path, unmark(markdown)[0].encode("utf-8")) for path, markdown in singles] + \
        [(folder + "/", unmark(markdown)[0].encode("utf-8")) for folder, markdown, _ in codes]


def issue_texts(folders: list[Path]) -> list[tuple[str, bytes]]:
    seen, out = set(), []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            if path.resolve() not in seen and path.is_file():
                seen.add(path.resolve())
                out.append((str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), path.read_bytes()))
    return out


def collection_of(path: str) -> str:
    """LawRefBook's top folder (法律, 行政法规, 司法解释, DLC/… local regulations) as the collection."""
    top = path.split("/", 1)[0]
    return "地方性法规 (DLC)" if top == "DLC" else top


def print_table(rows: list[dict[str, object]]) -> None:
    columns = ("collection", "files", "read", "read_with_warnings", "refused", "crashed",
               "warnings_per_1000_lines", "documents", "articles", "amendment_operations", "citations", "seconds")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    for row in rows:
        if row["refused_by_cause"]:
            print(f"\n{row['collection']}: refused by cause")
            for cause, n in row["refused_by_cause"].items():  # type: ignore[union-attr]
                print(f"  {n:5d}  {cause}")
        for crash in row["crashes"][:20]:  # type: ignore[index]
            print(f"  CRASH {crash}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laws", type=Path, help="a local copy of LawRefBook/Laws (bare mirror, clone or folder)")
    parser.add_argument("--issues", type=Path, action="append", help="a folder of real gazette issues (*.txt)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    tallies: dict[str, Tally] = {}
    issues = issue_texts(args.issues or [p for p in DEFAULT_ISSUES if p.is_dir()])
    tally = tallies.setdefault("gazette issues and real runs", Tally("gazette issues and real runs"))
    for name, data in issues:
        measure(tally, name, data)
    if args.laws:
        for name, data in law_texts(args.laws):
            group = collection_of(name)
            measure(tallies.setdefault(group, Tally(group)), name, data)
    total = Tally("all")
    for t in tallies.values():
        for name in ("files", "read", "with_warnings", "refused", "crashed", "lines", "warnings", "documents",
                     "articles", "amendments", "references", "resolved", "seconds"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.causes.update(t.causes)
        total.crashes.extend(t.crashes)
    rows = [t.row() for t in sorted(tallies.values(), key=lambda t: -t.files)] + [total.row()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print_table(rows)
    return 1 if total.crashed else 0


if __name__ == "__main__":
    sys.exit(main())
