"""The units a server reads from disk as searches need them (index/unit_table.py)."""

from __future__ import annotations

import json

import threading
from pathlib import Path

import pytest

from index.unit_table import UnitTable, write_units
from index.units import build_units
from parser.lifecycle import lifecycles


@pytest.fixture(scope="module")
def units(gazette) -> list:
    return build_units(gazette.documents, lifecycles(gazette.documents))


@pytest.fixture()
def table(units: list, tmp_path: Path):
    write_units(tmp_path, units)
    opened = UnitTable(tmp_path, kept=50)
    yield opened
    opened.close()


def test_the_table_holds_every_unit_as_built(table: UnitTable, units: list) -> None:
    assert len(table) == len(units) and set(table) == {u.id for u in units}
    for unit in units[::97]:
        assert table[unit.id] == unit and unit.id in table
    assert sorted(u.id for u in table.values()) == sorted(u.id for u in units)


def test_absent_units_are_absent(table: UnitTable) -> None:
    assert "no-such-unit" not in table and table.get("no-such-unit") is None
    with pytest.raises(KeyError):
        table["no-such-unit"]


def test_memory_is_bounded_by_what_is_kept(table: UnitTable, units: list) -> None:
    """Reading every unit keeps at most ``kept`` of them; a unit read again is still right."""
    table.load(u.id for u in units)
    assert len(table._kept) == 50
    assert table[units[0].id] == units[0] and table[units[-1].id] == units[-1]


def test_threads_share_one_table(table: UnitTable, units: list) -> None:
    errors = []

    def read(part: list) -> None:
        try:
            for unit in part:
                assert table[unit.id] == unit
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=read, args=(units[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


def test_the_list_beside_it_holds_the_same_units_in_order(table: UnitTable, units: list, tmp_path: Path) -> None:
    from index import load_units

    assert load_units(tmp_path) == units
    first = (tmp_path / "units.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(first) == {**units[0].__dict__, "path": list(units[0].path)}
