"""index.reading_map: the rotation from the English readings to the Chinese windows, fitted on
the corpus at build time and used by an English question in semantic mode."""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np

from index.reading_map import MAP_FILE, MAP_META, fit_map, load_map, towards_chinese, write_map

DIM = 16


def _write_index(folder: Path, vectors: np.ndarray, owners: list[str]) -> None:
    folder.mkdir(parents=True)
    index = faiss.IndexFlatIP(DIM)
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(folder / "vectors.faiss"))
    (folder / "vectors.json").write_text(json.dumps({"encoder": "e", "dim": DIM, "units": owners}), encoding="utf-8")


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def test_the_fit_recovers_a_rotation_the_pairs_obey(tmp_path: Path) -> None:
    """Readings x and windows whose mean is R x: the fit is R, whatever the windows' number,
    their order, rows of no unit (tombstones) and units found on one side only."""
    rng = np.random.default_rng(7)
    rotation, _ = np.linalg.qr(rng.normal(size=(DIM, DIM)))
    readings = _unit(rng.normal(size=(60, DIM)))
    units = [f"u{i}" for i in range(60)]
    _write_index(tmp_path / "readings", np.vstack([readings, _unit(rng.normal(size=(1, DIM)))]), units + ["alone"])
    target = readings @ rotation.T  # unit vectors still: a rotation keeps lengths
    side = rng.normal(size=(60, DIM))
    side = _unit(side - np.sum(side * target, axis=1, keepdims=True) * target)  # at right angles to R x
    # two windows a unit, R x ± a side step: their normalised mean is R x; listed backwards
    first, second = _unit(target + 0.3 * side), _unit(target - 0.3 * side)
    windows = np.vstack([second[::-1], first[::-1], _unit(rng.normal(size=(2, DIM)))])
    owners = units[::-1] + units[::-1] + ["", "elsewhere"]
    _write_index(tmp_path / "windows", windows, owners)
    fitted, target_mean, pairs = fit_map(tmp_path / "readings", tmp_path / "windows")
    assert pairs == 60
    assert np.allclose(fitted, rotation, atol=1e-4)
    assert np.allclose(fitted @ fitted.T, np.eye(DIM), atol=1e-5)
    assert np.allclose(target_mean, target.mean(axis=0), atol=1e-5)


def test_too_few_pairs_fit_no_map(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    _write_index(tmp_path / "readings", _unit(rng.normal(size=(1, DIM))), ["u0"])
    _write_index(tmp_path / "windows", _unit(rng.normal(size=(1, DIM))), ["u1"])
    fitted, target_mean, pairs = fit_map(tmp_path / "readings", tmp_path / "windows")
    assert pairs == 0 and np.array_equal(fitted, np.eye(DIM)) and not target_mean.any()


def test_the_question_moves_the_chosen_share_of_the_way() -> None:
    rng = np.random.default_rng(3)
    rotation, _ = np.linalg.qr(rng.normal(size=(DIM, DIM)))
    mapping = (rotation.astype(np.float32), np.zeros(DIM, dtype=np.float32))
    vector = rng.normal(size=DIM).astype(np.float32)
    assert np.allclose(towards_chinese(vector, mapping, share=0.0), _unit(vector), atol=1e-6)
    assert np.allclose(towards_chinese(vector, mapping, share=1.0), _unit(rotation @ vector), atol=1e-6)
    half = towards_chinese(vector, mapping)
    assert abs(float(np.linalg.norm(half)) - 1.0) < 1e-6
    assert np.allclose(half, _unit(_unit(vector) + _unit(rotation @ vector)), atol=1e-6)


class _Encoder:
    def __init__(self, key: str) -> None:
        self.key, self.dim = key, DIM


def test_a_map_is_read_only_by_the_encoder_that_wrote_it(tmp_path: Path) -> None:
    rotation, mean = np.eye(DIM, dtype=np.float32), np.full(DIM, 0.1, dtype=np.float32)
    assert load_map(tmp_path, _Encoder("e")) is None  # a build from before the map
    write_map(tmp_path, _Encoder("e"), rotation, mean, 5)  # type: ignore[arg-type]
    assert json.loads((tmp_path / MAP_META).read_text(encoding="utf-8")) == {"encoder": "e", "pairs": 5}
    loaded = load_map(tmp_path, _Encoder("e"))  # type: ignore[arg-type]
    assert loaded is not None and np.array_equal(loaded[0], rotation) and np.array_equal(loaded[1], mean)
    assert load_map(tmp_path, _Encoder("another")) is None  # type: ignore[arg-type]
    first = (tmp_path / MAP_FILE).read_bytes()
    write_map(tmp_path, _Encoder("e"), rotation, mean, 5)  # type: ignore[arg-type]
    assert (tmp_path / MAP_FILE).read_bytes() == first  # the same map, the same bytes


def test_the_shipped_build_s_map_is_a_rotation_fitted_on_every_reading(indexed: Path) -> None:
    from index import READINGS_DIR
    from queries.search import SearchEngine

    engine = SearchEngine(indexed)
    assert engine.reading_map is not None
    rotation, _ = engine.reading_map
    assert np.allclose(rotation @ rotation.T, np.eye(engine.encoder.dim), atol=1e-4)
    assert not np.allclose(rotation, np.eye(engine.encoder.dim), atol=0.1)  # fitted, not the identity
    readings = json.loads((indexed / "index" / READINGS_DIR / "vectors.json").read_text(encoding="utf-8"))
    meta = json.loads((indexed / "index" / MAP_META).read_text(encoding="utf-8"))
    assert meta["pairs"] == len(readings["units"]) == len(engine.units)


def test_an_unreadable_map_is_searched_as_a_build_without_one(tmp_path: Path) -> None:
    rotation, mean = np.eye(DIM, dtype=np.float32), np.zeros(DIM, dtype=np.float32)
    write_map(tmp_path, _Encoder("e"), rotation, mean, 5)  # type: ignore[arg-type]
    (tmp_path / MAP_FILE).write_bytes(b"not a numpy file")
    assert load_map(tmp_path, _Encoder("e")) is None  # type: ignore[arg-type]
    (tmp_path / MAP_META).write_text("{", encoding="utf-8")
    assert load_map(tmp_path, _Encoder("e")) is None  # type: ignore[arg-type]
