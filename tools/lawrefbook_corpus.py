"""A corpus folder from LawRefBook/Laws: every law text as one plain-text corpus file.

Source: https://github.com/LawRefBook/Laws, about 3,400 national and local laws,
administrative regulations, judicial interpretations and rules as Markdown. This script
reads one commit of a local clone or bare mirror (``git cat-file``: nothing is fetched,
no work tree needed) and writes, into ``--out``, one ``.txt`` per text that ``gazette
build`` reads like any gazette file, so the archive is built by the product's own path:

    python tools/lawrefbook_corpus.py /path/to/Laws.git --out archive/
    gazette build archive/ build-archive/

The only changes are Markdown markup (:func:`unmark`: the ``#`` heading markers and the
``<!-- INFO END -->`` comment); wording, punctuation, spacing and line breaks are kept.
Cases (案例), the collection's indexes (``_index.md``), READMEs and its template are left
out. A file is named by its folder and a hash of its source path (a title can pass the
255-byte limit of a file name), so the same commit always gives the same names and bytes;
``SOURCES.tsv`` gives, per file, the repository, commit, source path and the changes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from pathlib import Path

REPOSITORY = "LawRefBook/Laws"
_HEADING = re.compile(r"^#{1,6} ")
_COMMENT = "<!-- INFO END -->"
_SKIPPED_NAMES = ("_index.md", "README.md", "法律法规模版.md")


def unmark(text: str) -> tuple[str, int, int]:
    """The text without Markdown heading markers and the INFO END comment, with the count of
    each change."""
    out, headings, comments = [], 0, 0
    for line in text.split("\n"):
        if line.strip() == _COMMENT:
            comments += 1
            continue
        if _HEADING.match(line):
            line = _HEADING.sub("", line)
            headings += 1
        out.append(line)
    return "\n".join(out).strip("\n") + "\n", headings, comments


def wanted(path: str) -> bool:
    """A law text: Markdown, not a case, an index, a README or the template."""
    return (path.endswith(".md") and not path.startswith(("案例/", ".github/")) and "/案例/" not in path
            and not path.endswith(_SKIPPED_NAMES))


def file_name(path: str) -> str:
    """``行政法规-3f2a…​.txt``: the top folder, for the reader, and a hash of the path."""
    digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]
    return f"{path.split('/', 1)[0]}-{digest}.txt"


def read_commit(repo: Path, commit: str) -> tuple[str, list[tuple[str, str]]]:
    """The full commit id and (path, text) of every wanted file in it, sorted by path."""
    def git(*args: str, data: bytes | None = None) -> bytes:
        return subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=off", *args], input=data,
                              check=True, capture_output=True).stdout

    full = git("rev-parse", f"{commit}^{{commit}}").decode().strip()
    paths = sorted(p for p in git("ls-tree", "-r", "--name-only", full).decode("utf-8").splitlines() if wanted(p))
    batch = git("cat-file", "--batch", data="".join(f"{full}:{p}\n" for p in paths).encode("utf-8"))
    files, offset = [], 0
    for path in paths:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        files.append((path, batch[header_end + 1:header_end + 1 + size].decode("utf-8")))
        offset = header_end + 1 + size + 1
    return full, files


def write_corpus(repo: Path, out: Path, commit: str = "HEAD", limit: int | None = None) -> int:
    """Write the corpus files and SOURCES.tsv; the number of files written."""
    full, files = read_commit(repo, commit)
    if limit is not None:
        files = files[:limit]
    out.mkdir(parents=True, exist_ok=True)
    rows = ["file\trepository\tcommit\tpath\tchanges"]
    for path, markdown in files:
        text, headings, comments = unmark(markdown)
        name = file_name(path)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        rows.append(f"{name}\t{REPOSITORY}\t{full}\t{path}\t"
                    f"{headings} heading markers and {comments} INFO END comment removed")
    (out / "SOURCES.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8", newline="\n")
    return len(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, help="a local clone or bare mirror of LawRefBook/Laws")
    parser.add_argument("--out", type=Path, required=True, help="the corpus folder to write")
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--limit", type=int, help="only the first N texts (by path)")
    args = parser.parse_args()
    count = write_corpus(args.repo, args.out, args.commit, args.limit)
    print(f"{count} texts written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
