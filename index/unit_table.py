"""The search units of a build, read from disk when asked for: a server's memory does not
grow with the archive.

``units.jsonl`` is the inspectable list; ``units.sqlite`` (written beside it) holds the same
units keyed by id, so that a search reads the few hundred candidates it filters and shows,
in one query, instead of holding every unit's text in memory (1.6 GB of a server's 1.6 GB
at 150,000 units). Recently read units are kept (``KEPT``), so that repeated and
neighbouring questions do not go to disk.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .units import Unit

__all__ = ["UnitTable", "write_units", "TABLE_FILE", "LIST_FILE"]

TABLE_FILE = "units.sqlite"
LIST_FILE = "units.jsonl"
KEPT = 20_000  # units kept in memory once read (a query reads at most a few hundred)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # one encoder for every unit


def write_units(folder: Path, units: Iterable[Unit]) -> None:
    """``units.jsonl`` and ``units.sqlite``: each unit encoded once, for both."""
    path = folder / TABLE_FILE
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE TABLE units (id TEXT PRIMARY KEY, unit TEXT NOT NULL) WITHOUT ROWID")
        rows = [(u.id, _ENCODER.encode(u.as_json())) for u in units]
        with (folder / LIST_FILE).open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(f"{line}\n" for _, line in rows)
        # a repeated id keeps its last unit, as a mapping built from units.jsonl does
        db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?)", rows)
        db.commit()
    finally:
        db.close()


class UnitTable(Mapping[str, Unit]):
    """Unit id -> :class:`Unit`, read from ``units.sqlite`` (safe to share between threads)."""

    def __init__(self, folder: Path, kept: int = KEPT) -> None:
        self._db = sqlite3.connect(f"file:{folder / TABLE_FILE}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, Unit | None] = OrderedDict()
        self._limit = kept
        self._count = self._db.execute("SELECT count(*) FROM units").fetchone()[0]

    def load(self, ids: Iterable[str]) -> dict[str, Unit | None]:
        """Read these units in one query (those not already kept): before a search filters
        its candidates. Returns each id's unit (None where there is none)."""
        with self._lock:
            result: dict[str, Unit | None] = {}
            wanted = []
            for unit_id in dict.fromkeys(ids):
                if unit_id in self._kept:
                    self._kept.move_to_end(unit_id)
                    result[unit_id] = self._kept[unit_id]
                else:
                    wanted.append(unit_id)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                found = dict(self._db.execute(
                    f"SELECT id, unit FROM units WHERE id IN ({','.join('?' * len(chunk))})", chunk))
                for unit_id in chunk:
                    result[unit_id] = Unit.from_json(found[unit_id]) if unit_id in found else None
                    self._keep(unit_id, result[unit_id])
            return result

    def _keep(self, unit_id: str, unit: Unit | None) -> None:
        self._kept[unit_id] = unit
        self._kept.move_to_end(unit_id)
        while len(self._kept) > self._limit:
            self._kept.popitem(last=False)

    def get(self, unit_id: str, default: Unit | None = None) -> Unit | None:  # type: ignore[override]
        unit = self.load([unit_id])[unit_id]
        return default if unit is None else unit

    def __getitem__(self, unit_id: str) -> Unit:
        unit = self.get(unit_id)
        if unit is None:
            raise KeyError(unit_id)
        return unit

    def __contains__(self, unit_id: object) -> bool:
        return isinstance(unit_id, str) and self.get(unit_id) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            ids = [row[0] for row in self._db.execute("SELECT id FROM units ORDER BY id")]
        return iter(ids)

    def values(self) -> Iterator[Unit]:  # type: ignore[override]
        """Every unit, read in pages (not kept): for evaluation over the whole index."""
        last = ""
        while True:
            with self._lock:
                rows = self._db.execute("SELECT id, unit FROM units WHERE id > ? ORDER BY id LIMIT 1000",
                                        (last,)).fetchall()
            if not rows:
                return
            for _, text in rows:
                yield Unit.from_json(text)
            last = rows[-1][0]

    def close(self) -> None:
        self._db.close()
