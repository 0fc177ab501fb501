"""The Milvus backend against milvus-lite: the same client code a standalone or distributed
server is reached with (what differs between the two kinds is tested below)."""

import json
import os
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gazette.build import write_backend
from gazette.cli import main
from index import load_units
from index.milvus_backend import (ALIAS, BackendError, MilvusKeyword, MilvusVectors, first_vectors, parse_backend,
                                  write_collection)
from queries.search import Filters, SearchEngine


@pytest.fixture(scope="module")
def lite(indexed: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    uri = f"milvus-lite://{tmp_path_factory.mktemp('milvus') / 'units.db'}"
    write_backend(uri, indexed / "index")
    return uri


def test_backend_uris_and_the_analyzer_of_each_kind() -> None:
    server = parse_backend("milvus://search.example:19530")
    assert (server.uri, server.lite, server.alias) == ("http://search.example:19530", False, ALIAS)
    assert server.analyzer_params == {"tokenizer": "whitespace"}  # a server's standard analyzer splits 中文 by character
    assert parse_backend("milvus://db:19530/archive").alias == "archive"
    lite = parse_backend("milvus-lite:///tmp/x/units.db")
    assert (lite.uri, lite.lite, lite.analyzer_params) == ("/tmp/x/units.db", True, {"type": "standard"})
    for bad in ("milvus://", "postgres://db/x", "units.sqlite"):
        with pytest.raises(BackendError):
            parse_backend(bad)


def test_bm25_over_the_collection(lite: str, indexed: Path) -> None:
    keyword = MilvusKeyword(parse_backend(lite), indexed / "index" / "userdict.txt")
    try:
        units = {u.id: u for u in load_units(indexed / "index")}
        hits = keyword.search("二次供水设施的监督检查", limit=20)
        assert hits and all(unit in units for unit, _ in hits)
        scores = [score for _, score in hits]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0  # lite's negated scores made positive
        assert "二次供水" in units[hits[0][0]].title + units[hits[0][0]].text
        assert keyword.search_terms(["zzqxv"], 5) == []
    finally:
        keyword.close()


def test_dense_search_over_the_collection(lite: str, indexed: Path) -> None:
    vectors = MilvusVectors(parse_backend(lite), indexed / "index")
    try:
        first = first_vectors(indexed / "index")
        unit, vector = sorted(first.items())[10]
        hits = vectors.search(np.asarray(vector) * 3.0, limit=5)  # any length: normalised before the search
        assert hits[0][0] == unit and hits[0][1] == pytest.approx(1.0, abs=1e-3)
    finally:
        vectors.close()


def test_search_engine_on_milvus_answers_as_locally(lite: str, indexed: Path) -> None:
    engine = SearchEngine(indexed, backend=lite)
    try:
        hits = engine.search("who inspects secondary water", k=3, filters=Filters(any_status=True)).hits
        assert "langfang-2021-order-1.regulation/art_24" in [h["id"] for h in hits]
        chinese = engine.search("二次供水设施由谁维护", k=5, filters=Filters(any_status=True)).hits
        assert chinese[0]["id"].startswith("langfang-2021-order-1.regulation/")  # the 二次供水 办法
        assert any(h["ranks"]["keyword"] for h in chinese)
    finally:
        engine.close()


def test_a_new_collection_replaces_the_old_one(lite: str, indexed: Path) -> None:
    from pymilvus import MilvusClient

    backend = parse_backend(lite)
    units = load_units(indexed / "index")[:50]
    name = write_collection(backend, units, first_vectors(indexed / "index"), indexed / "index" / "userdict.txt",
                            name="gazette_units_test")
    client = MilvusClient(backend.uri)
    try:
        assert client.list_collections() == [name]
        assert ALIAS in client.list_aliases(name)["aliases"]
        assert client.get_collection_stats(name)["row_count"] == 50
    finally:
        client.close()
    write_backend(lite, indexed / "index")  # put the whole corpus back for the other tests


def test_cli_search_with_a_backend(lite: str, indexed: Path) -> None:
    result = CliRunner().invoke(main, ["search", "who inspects secondary water", "--backend", lite, "--all", "-k", "3",
                                       "--build", str(indexed), "--json"])
    assert result.exit_code == 0, result.output
    assert "langfang-2021-order-1.regulation/art_24" in [h["id"] for h in json.loads(result.output)["hits"]]
    unreachable = CliRunner().invoke(main, ["search", "供水", "--backend", "postgres://x", "--build", str(indexed)])
    assert unreachable.exit_code == 1 and "unknown backend" in unreachable.output


def test_build_writes_the_collection(tmp_path: Path, cache: Path) -> None:
    """`gazette build --backend` on a small gazette: the collection holds every unit."""
    from pymilvus import MilvusClient

    from .conftest import FIXTURES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "baoding.txt").write_bytes((FIXTURES / "baoding-gazette-2022-01.txt").read_bytes())
    uri = f"milvus-lite://{tmp_path / 'units.db'}"
    result = CliRunner().invoke(main, ["build", "--no-site", "--backend", uri, "--corpus", str(corpus), "--build",
                                       str(tmp_path / "build")], env={**os.environ, "GAZETTE_CACHE": str(cache)})
    assert result.exit_code == 0, result.output
    units = load_units(tmp_path / "build" / "index")
    client = MilvusClient(str(tmp_path / "units.db"))
    try:
        (name,) = client.list_collections()
        assert client.get_collection_stats(name)["row_count"] == len(units) > 10
    finally:
        client.close()


def test_the_api_searches_milvus(lite: str, indexed: Path) -> None:
    """`gazette serve --backend`: the same app, its search answered by the collection."""
    from fastapi.testclient import TestClient

    from gazette.server import create_app

    with TestClient(create_app(indexed, backend=lite)) as client:
        answer = client.get("/api/search", params={"q": "who inspects secondary water", "all": "true", "k": "3"})
        assert answer.status_code == 200
        assert "langfang-2021-order-1.regulation/art_24" in [h["id"] for h in answer.json()["hits"]]
