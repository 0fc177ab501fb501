"""Encodings: decoded when they can be told, a clear error naming the line otherwise."""

import pytest

from parser import DecodeError, ParseError, decode

TEXT = "廊坊市人民政府\n关于印发《某某办法》的通知\n第一条　为了规范管理，制定本办法。\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-8-sig"), "utf-8 with BOM"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16 with BOM"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
])
def test_encodings_are_told(data: bytes, encoding: str) -> None:
    decoded = decode(data, "x.txt")
    assert decoded.text.lstrip("\ufeff") == TEXT
    assert decoded.encoding == encoding


def test_empty_file_is_an_error_naming_the_file() -> None:
    with pytest.raises(ParseError, match=r"x\.txt, line 1: the file is empty"):
        decode(b"  \n\n", "x.txt")


def test_undecodable_bytes_name_the_line() -> None:
    data = "第一行\n第二行\n".encode() + b"\xff\xfe\x00\x81abc\x80\x80\n"
    with pytest.raises(DecodeError) as caught:
        decode(data, "bad.txt")
    assert caught.value.line == 3
    assert "bad.txt, line 3" in str(caught.value)
