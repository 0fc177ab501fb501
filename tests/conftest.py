"""Shared fixtures: the shipped corpus, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

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
