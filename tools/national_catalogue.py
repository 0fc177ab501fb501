"""Build the catalogue of national works (parser/data/national.jsonl) from LawRefBook/Laws.

Source: https://github.com/LawRefBook/Laws, a public collection of the national laws,
administrative regulations, judicial interpretations and departmental rules of the PRC as
Markdown, with a SQLite file (``db.sqlite3``) of their levels, dates and validity. This
script reads one commit of a clone (``git show``: no work tree needed) and writes one JSON
line per work, sorted by title, so the same commit always gives the same bytes:

* ``title`` (the Markdown's heading: 中华人民共和国民法典) and ``aliases`` (without
  中华人民共和国, and the collection's own short name: 民法典, 物业管理条例);
* ``level`` (法律, 行政法规, 司法解释, 宪法, 部门规章), ``published`` and ``effective``;
* ``status``: in_force, or repealed with the date and the work that repealed it when a
  catalogued text says so (本法自2021年1月1日起施行。《中华人民共和国物权法》…同时废止);
  works known only from such a clause are added with what the clause tells;
* ``articles``: the highest article number of the text (a citation of 第N条 beyond it
  does not exist); ``history``: the enactment and amendment lines of the text;
* ``source``: repository, commit and path.

Cases (案例), local regulations (DLC/) and the collection's miscellany are left out.

    python tools/national_catalogue.py /path/to/Laws.git [--commit HEAD] [--out parser/data/national.jsonl]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser.grammar import ARTICLE, DATE, DATE_TEXT  # noqa: E402
from parser.numerals import cn_to_int  # noqa: E402

LEVELS = ("宪法", "法律", "行政法规", "司法解释", "部门规章")
REPOSITORY = "LawRefBook/Laws"
_ARTICLE = re.compile(rf"^{ARTICLE}")
_HISTORY = re.compile(rf"^{DATE_TEXT}")
_EFFECTIVE = re.compile(rf"自{DATE.pattern}起施行")
_REPEALS = re.compile(r"((?:《[^《》]+》[、，和及]?)+)同时废止")
_TITLE_IN = re.compile(r"《([^《》]+)》")
_PRC = "中华人民共和国"


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def _date(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def read_text(markdown: str) -> tuple[str, list[str], list[str]]:
    """Heading, history lines (before ``<!-- INFO END -->``) and body lines."""
    lines = [line.strip().removeprefix("---").strip() for line in markdown.splitlines()]  # ---# 标题 after front matter
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), "")
    end = next((i for i, line in enumerate(lines) if line == "<!-- INFO END -->"), 0)
    history = [line for line in lines[:end] if _HISTORY.match(line)]
    return title, history, [line for line in lines[end + 1:] if line]


def highest_article(body: list[str]) -> int | None:
    numbers = []
    for line in body:
        match = _ARTICLE.match(line)
        if match:
            try:
                numbers.append(cn_to_int(match.group(1)))
            except ValueError:
                continue
    return max(numbers) if numbers else None


def repeals(body: list[str]) -> list[tuple[str, str | None]]:
    """(title, date) of the works a text says it repeals on taking effect."""
    found = []
    for line in body:
        for match in _REPEALS.finditer(line):
            effective = _EFFECTIVE.search(line)
            when = _date(*effective.groups()) if effective else None
            found += [(title, when) for title in _TITLE_IN.findall(match.group(1))]
    return found


def build(repo: Path, commit: str) -> list[dict[str, object]]:
    commit = git(repo, "rev-parse", commit).decode().strip()
    paths = git(repo, "-c", "core.quotepath=off", "ls-tree", "-r", "--name-only", commit).decode().splitlines()
    markdown = {p for p in paths if p.endswith(".md") and not p.startswith(("DLC/", "案例/", ".github/"))}
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "db.sqlite3"
        database.write_bytes(git(repo, "show", f"{commit}:db.sqlite3"))
        connection = sqlite3.connect(database)
        rows = connection.execute(
            "SELECT l.name, l.level, l.filename, l.publish, l.valid_from, l.expired, c.folder "
            "FROM law l JOIN category c ON c.id = l.category_id ORDER BY l.name").fetchall()
        connection.close()
    works: dict[str, dict[str, object]] = {}
    parts: dict[str, list[str]] = {}  # a work in several files (民法典/总则.md, …): its folder's files
    for name, level, filename, published, effective, expired, folder in rows:
        if level not in LEVELS:
            continue
        stem = filename or name
        candidates = [p for p in markdown if p.startswith(folder + "/")
                      and re.fullmatch(re.escape(stem) + r"(?:\(\d{4}-\d{2}-\d{2}\))?\.md", p[len(folder) + 1:])]
        if not candidates:
            continue
        path = sorted(candidates)[-1]
        if " " in name and f"{folder}/_index.md" in markdown:  # one part of a work in several files
            parts.setdefault(folder, []).append(path)
            continue
        title, history, body = read_text(git(repo, "show", f"{commit}:{path}").decode("utf-8"))
        if not title:
            continue
        works[title] = _entry(title, name, level, published, effective, bool(expired), history, body, commit, path)
    for folder, files in sorted(parts.items()):
        index = f"{folder}/_index.md"
        title, history, body = read_text(git(repo, "show", f"{commit}:{index}").decode("utf-8"))
        texts = [read_text(git(repo, "show", f"{commit}:{path}").decode("utf-8")) for path in sorted(files)]
        if not title:  # 民法典: _index.md has no heading; each part opens with the work's
            headings = sorted(t for t, _, _ in texts if t)
            title = max(headings, key=headings.count, default="")
        if not title:
            continue
        history = history or next((h for _, h, _ in texts if h), [])
        body = [line for _, _, b in texts for line in b]
        effective = _first_date(history, r"(\d{4})年(\d+)月(\d+)日\s*施行")
        published = _first_date(history, r"(\d{4})年(\d+)月(\d+)日")
        works[title] = _entry(title, folder, "法律", published, effective, False, history, body, commit, index)
    # Repeals stated by the texts themselves
    for title, work in sorted(works.items()):
        for repealed, when in repeals(work.pop("_body")):  # type: ignore[arg-type]
            entry = works.get(repealed)
            if entry is None:
                works[repealed] = {"title": repealed, "aliases": _aliases(repealed, None),
                                   "level": "法律" if repealed.startswith(_PRC) and repealed.endswith("法") else None,
                                   "published": None, "effective": None, "status": "repealed", "repealed": when,
                                   "repealed_by": title, "articles": None, "history": [],
                                   "source": {"repository": REPOSITORY, "commit": commit, "path": work["source"]["path"],
                                              "note": f"known from 《{title}》, which repeals it"}}
            elif entry["status"] == "repealed" and entry.get("repealed") is None:
                entry.update(repealed=when, repealed_by=title)
    return [works[t] for t in sorted(works)]


def _first_date(lines: list[str], pattern: str) -> str | None:
    """The date of the first line that starts with ``pattern`` (year, month, day groups)."""
    for line in lines:
        match = re.match(pattern, line)
        if match:
            return _date(*match.groups())
    return None


def _aliases(title: str, name: str | None) -> list[str]:
    aliases = {title.removeprefix(_PRC)} | ({name} if name else set())
    return sorted(a for a in aliases if a and a != title and len(a) >= 2)


def _entry(title: str, name: str, level: str, published: str | None, effective: str | None, expired: bool,
           history: list[str], body: list[str], commit: str, path: str) -> dict[str, object]:
    return {"title": title, "aliases": _aliases(title, name), "level": level, "published": published or None,
            "effective": effective or None, "status": "repealed" if expired else "in_force", "repealed": None,
            "repealed_by": None, "articles": highest_article(body), "history": history,
            "source": {"repository": REPOSITORY, "commit": commit, "path": path}, "_body": body}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("repo", type=Path, help="a clone of LawRefBook/Laws (a bare git directory will do)")
    options.add_argument("--commit", default="HEAD")
    options.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "parser" / "data"
                         / "national.jsonl")
    args = options.parse_args()
    works = build(args.repo, args.commit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        for work in works:
            out.write(json.dumps(work, ensure_ascii=False, sort_keys=True) + "\n")
    levels: dict[str, int] = {}
    for work in works:
        levels[str(work["level"])] = levels.get(str(work["level"]), 0) + 1
    print(f"{len(works)} works ({', '.join(f'{k} {v}' for k, v in sorted(levels.items()))}) -> {args.out}")


if __name__ == "__main__":
    main()
