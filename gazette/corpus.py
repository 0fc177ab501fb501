"""The corpus folder: which of its entries are gazette files, and why the others are left out.

A build and ``gazette check`` read every ``*.txt``, ``*.pdf``, ``*.html`` and ``*.htm`` entry
of the folder that is a readable
regular file (a symbolic link to one included); an entry with such a name that is not (a
directory named ``x.txt``, a link in a loop or to nothing, a pipe, a file that cannot be
opened) is skipped with its reason, never dropped in silence.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parser import FORMATS, GazetteError

__all__ = ["BuildError", "Corpus", "SUFFIXES", "read_corpus"]

#: The kinds of file a corpus holds: text, PDF issues, saved web pages (:data:`parser.FORMATS`).
SUFFIXES = tuple(FORMATS)


class BuildError(GazetteError):
    """A build or a check that cannot go on: the message says why and what to do."""


@dataclass(frozen=True)
class Corpus:
    files: tuple[Path, ...]  # the gazette files, by name
    skipped: tuple[str, ...]  # "corpus/x.txt: why it is left out", one an entry


def _unreadable(path: Path) -> str | None:
    """Why an entry named like a gazette file cannot be read as one, or None if it can."""
    try:
        info = path.stat()  # follows links: a loop or a missing target raises
    except OSError as error:
        if path.is_symlink():
            return "a symbolic link that leads nowhere (a loop, or its target is missing)"
        return f"cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(info.st_mode):
        return "a directory, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, a socket or a device)"
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return None


def read_corpus(folder: Path | Sequence[Path]) -> Corpus:
    """The gazette files of ``folder`` (or of several folders, in the order given: the gazettes
    and a folder of national texts) and the entries left out; a :class:`BuildError` when a
    folder is missing or holds no file to read."""
    if not isinstance(folder, Path):
        parts = [read_corpus(one) for one in dict.fromkeys(folder)]
        if not parts:
            raise BuildError("no corpus folder given")
        return Corpus(tuple(f for p in parts for f in p.files), tuple(s for p in parts for s in p.skipped))
    if not folder.is_dir():
        raise BuildError(f"corpus folder {folder} does not exist")
    files, skipped = [], []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if path.suffix.lower() not in SUFFIXES:
            continue
        why = _unreadable(path)
        if why is None:
            files.append(path)
        else:
            skipped.append(f"{path}: {why}")
    if not files:
        left = f" ({len(skipped)} entries left out; the first: {skipped[0]})" if skipped else ""
        raise BuildError(f"{folder}: no gazette files ({', '.join('*' + s for s in SUFFIXES)}) to build from{left}")
    return Corpus(tuple(files), tuple(skipped))
