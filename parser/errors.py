"""The parser's own exceptions. Each names the source and the line it is about."""

from __future__ import annotations

from types import TracebackType

from .lines import Line

__all__ = ["GazetteError", "ParseError", "DecodeError", "ParserDefect", "line_in_flight"]


class GazetteError(Exception):
    """Base class of every error the project raises on purpose."""


class ParseError(GazetteError):
    """Input the parser cannot turn into records, with where and why.

    ``str(error)`` reads ``corpus/x.txt, line 12: expected a document header``;
    the CLI prints exactly that, never a traceback.
    """

    def __init__(self, message: str, *, source: str = "<text>", line: int | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        where = source if line is None else f"{source}, line {line}"
        super().__init__(f"{where}: {message}")


class DecodeError(ParseError):
    """Bytes that are in no encoding the parser can tell."""


class ParserDefect(ParseError):
    """An exception the parser did not raise on purpose, turned into this file's error.

    Whatever a file holds, reading it never ends in a traceback: the unexpected exception
    (a defect of the parser, to be reported and fixed) becomes an error naming the file, the
    line being read when it happened and what failed, and the rest of the corpus is built.
    """

    def __init__(self, error: Exception, *, source: str, line: int | None) -> None:
        self.cause = error
        what = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        super().__init__(f"the parser failed here ({what}); this is a defect of the parser, the file is "
                         "left out: please report it with this line", source=source, line=line)

    @classmethod
    def from_exception(cls, error: Exception, source: str) -> ParserDefect:
        return cls(error, source=source, line=line_in_flight(error.__traceback__))


def line_in_flight(trace: TracebackType | None) -> int | None:
    """The number of the source line the parser was reading when an exception was raised:
    the innermost frame of the traceback that holds a source line (a ``Line`` of
    :mod:`parser.lines`, or a list of them and an index into it). Read from the frames
    after the fact, so the parser keeps no "current line" state of its own."""
    frames = []
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    for frame in reversed(frames):
        found = _line_of_frame(frame.f_locals)
        if found is not None:
            return found
    return None


def _line_of_frame(names: dict[str, object]) -> int | None:
    for name in ("line", "nxt", "header"):
        value = names.get(name)
        if isinstance(value, Line):
            return value.no
    lines = names.get("lines")
    if isinstance(lines, (list, tuple)) and lines and all(isinstance(x, Line) for x in lines[:1]):
        for index in ("j", "i", "end", "start"):
            at = names.get(index)
            if isinstance(at, int) and 0 <= at < len(lines):
                return lines[at].no  # type: ignore[union-attr]
        return lines[0].no  # type: ignore[union-attr]
    for value in names.values():
        if isinstance(value, Line):
            return value.no
    return None
