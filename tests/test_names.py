"""The Aho-Corasick name finder chooses the matches a longest-first alternation chooses."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.names import NameFinder

_ALPHABET = "市县监督管理部门局委"


def _regex(names: list[str], text: str) -> list[tuple[int, int, str]]:
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    pattern = re.compile("|".join(map(re.escape, ordered)))
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=12),
       st.text(_ALPHABET, max_size=60))
def test_same_matches_as_the_alternation(names: list[str], text: str) -> None:
    assert list(NameFinder(names).finditer(text)) == _regex(names, text)


def test_leftmost_then_longest() -> None:
    finder = NameFinder(["市场监督管理部门", "监督管理部门", "市场监督", "部门"])
    assert list(finder.finditer("县级以上市场监督管理部门和部门")) == [
        (4, 12, "市场监督管理部门"), (13, 15, "部门")]


def test_no_names_find_nothing() -> None:
    assert list(NameFinder([]).finditer("市场监督管理部门")) == []
