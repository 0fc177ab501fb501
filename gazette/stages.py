"""What earlier builds computed, kept by content, so that adding a file redoes that file only.

Two stages dominate a rebuild of an archive and depend on little besides their own input:

* **parsing**, a pure function of one file (its name and bytes) and of the parser's code;
* **extraction** of who does what, a function of one document's provisions, of the
  extractor's code, and of the lexicon entries (name, canonical name, kind) of the agency
  names that occur in that document (the segmenter's dictionary total is pinned, so the
  other names of the lexicon do not change a text's words: :func:`extract.build_pipeline`);
  with the statements, their rows as the store and the export write them (and the store's
  code in their key).

Four more are kept: the **citations** found in a document (a function of its provisions'
texts and the parser: resolving them links documents and is done each time), the agency
**names** counted in a document (the lexicon is harvested from their sum), and the
search indexes' **words** and **glosses** of each unit (:mod:`index.analysed`: keyed by the
unit's strings, the dictionary terms in them and the analysing code), with each document's
counts of the dictionary's candidate **terms**. An archive's vector
graph is extended from the previous build's rather than built anew (:mod:`index.vectors`).

Each result is stored under a key that hashes all of these, so an entry can be stale
only if an input is missing from its key, and a changed input simply misses. Amendment
history, lifecycles and the resolution of citations are rebuilt each time over the whole
corpus: they link documents to each other and take seconds. The cache lives beside the build (with the
embedding cache), outside the published folder, so it never breaks a build's atomicity:
an entry is written only once its stage has succeeded, and a lost cache only costs time.
The values are pickles written by this program for itself; the cache is not an exchange
format.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sqlite3
import tokenize
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["StageCache", "code_version", "derived_version", "reached"]

_ROOT = Path(__file__).resolve().parent.parent
#: The project's import packages: what the import graph is followed through.
_PACKAGES = ("parser", "extract", "store", "queries", "index", "sitegen", "gazette")


def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] not in _PACKAGES:
        return None
    base = _ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _statements(path: Path) -> list[list[str]]:
    """The logical lines of a source file as lists of token strings, comments left out.

    Read with :mod:`tokenize`, not :mod:`ast`: CPython 3.11's parser is not safe to call from
    two threads at once (a build in one thread and an import in a server thread corrupt each
    other), and a tokenizer is enough to read imports and top-level definitions."""
    lines: list[list[str]] = [[]]
    with path.open("rb") as source:
        for token in tokenize.tokenize(source.readline):
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                lines.append([])
            elif token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
                                    tokenize.ENCODING):
                lines[-1].append(token.string)
    return [line for line in lines if line]


def _imports(path: Path, module: str) -> set[str]:
    """The modules a source file imports (relative imports made absolute), anywhere in it."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for words in _statements(path):
        if words[:1] == ["import"]:  # import a.b as c, d
            for clause in " ".join(words[1:]).split(","):
                found.add("".join(clause.split(" as ")[0].split()))
        elif words[:1] == ["from"] and "import" in words:
            origin = "".join(words[1:words.index("import")])
            level = len(origin) - len(origin.lstrip("."))
            name = origin.lstrip(".")
            if level:
                anchor = package.split(".")[: len(package.split(".")) - level + 1]
                base = ".".join(anchor + ([name] if name else []))
            else:
                base = name
            found.add(base)
            names = [w for w in words[words.index("import") + 1:] if w not in "(),"]
            found.update(f"{base}.{w}" for i, w in enumerate(names)  # `from . import x` may name modules
                         if w not in ("as", "*") and (i == 0 or names[i - 1] != "as"))
    found.discard("")
    return found


def _lazy(init: Path) -> bool:
    """Whether a package exports names on first use (a module-level ``__getattr__``, PEP 562),
    so that importing a name from it may run any of its modules."""
    return any(line[:2] == ["def", "__getattr__"] for line in _statements(init))


def reached(*modules: str) -> tuple[list[Path], set[str]]:
    """The project's files the ``modules`` run (every module they import, transitively, the
    ``__init__`` of each package on the way, and the ``data/`` files of those packages), and
    the third-party top-level modules they import."""
    files: set[Path] = set()
    outside: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for k in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            path = _module_file(".".join(parts[:k]))
            if path is None:
                if parts[0] not in _PACKAGES:
                    outside.add(parts[0])
                continue
            if path in files:
                continue
            files.add(path)
            todo.extend(_imports(path, ".".join(parts[:k])))
            if path.name == "__init__.py" and _lazy(path):  # its names come from any module in it
                todo.extend(f"{'.'.join(parts[:k])}.{m.stem}" for m in path.parent.glob("*.py"))
    for package in {p.relative_to(_ROOT).parts[0] for p in files}:
        data = _ROOT / package / "data"
        if data.is_dir():
            files.update(p for p in data.rglob("*") if p.is_file())
    return sorted(files), outside


@functools.cache
def _distributions() -> dict[str, list[str]]:
    """Top-level module -> the installed distributions providing it (read once per process)."""
    return metadata.packages_distributions()


def derived_version(*modules: str) -> str:
    """:func:`code_version` of exactly what ``modules`` run: the files their imports reach and
    the distributions of the third-party modules those import (so a key cannot leave out a
    file or a package a stage depends on, as a hand-kept list could)."""
    files, outside = reached(*modules)
    provided = _distributions()
    distributions = sorted({d for top in outside for d in provided.get(top, [])})
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in distributions:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def code_version(*packages: str, distributions: Iterable[str] = ()) -> str:
    """A hash of the source and data files of the project's ``packages`` (folders, or single
    files) and the versions of the ``distributions`` they use: a change to any of them misses
    every cached entry."""
    digest = hashlib.sha256()
    for package in packages:
        root = _ROOT / package
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in distributions:
        digest.update(f"{name}=={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class StageCache:
    """(stage, key) -> a pickled value, in one SQLite file, each entry with the code version
    that wrote it: entries of a stage written by other code than the current are dropped
    (:meth:`prune`), so the cache holds what this code can use, not every version's."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # the build's two processes (gazette.background) write to it at once: wait for the other's lock
        self._db = sqlite3.connect(path, timeout=600)
        self._db.execute("CREATE TABLE IF NOT EXISTS entries (stage TEXT NOT NULL, key TEXT NOT NULL, "
                         "version TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (stage, key))")

    def get_many(self, stage: str, keys: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self._db.execute(f"SELECT key, value FROM entries WHERE stage = ? AND key IN "
                                    f"({','.join('?' * len(chunk))})", [stage, *chunk])
            for row_key, blob in rows:
                try:
                    found[row_key] = pickle.loads(blob)
                except Exception:  # noqa: BLE001 - an unreadable entry is a miss, not a failed build
                    continue
        return found

    def put_many(self, stage: str, items: Iterable[tuple[str, Any]], version: str) -> None:
        self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                             [(stage, k, version, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                              for k, v in items])
        self._db.commit()

    def summed(self, stage: str, version: str, parts: list[tuple[str, Callable[[], Counter[str]]]]) -> Counter[str]:
        """The sum of counts kept part by part (a document's, under a key of its input): each
        part's counts read from the cache, or counted by its function and kept."""
        known = self.get_many(stage, [k for k, _ in parts])
        fresh = [(k, count()) for k, count in parts if k not in known]
        self.put_many(stage, fresh, version)
        self.prune(stage, version)
        known.update(fresh)
        total: Counter[str] = Counter()
        for k, _ in parts:
            total.update(known[k])
        return total

    def prune(self, stage: str, version: str) -> int:
        """Drop the entries of ``stage`` written by another code version; how many."""
        dropped = self._db.execute("DELETE FROM entries WHERE stage = ? AND version != ?", (stage, version)).rowcount
        self._db.commit()
        return dropped

    def close(self) -> None:
        self._db.close()
