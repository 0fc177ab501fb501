"""The parser's own exceptions. Each names the source and the line it is about."""

from __future__ import annotations

__all__ = ["GazetteError", "ParseError", "DecodeError"]


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
