"""One contract for both keyword engines (whoosh and tantivy), on the shipped corpus's units."""

from pathlib import Path

import numpy as np
import pytest

from index import build_keyword, keyword_engine_for, load_units, open_keyword
from index.vectors import HNSW_ABOVE, VectorIndex, approximate_index, exact_index
from queries.evaluate import load_gold
from tests.conftest import HashingEncoder

ENGINES = ("whoosh", "tantivy")


@pytest.fixture(scope="module")
def units(indexed: Path) -> list:
    return load_units(indexed / "index")


@pytest.fixture(scope="module")
def engines(units: list, indexed: Path, tmp_path_factory: pytest.TempPathFactory):
    built = {}
    for engine in ENGINES:
        folder = tmp_path_factory.mktemp(engine)
        (folder / "userdict.txt").write_bytes((indexed / "index" / "userdict.txt").read_bytes())
        build_keyword(folder, units, engine)
        built[engine] = open_keyword(folder)
    yield built
    for index in built.values():
        index.close()


@pytest.fixture(params=ENGINES)
def keyword(request: pytest.FixtureRequest, engines: dict):
    return engines[request.param]


def _text(units_by_id: dict, unit_id: str) -> str:
    unit = units_by_id[unit_id]
    return " ".join((unit.title, *unit.path, unit.label, unit.text))


def test_hits_are_units_best_first(keyword, units: list) -> None:
    by_id = {u.id: u for u in units}
    hits = keyword.search("二次供水设施的监督检查", limit=20)
    assert hits and all(unit_id in by_id for unit_id, _ in hits)
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True)
    assert "二次供水" in _text(by_id, hits[0][0])


def test_both_engines_read_the_same_words(engines: dict) -> None:
    """The project's analyzer (jieba, the harvested legal dictionary) feeds both engines."""
    for text in ("城镇供水行政主管部门负责二次供水的监督管理", "物业服务企业应当公示收费标准", "who inspects water"):
        assert engines["whoosh"].terms(text) == engines["tantivy"].terms(text)
    assert "城镇供水行政主管部门" in engines["tantivy"].terms("城镇供水行政主管部门负责")


def test_power_syntax(keyword, units: list) -> None:
    by_id = {u.id: u for u in units}
    hits = keyword.search('"门前三包" AND 公示牌', limit=10)
    assert hits and all("门前三包" in _text(by_id, u) and "公示牌" in _text(by_id, u) for u, _ in hits)
    assert keyword.search("title:物业", limit=5) and all("物业" in by_id[u].title for u, _ in keyword.search("title:物业", 5))


def test_terms_as_they_are(keyword, units: list) -> None:
    by_id = {u.id: u for u in units}
    hits = keyword.search_terms(["供水", "没有这个词"], limit=500)
    holders = {u.id for u in units if "供水" in _text(by_id, u.id)}
    assert hits and {u for u, _ in hits} <= holders
    assert len({score for _, score in hits}) == 1  # one term: every unit scores its idf
    assert keyword.search_terms(["没有这个词"]) == []


def test_nothing_found_is_empty(keyword) -> None:
    assert keyword.search("zzqxv", limit=5) == []


def test_gold_questions_rank_alike(keyword, units: list, indexed: Path) -> None:
    """Chinese gold questions: the answering unit in the top ten for most of them, whichever
    engine (whoosh 0.750, tantivy 0.729 on 2026-11-29)."""
    found = 0
    by_id = {u.id: u for u in units}
    questions = [q for q in load_gold() if q.lang == "zh"]
    for question in questions:
        top = [u for u, _ in keyword.search(question.q, limit=10)]
        found += any(any(r in by_id[u].text for r in question.rel) for u in top)
    assert found / len(questions) >= 0.6


def test_engine_choice() -> None:
    assert keyword_engine_for("auto", 2_000) == "whoosh"
    assert keyword_engine_for("auto", 200_000) == "tantivy"
    assert keyword_engine_for("tantivy", 10) == "tantivy"
    with pytest.raises(ValueError, match="keyword engine"):
        keyword_engine_for("lucene", 10)


def test_approximate_vectors_find_what_the_exact_index_finds() -> None:
    """HNSW past ``HNSW_ABOVE`` vectors: recall@10 against the exact index on clustered data."""
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(200, 64)).astype(np.float32)
    data = (centres[rng.integers(0, 200, 20_000)] + 0.3 * rng.normal(size=(20_000, 64))).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    queries = data[rng.integers(0, 20_000, 100)] + 0.1 * rng.normal(size=(100, 64)).astype(np.float32)
    exact, approximate = exact_index(data), approximate_index(data)
    _, truth = exact.search(queries, 10)
    _, found = approximate.search(queries, 10)
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)])
    assert recall >= 0.98


def test_the_vector_index_turns_approximate_past_its_threshold(units: list, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import faiss

    from index import vectors as module
    from index.vectors import EmbeddingCache

    sample = [u for u in units if not u.table and len(u.text) < 300][:40]
    for threshold, kind in ((10_000, faiss.IndexFlatIP), (5, faiss.IndexHNSWFlat)):
        monkeypatch.setattr(module, "HNSW_ABOVE", threshold)
        folder = tmp_path / kind.__name__
        cache = EmbeddingCache(tmp_path / f"{kind.__name__}.sqlite")
        VectorIndex.build(folder, sample, HashingEncoder(), cache)
        cache.close()
        assert isinstance(faiss.read_index(str(folder / "vectors.faiss")), kind)
        index = VectorIndex(folder)
        hits = index.search(HashingEncoder().queries([sample[3].context + "\n" + sample[3].text])[0], limit=5)
        assert hits[0] == (sample[3].id, pytest.approx(1.0, abs=1e-4))  # its own passage, exact or approximate
    assert HNSW_ABOVE == 100_000


def test_related_provisions_from_an_approximate_index(units: list, gazette, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the HNSW threshold, related provisions are read with a narrower search (an
    archive's pass over every article took minutes); they still come from other documents,
    and the index file keeps the query-time efSearch."""
    import faiss

    from index import vectors as module
    from index.related import build_related, load_related
    from index.vectors import HNSW_EF_SEARCH, EmbeddingCache

    monkeypatch.setattr(module, "HNSW_ABOVE", 5)
    sample = [u for u in units if not u.table and "@" not in u.id][:400]
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    VectorIndex.build(tmp_path, sample, HashingEncoder(), cache)
    cache.close()
    assert build_related(tmp_path, gazette.documents) > 0
    related = load_related(tmp_path)
    ids = {u.id for u in sample}
    picks = [(article, other) for article, others in related.items() for other in others]
    assert picks and all(other in ids and other.split("/")[0] != article.split("/")[0] for article, other in picks)
    assert faiss.read_index(str(tmp_path / "vectors.faiss")).hnsw.efSearch == HNSW_EF_SEARCH


def test_an_archive_graph_is_extended_with_new_windows(units: list, gazette, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the HNSW threshold a build extends the previous build's graph: its rows keep their
    place, windows no longer in the corpus become tombstones that no search returns, new
    windows are appended; past MAX_TOMBSTONES the graph is built anew. Related provisions
    are searched again only where the new rows can change them."""
    import faiss

    from index import vectors as module
    from index.related import build_related, load_related
    from index.vectors import EmbeddingCache

    monkeypatch.setattr(module, "HNSW_ABOVE", 5)
    sample = [u for u in units if not u.table and "@" not in u.id][:400]
    old, new = sample[:300], sample[20:]  # 20 units leave, 100 arrive
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = VectorIndex.build(tmp_path / "v1", old, HashingEncoder(), cache)
    build_related(tmp_path / "v1", gazette.documents)
    second = VectorIndex.build(tmp_path / "v2", new, HashingEncoder(), cache, previous=tmp_path / "v1")
    assert not first.extended and second.extended
    assert faiss.read_index(str(tmp_path / "v2" / "vectors.faiss")).ntotal == first.vectors + second.added
    index = VectorIndex(tmp_path / "v2")
    gone = {u.id for u in sample[:20]}
    for unit in (sample[350], sample[0]):  # a new unit; a removed one
        hits = [u for u, _ in index.search(HashingEncoder().queries([unit.context + "\n" + unit.text])[0], limit=50)]
        assert not gone & set(hits)
        assert unit.id not in gone and hits[0] == unit.id or unit.id in gone
    (tmp_path / "full").mkdir()
    for name in ("vectors.faiss", "vectors.json"):
        (tmp_path / "full" / name).write_bytes((tmp_path / "v2" / name).read_bytes())
    build_related(tmp_path / "v2", gazette.documents, previous=tmp_path / "v1")
    build_related(tmp_path / "full", gazette.documents)
    incremental, full = load_related(tmp_path / "v2"), load_related(tmp_path / "full")
    assert incremental.keys() == full.keys()
    assert all(not gone & set(picks) for picks in incremental.values())
    same = sum(incremental[a] == full[a] for a in full) / len(full)
    assert same >= 0.95, same  # 1.0 on 2026-11-29
    third = VectorIndex.build(tmp_path / "v3", sample[300:], HashingEncoder(), cache, previous=tmp_path / "v2")
    assert not third.extended and faiss.read_index(str(tmp_path / "v3" / "vectors.faiss")).ntotal == third.vectors
    cache.close()


def test_a_window_held_once_and_wanted_twice_is_read_back_from_the_graph(units: list, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit added with the very text of one the graph holds (same context and window) needs
    no embedding: its vector is read back from the graph, even without the cache."""
    from dataclasses import replace

    from index import vectors as module
    from index.vectors import EmbeddingCache

    monkeypatch.setattr(module, "HNSW_ABOVE", 5)
    sample = [u for u in units if not u.table and "@" not in u.id][:50]
    twin = replace(sample[7], id=sample[7].id + "-twin")
    VectorIndex.build(tmp_path / "v1", sample, HashingEncoder(), EmbeddingCache(tmp_path / "a.sqlite"))
    stats = VectorIndex.build(tmp_path / "v2", [*sample, twin], HashingEncoder(), EmbeddingCache(tmp_path / "b.sqlite"),
                              previous=tmp_path / "v1")
    assert stats.extended and stats.embedded == 0 and stats.added >= 1
    hits = dict(VectorIndex(tmp_path / "v2").search(HashingEncoder().queries([twin.context + "\n" + twin.text])[0], 5))
    assert hits[twin.id] == pytest.approx(hits[sample[7].id])


def test_a_centred_index_keeps_its_mean_when_its_graph_is_extended(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """index.vectors: an index built with ``centre`` holds its vectors less their mean, and
    records the mean; extended, it centres the new vectors on that mean, and a text it held
    once and now twice is read back as it was (centred once, not twice)."""
    import json

    import faiss

    from index import vectors as module
    from index.vectors import EmbeddingCache

    monkeypatch.setattr(module, "HNSW_ABOVE", 5)
    encoder = HashingEncoder()
    texts = [f"第{i}条 市城市管理部门负责第{i}项工作 {'水' * (i % 7)}" for i in range(40)]
    owners = [f"u{i}" for i in range(40)]

    def build(folder: str, count: int, extra: tuple[str, ...] = (), previous: Path | None = None) -> module.BuildStats:
        return VectorIndex.build_passages(tmp_path / folder, texts[:count] + list(extra),
                                          owners[:count] + ["twin"] * len(extra),
                                          [0] * (count + len(extra)), encoder, EmbeddingCache(tmp_path / "c.sqlite"),
                                          previous=previous, centre=True)

    build("v1", 30)
    raw = encoder.passages(texts)
    raw /= np.linalg.norm(raw, axis=1, keepdims=True)
    mean = raw[:30].mean(axis=0)
    first = json.loads((tmp_path / "v1" / "vectors.json").read_text(encoding="utf-8"))
    assert np.allclose(first["mean"], mean, atol=1e-6)

    def expected(rows: np.ndarray) -> np.ndarray:
        shifted = rows - mean
        return shifted / np.linalg.norm(shifted, axis=1, keepdims=True)

    stats = build("v2", 40, extra=(texts[3],), previous=tmp_path / "v1")
    assert stats.extended and stats.added == 11
    second = json.loads((tmp_path / "v2" / "vectors.json").read_text(encoding="utf-8"))
    assert second["mean"] == first["mean"]  # the graph's mean, not this build's
    index = faiss.read_index(str(tmp_path / "v2" / "vectors.faiss"))
    stored = index.reconstruct_n(0, index.ntotal)
    assert np.allclose(stored[:40], expected(raw), atol=1e-5)
    assert np.allclose(stored[40], stored[3], atol=1e-6)  # the twin: read back, centred once
    # a plain index's graph is not extended into a centred one (nor is it centred)
    VectorIndex.build_passages(tmp_path / "plain", texts[:30], owners[:30], [0] * 30, encoder,
                               EmbeddingCache(tmp_path / "c.sqlite"))
    anew = build("v3", 40, previous=tmp_path / "plain")
    assert not anew.extended and VectorIndex(tmp_path / "v3").mean is not None


def test_every_engine_answers_the_protocols_the_search_engine_is_written_against(keyword, indexed: Path) -> None:
    """whoosh and tantivy are KeywordEngines, faiss a VectorEngine (index.engines): the search
    engine asks nothing else of them; and the term search scores by the one idf."""
    from index import VectorIndex
    from index.engines import KeywordEngine, VectorEngine
    from index.idf import idf

    assert isinstance(keyword, KeywordEngine)
    assert isinstance(VectorIndex(indexed / "index"), VectorEngine)
    _, score = keyword.search_terms(["供水"], limit=1)[0]
    documents = len(load_units(indexed / "index"))
    holding = len(keyword.search_terms(["供水"], limit=documents))
    assert score == pytest.approx(float(idf(documents, holding)))
