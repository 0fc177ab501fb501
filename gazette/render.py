"""Terminal rendering: display width of CJK text, and the old/new side-by-side view."""

from __future__ import annotations

import shutil
import unicodedata
from typing import Any

import click

__all__ = ["width", "wrap", "side_by_side"]


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(pieces: list[tuple[str, str | None]], columns: int) -> list[list[tuple[str, str | None]]]:
    """Wrap styled pieces (text, colour) into lines of at most ``columns`` columns."""
    lines: list[list[tuple[str, str | None]]] = [[]]
    used = 0
    for text, colour in pieces:
        for ch in text:
            if ch == "\n" or used + width(ch) > columns:
                lines.append([])
                used = 0
                if ch == "\n":
                    continue
            if lines[-1] and lines[-1][-1][1] == colour:
                lines[-1][-1] = (lines[-1][-1][0] + ch, colour)
            else:
                lines[-1].append((ch, colour))
            used += width(ch)
    return lines


def _styled(line: list[tuple[str, str | None]], pad_to: int) -> str:
    out = "".join(click.style(text, fg=colour, bold=colour is not None) if colour else text for text, colour in line)
    return out + " " * (pad_to - sum(width(text) for text, _ in line))


def side_by_side(change: dict[str, Any], total: int | None = None) -> str:
    """Old on the left, new on the right; deleted words red, inserted words green."""
    total = total or min(shutil.get_terminal_size((120, 24)).columns, 160)
    column = max(20, (total - 3) // 2)
    if change["segments"]:
        left = [(o, "red" if op != "equal" else None) for op, o, _ in change["segments"]]
        right = [(n, "green" if op != "equal" else None) for op, _, n in change["segments"]]
    else:
        left = [(change["old"] if change["old"] is not None else _absent(change, "old"), None if change["old"] else "yellow")]
        right = [(change["new"] if change["new"] is not None else _absent(change, "new"), None if change["new"] else "yellow")]
    left_lines, right_lines = wrap(left, column), wrap(right, column)
    rows = max(len(left_lines), len(right_lines))
    left_lines += [[]] * (rows - len(left_lines))
    right_lines += [[]] * (rows - len(right_lines))
    return "\n".join(f"{_styled(a, column)} │ {_styled(b, 0)}".rstrip() for a, b in zip(left_lines, right_lines))


def _absent(change: dict[str, Any], side: str) -> str:
    if side == "old" and change["status"] in ("added",):
        return "（新增 / added）"
    if side == "new" and change["status"] == "removed":
        return "（删去 / deleted）"
    return "〔未见于来源 / not in the source〕"
