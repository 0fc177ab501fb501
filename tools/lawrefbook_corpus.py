"""A corpus folder from LawRefBook/Laws: every law text as one plain-text corpus file.

Source: https://github.com/LawRefBook/Laws, about 3,400 national and local laws,
administrative regulations, judicial interpretations and rules as Markdown. This script
reads one commit of a local clone or bare mirror (``git cat-file``: nothing is fetched,
no work tree needed) and writes, into ``--out``, one ``.txt`` per text that ``gazette
build`` reads like any gazette file, so the archive is built by the product's own path:

    python tools/lawrefbook_corpus.py /path/to/Laws.git --out archive/
    gazette build --corpus archive/ --build build-archive/
    # or only the national texts, held beside the gazettes that cite them:
    python tools/lawrefbook_corpus.py /path/to/Laws.git --national --out national/
    gazette build --corpus corpus --corpus national/

The only changes are Markdown markup (:func:`unmark`: the ``#`` heading markers and the
``<!-- INFO END -->`` comment); wording, punctuation, spacing and line breaks are kept.
A code the collection prints part by part (民法典/: 总则.md, 物权编.md, …, each under the
code's title and its part's name) is joined into one text (:func:`join_parts`): the parts
in the order of their articles, each part's name as the heading the code prints
(物权编 -> 第二编　物权, numbered in that order), the enactment lines once; an unnumbered
part's name (附则) is left out, as no 第N编 stands before it. SOURCES.tsv says so.

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser.grammar import ARTICLE  # noqa: E402
from parser.numerals import cn_to_int  # noqa: E402

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


_PART_OF = re.compile(r"^# (?P<title>.+)\n+# (?P<part>.+)\n")
_FIRST_ARTICLE = re.compile(rf"^{ARTICLE}", re.MULTILINE)
_CN = "一二三四五六七八九十"


def join_parts(files: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str, list[str]]]]:
    """The files with each code printed part by part joined: (other files, [(folder, joined
    Markdown, its parts' paths)]). A folder is a code when each of its texts opens with the
    same title heading followed by a second heading (the part's name)."""
    by_folder: dict[str, list[tuple[str, str]]] = {}
    for path, text in files:
        by_folder.setdefault(path.rsplit("/", 1)[0] if "/" in path else "", []).append((path, text))
    codes, joined = set(), []
    for folder, members in sorted(by_folder.items()):
        heads = [_PART_OF.match(text) for _, text in members]
        if len(members) < 2 or not all(heads) or len({h["title"] for h in heads if h}) != 1:
            continue
        def first(member: tuple[str, str]) -> int:
            m = _FIRST_ARTICLE.search(member[1])
            return cn_to_int(m["n"]) if m else 0
        ordered = sorted(members, key=first)
        title = _PART_OF.match(ordered[0][1])["title"]  # type: ignore[index]
        out, books = [f"# {title}", ""], 0
        for index, (path, text) in enumerate(ordered):
            head = _PART_OF.match(text)
            part = head["part"].strip()  # type: ignore[index]
            front, _, body = text[head.end():].partition(_COMMENT)  # type: ignore[union-attr]
            if index == 0:
                out += [front.strip("\n"), "", _COMMENT, ""]
            if part.endswith("编") or part == "总则":
                books += 1
                out += [f"第{_CN[books - 1] if books <= 10 else books}编　{part.removesuffix('编')}", ""]
            out.append(body.strip("\n"))
            out.append("")
        joined.append((folder, "\n".join(out), [p for p, _ in ordered]))
        codes.add(folder)
    return [(p, t) for p, t in files if (p.rsplit("/", 1)[0] if "/" in p else "") not in codes], joined


def write_corpus(repo: Path, out: Path, commit: str = "HEAD", limit: int | None = None,
                 national: bool = False) -> int:
    """Write the corpus files and SOURCES.tsv; the number of files written. ``national``: the
    national texts only (the local regulations of DLC/ left out)."""
    full, files = read_commit(repo, commit)
    if national:
        files = [(p, t) for p, t in files if not p.startswith("DLC/")]
    if limit is not None:
        files = files[:limit]
    out.mkdir(parents=True, exist_ok=True)
    rows = ["file\trepository\tcommit\tpath\tchanges"]
    singles, codes = join_parts(files)
    for path, markdown in singles:
        text, headings, comments = unmark(markdown)
        name = file_name(path)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        rows.append(f"{name}\t{REPOSITORY}\t{full}\t{path}\t"
                    f"{headings} heading markers and {comments} INFO END comment removed")
    for folder, markdown, parts in codes:
        text, headings, comments = unmark(markdown)
        name = file_name(folder + "/")
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        rows.append(f"{name}\t{REPOSITORY}\t{full}\t{' + '.join(parts)}\t"
                    f"{len(parts)} parts joined in the order of their articles, each part's name as the code prints "
                    f"it (第N编　name; an unnumbered part's name left out), the title and enactment lines once; "
                    f"{headings} heading markers and {comments} INFO END comment removed")
    (out / "SOURCES.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8", newline="\n")
    return len(singles) + len(codes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, help="a local clone or bare mirror of LawRefBook/Laws")
    parser.add_argument("--out", type=Path, required=True, help="the corpus folder to write")
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--limit", type=int, help="only the first N texts (by path)")
    parser.add_argument("--national", action="store_true", help="only the national texts (DLC/ left out)")
    args = parser.parse_args()
    count = write_corpus(args.repo, args.out, args.commit, args.limit, args.national)
    print(f"{count} texts written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
