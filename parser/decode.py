"""Bytes to text: tell the encoding of a gazette file, or say clearly why not.

Order of attempts, first success wins:

1. a byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 (the BOM says which);
2. UTF-8 without BOM (what the shipped corpus uses);
3. UTF-16 without BOM (LE, then BE), when the bytes hold NULs and the text then
   reads as Chinese;
4. GB18030, a superset of GBK and GB2312, when the text then reads as Chinese
   (mostly CJK characters and Chinese punctuation), which rules out random bytes.

Otherwise :class:`~parser.errors.DecodeError` names the line of the first byte
that is not valid UTF-8.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .errors import DecodeError, ParseError

__all__ = ["Decoded", "decode"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _looks_chinese(text: str) -> bool:
    sample = [ch for ch in text[:20000] if not ch.isspace() and not ch.isascii()]
    if not sample:
        return False
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
              or "\uff00" <= ch <= "\uffef" or ch in "“”‘’")
    return cjk / len(sample) > 0.9


def decode(data: bytes, source: str = "<bytes>") -> Decoded:
    """Decode a gazette file's bytes; raise DecodeError naming source and line."""
    if not data.strip():
        raise ParseError("the file is empty", source=source, line=1)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.replace("-sig", "") + " with BOM")
            except UnicodeDecodeError as error:
                line = data[: error.start].count(b"\n") + 1
                raise DecodeError(f"invalid {encoding} after its byte-order mark", source=source, line=line) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    if b"\x00" in data:  # text in UTF-16 has NUL bytes (every ASCII character gives one)
        for order in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(order)
            except UnicodeDecodeError:
                continue
            if "\n" in text and _looks_chinese(text):
                return Decoded(text, order)
    else:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and _looks_chinese(text):
            return Decoded(text, "gb18030")
    line = data[: utf8_error.start].count(b"\n") + 1
    raise DecodeError(
        f"not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) and not "
        "recognisably GBK/GB18030 or UTF-16; convert the file to UTF-8",
        source=source,
        line=line,
    )
