"""Shared fixtures: the shipped corpus, parsed once per test session."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from parser import Gazette, parse_gazette

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILE = ROOT / "corpus" / "langfang-gazette-2021-04.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class HashingEncoder:
    """A tiny deterministic encoder: texts to vectors by their characters (no model)."""

    key, spec, dim = "hashing-16", "hashing", 16

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.vstack([np.bincount([ord(c) % 16 for c in t], minlength=16).astype(np.float32) + 0.1
                          for t in texts])

    queries = passages


@pytest.fixture(scope="session")
def corpus_text() -> str:
    return CORPUS_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gazette(corpus_text: str) -> Gazette:
    return parse_gazette(corpus_text, source="corpus/langfang-gazette-2021-04.txt")


@pytest.fixture(scope="session")
def docs(gazette: Gazette) -> dict:
    return {doc.id: doc for doc in gazette.documents}


def build_json(corpus: Path, build_dir: Path, *extra: str) -> dict:
    """Run `gazette build --json` in-process; the report as a dict."""
    from gazette.cli import main

    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--build", str(build_dir), "--json",
                                       *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{"):])


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once for the whole run: by the first test process that asks for it, the
    others (pytest-xdist workers) waiting on a lock and then reading it. Shared fixtures must
    be read, never written, by the tests."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / ".made").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                make(folder)
                (folder / ".made").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus built without indexes or site (store and exports only)."""
    from click.testing import CliRunner

    from gazette.cli import main

    def make(folder: Path) -> None:
        result = CliRunner().invoke(main, ["build", "--no-index", "--no-site", "--corpus", str(CORPUS_FILE.parent),
                                           "--build", str(folder / "build")])
        assert result.exit_code == 0, result.output

    return shared(tmp_path_factory, "kb", make) / "build"


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the run, started from ``tests/fixtures/embeddings.sqlite``: the
    e5 vectors of the shipped corpus's passages (``tools/test_embeddings.py``; the model's
    own output, keyed by encoder and text, so what changed since is embedded anew, and
    ``tests/test_search.py`` re-embeds a sample to compare). A developer may keep one
    between runs with $GAZETTE_TEST_CACHE (a kept cache changes no result, only the time)."""
    kept = os.environ.get("GAZETTE_TEST_CACHE")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return shared(tmp_path_factory, "embedding-cache",
                  lambda folder: shutil.copy(FIXTURES / "embeddings.sqlite", folder / "embeddings.sqlite"))


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    """The shipped corpus built as `make run` builds it: store, indexes (e5) and site; made
    once for the run, read by every test process."""
    def make(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("GAZETTE_CACHE", str(cache))
            build_json(CORPUS_FILE.parent, folder / "build")

    return shared(tmp_path_factory, "indexed", make) / "build"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def api_server(indexed: Path):
    """`gazette serve` on the shipped build, on a free loopback port, for the session (request
    headers must arrive within 3 s; at most 256 connections kept)."""
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    port = free_port()
    gazette = Path(sys.executable).with_name("gazette")
    process = subprocess.Popen([str(gazette), "serve", "--build", str(indexed), "--port", str(port),
                                "--header-timeout", "3", "--max-connections", "256"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.5)
    else:
        process.kill()
        raise RuntimeError("the server did not start")
    yield base
    process.terminate()
    process.wait(timeout=20)


def served_mode(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the site's script has found the API (class gz-api on <html>). A locator,
    not wait_for_function: the server's Content-Security-Policy forbids the eval that a
    polled string predicate needs."""
    import re

    from playwright.sync_api import expect

    expect(page.locator("html")).to_have_class(re.compile(r"\bgz-api\b"), timeout=30000)
