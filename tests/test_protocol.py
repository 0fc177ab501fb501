"""Log lines of a flood: one a kind a minute, the next saying how many were held back."""

from __future__ import annotations

import logging

from gazette.protocol import Once


def _record(message: str, name: str = "asyncio") -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, None, None)


def test_a_flood_of_one_kind_is_one_line_a_minute() -> None:
    once = Once(interval=60.0)
    shown = [once.filter(_record("socket.accept() out of system resource")) for _ in range(1000)]
    assert shown.count(True) == 1
    assert once.filter(_record("another kind")) is True  # each kind has its own minute


def test_the_next_line_counts_what_was_held_back() -> None:
    once = Once(interval=0.0)
    first = _record("closed slow connections")
    assert once.filter(first)
    once.interval = 60.0
    for _ in range(5):
        once.filter(_record("closed slow connections"))
    once.interval = 0.0
    later = _record("closed slow connections")
    assert once.filter(later) and "5 more like it" in later.msg
