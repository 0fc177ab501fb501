"""Every public method of the store returns the rows store/rows.py declares: the same keys
(all of them, no others) and values of the declared types, on the shipped corpus built."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

import pytest

from store import Store
from store import rows as declared
from tests.typecheck import conforms as _conforms


@pytest.fixture(scope="module")
def store(built: Path) -> typing.Iterator[Store]:
    with Store(built / "gazette.sqlite") as opened:
        yield opened


def _calls(store: Store) -> list[tuple[str, Any]]:
    documents = store.documents()
    regulation = next(d for d in documents if store.amendments(d["id"]) and store.versions(d["id"]))["id"]
    amended = next(a["work"] for a in store.amendments() if a["work"])
    unit = store.statements(regulation)[0]["unit"]
    return [
        ("sources", store.sources()), ("source", store.source(store.sources()[0]["path"])),
        ("documents", documents), ("document", store.document(regulation)),
        ("provisions", store.provisions(regulation)), ("provision", store.provision(store.provisions(regulation)[3]["id"])),
        ("all_provisions", list(store.all_provisions())), ("layout", store.layout(store.sources()[0]["path"])),
        ("warnings", store.warnings()), ("amendments", store.amendments()), ("periods", store.periods(amended)),
        ("versions", store.versions(amended)), ("snapshot", store.snapshot(amended, 0)),
        ("versions_of", store.versions_of(amended, store.versions(amended)[0]["eid"])),
        ("timeline", store.timeline(amended)), ("lifecycle", store.lifecycle(regulation)),
        ("repeals", store.repeals()), ("references_from", store.references_from(regulation)),
        ("cited_by", store.cited_by(regulation)), ("all_references", store.all_references()),
        ("external_works", store.external_works()), ("statements", store.statements(regulation)),
        ("statements_of_units", store.statements_of_units([unit])),
        ("agencies", store.agencies()), ("statements_by_agency", store.statements_by_agency(store.agencies()[0]["agency"])),
        ("statements_by_modality", store.statements_by_modality("penalty")), ("fines", store.fines()),
    ]


#: Methods whose rows the shipped corpus has none of (it parses without a warning), by table.
_EMPTY_HERE = {"warnings": "warnings"}


def _columns(store: Store, table: str) -> set[str]:
    return {row["name"] for row in store._rows(f"PRAGMA table_info({table})")}


def test_every_public_method_returns_the_rows_it_declares(store: Store) -> None:
    calls = _calls(store)
    public = {name for name in vars(Store) if not name.startswith("_")} - {
        "close", "meta", "agency_kinds", "canonical_agency", "load_documents"}  # str maps and parser records
    assert public == {name for name, _ in calls}, "a public method of the store is not checked here"
    problems = []
    for name, value in calls:
        kind = get_type_hints(getattr(Store, name))["return"]
        if get_origin(kind) is typing.get_origin(typing.Iterator[int]):  # all_provisions: an iterator, listed
            kind = list[get_args(kind)[0]]
        if name in _EMPTY_HERE:  # none on the shipped corpus: the declaration against the table's columns
            assert value == [] and set(get_type_hints(get_args(kind)[0])) == _columns(store, _EMPTY_HERE[name])
            continue
        assert value, f"{name} returned nothing on the shipped corpus: nothing was checked"
        problems += _conforms(value, kind, name)
    assert problems == []


def test_a_row_that_strays_from_its_declaration_is_caught(store: Store) -> None:
    """The checker itself: a missing key, an undeclared one and a wrong type are each found."""
    row = dict(store.documents()[0])
    assert _conforms(row, declared.DocumentRow, "row") == []
    assert _conforms({**row, "extra": 1}, declared.DocumentRow, "row")
    assert _conforms({k: v for k, v in row.items() if k != "level"}, declared.DocumentRow, "row")
    assert _conforms({**row, "position": "1"}, declared.DocumentRow, "row")
    assert _conforms({**row, "history": [{"date": None, "act": 1, "event": ""}]}, declared.DocumentRow, "row")
