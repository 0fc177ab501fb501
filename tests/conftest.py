"""Shared fixtures: the shipped corpus, parsed once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parser import Gazette, parse_gazette

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILE = ROOT / "corpus" / "langfang-gazette-2021-04.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the session: the corpus is embedded once."""
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    """The shipped corpus built as `make run` builds it: store, indexes (e5) and site."""
    build_dir = tmp_path_factory.mktemp("kb") / "build"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GAZETTE_CACHE", str(cache))
        build_json(CORPUS_FILE.parent, build_dir)
    return build_dir
