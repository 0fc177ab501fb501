"""A server that follows its builds: served while the folder is rebuilt three times, the site
and the API answer throughout (no 404, no 5xx), switch to each new build within seconds and
never go back to an older one; a version a server still reads is not swept under it."""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import uvicorn

from gazette.build import build
from gazette.follow import Follower
from gazette.publish import current, lease, versions_dir
from gazette.server import create_app
from tests.conftest import FIXTURES, HashingEncoder, free_port

BAODING, CESHI = FIXTURES / "baoding-gazette-2022-01.txt", FIXTURES / "ceshi-gazette-2022-02.txt"
SPC = Path(__file__).parent / "real" / "spc-2021-food-drug.txt"


def _corpus(root: Path, name: str, *files: Path) -> Path:
    folder = root / name
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder)
    return folder


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class _Reader(threading.Thread):
    """Reads the home page, a page of the first corpus and /api/health over and over,
    recording every status and the corpus hash of every health answer, in order."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.statuses, self.hashes = base, threading.Event(), [], []

    def run(self) -> None:
        while not self.stop.is_set():
            for path in ("/", "/documents/baoding-2022-order-1/", "/api/health",
                         "/api/provisions/baoding-2022-order-1.regulation/chp_1__art_3"):
                status, body = _get(self.base + path)
                self.statuses.append((path, status))
                if path == "/api/health" and status == 200:
                    self.hashes.append(json.loads(body)["corpus_hash"])


def _hash(build_dir: Path) -> str:
    return json.loads((current(build_dir) / "build.json").read_text(encoding="utf-8"))["corpus_hash"]


def test_rebuilt_three_times_while_served(tmp_path: Path) -> None:
    small = _corpus(tmp_path, "small", BAODING)
    rebuilds = [(_corpus(tmp_path, "ceshi", BAODING, CESHI), True), (_corpus(tmp_path, "spc", BAODING, SPC), False),
                (_corpus(tmp_path, "both", BAODING, CESHI, SPC), True)]
    target = tmp_path / "build"
    build(small, target, encoder=HashingEncoder(), site=True, jobs=1)
    follower = Follower(target, lambda version: create_app(version, encoder=HashingEncoder()), poll=0.2)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(follower, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    reader = _Reader(base)
    reader.start()
    try:
        seen = [_hash(target)]
        for corpus, has_ceshi in rebuilds:
            build(corpus, target, encoder=HashingEncoder(), site=True, jobs=1)
            wanted = _hash(target)
            deadline = time.monotonic() + 60
            while json.loads(_get(base + "/api/health")[1])["corpus_hash"] != wanted:
                assert time.monotonic() < deadline, "the server did not switch to the new build"
                time.sleep(0.1)
            seen.append(wanted)
            ceshi = _get(base + "/documents/ceshi-2022-order-2/")[0]
            assert ceshi == (200 if has_ceshi else 404)  # the site is the new build's
            api = _get(base + "/api/documents/ceshi-2022-order-2")[0]
            assert api == ceshi  # and so is the API, at the same instant
    finally:
        reader.stop.set()
        reader.join(timeout=60)
        server.should_exit = True
        thread.join(timeout=30)
    assert reader.statuses and all(status == 200 for _, status in reader.statuses), \
        [s for s in reader.statuses if s[1] != 200][:5]
    # never back to an older build: the builds the reader saw, in the order it saw them, are
    # the builds as published, in order
    order = [h for k, h in enumerate(reader.hashes) if k == 0 or h != reader.hashes[k - 1]]
    assert len(set(seen)) == 4 and set(order) <= set(seen) and len(set(order)) >= 3 and len(reader.statuses) > 40
    assert [seen.index(h) for h in order] == sorted(seen.index(h) for h in order)


def test_a_leased_version_is_not_swept(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, "c", BAODING)
    target = tmp_path / "build"
    build(corpus, target)
    first = current(target)
    held = lease(first)
    try:
        build(corpus, target)
        build(corpus, target)  # would sweep the first version: it is neither current nor the one before
        assert first.is_dir() and (first / "build.json").exists()
    finally:
        held.release()
    build(corpus, target)
    assert not first.exists()
    assert len([p for p in versions_dir(target).iterdir() if p.name.startswith("v-")]) == 2


def test_a_version_that_cannot_be_served_is_left(tmp_path: Path) -> None:
    """A build the server cannot load keeps it on the one it has, said once in the log."""
    corpus = _corpus(tmp_path, "c", BAODING)
    target = tmp_path / "build"
    build(corpus, target, encoder=HashingEncoder(), jobs=1)
    made = []

    def make(version: Path):  # noqa: ANN202
        made.append(version)
        if len(made) > 1:
            raise FileNotFoundError(version / "index")
        return create_app(version, encoder=HashingEncoder())

    follower = Follower(target, make, poll=0.0)
    first = follower.version
    build(corpus, target, encoder=HashingEncoder(), jobs=1)
    follower._look()
    deadline = time.monotonic() + 30
    while follower.loading and time.monotonic() < deadline:
        time.sleep(0.05)
    assert follower.version == first and len(made) == 2
    follower._look()  # the same broken version is not tried again
    time.sleep(0.2)
    assert len(made) == 2
    follower.close()


@pytest.fixture(autouse=True)
def _quiet_jieba() -> None:
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
