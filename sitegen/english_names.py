"""English names of the bodies gazettes name, for the English pages: 廊坊市人民政府 → Langfang
Municipal People's Government, 市卫生健康委员会 → Municipal Health Commission,
县（市、区）物业管理行政主管部门 → county property management authority.

A name is read as an optional place (a proper name in pinyin: 廊坊, 河北), an optional level
(省 provincial, 市 municipal, 县 county, 区 district, and the compound levels local texts
write: 市、县（市、区）, 各县（市、区）), and a body listed in ``sitegen/data/names-en.tsv``; or, when
no such reading exists, as a whole term of the search glossary (廊坊开发区管委会). A name neither
reads is left without English (the page shows the Chinese alone) rather than guessed.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from index.glossary import glossary
from parser.ids import romanised

__all__ = ["NAMES", "NamesError", "english_name", "read_names"]

NAMES = Path(str(files("sitegen") / "data" / "names-en.tsv"))

#: Levels before a body, longest first, with how English writes them with the body's name.
_LEVELS = (
    ("市、县（市、区）", "municipal and county {body}"), ("各县（市、区）", "county {body}"),
    ("县（市、区）", "county {body}"), ("各级", "{body} at every level"), ("市级", "municipal {body}"),
    ("县级", "county {body}"), ("乡（镇）", "township {body}"), ("乡镇", "township {body}"),
    ("省", "provincial {body}"), ("市", "municipal {body}"), ("县", "county {body}"), ("区", "district {body}"),
    ("各", "{body}"),
)
_SMALL = {"and", "of", "at", "the"}
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?=[省市县区])")


class NamesError(ValueError):
    """A line of the names file that is not ``Chinese<TAB>English``; names the file and line."""


def read_names(path: Path = NAMES) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise NamesError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    names: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        chinese, tab, english = line.partition("\t")
        if not tab or not chinese.strip() or not english.strip() or "\t" in english:
            raise NamesError(f"{path}:{number}: expected a Chinese name, a tab and its English, not {line!r}")
        if chinese in names:
            raise NamesError(f"{path}:{number}: {chinese} is listed twice")
        names[chinese] = english.strip()
    return names


@cache
def _names() -> dict[str, str]:
    return read_names()


def _joined(pattern: str, body: str) -> str:
    """"municipal {body}" + "Health Commission" → "Municipal Health Commission" (a proper name
    in Title Case throughout; a generic one in lower case)."""
    if body[:1].isupper():
        pattern = " ".join(w if w in _SMALL or w == "{body}" else w[:1].upper() + w[1:] for w in pattern.split())
    return pattern.format(body=body)


@cache
def english_name(name: str) -> str:
    """The English of a body's name, or "" where it is not known."""
    names = _names()
    if name in names:
        return names[name]
    place = _PLACE.match(name)
    for start in ([place.end(), 0] if place else [0]):
        for level, english in _LEVELS:
            if name.startswith(level, start) and name[start + len(level):] in names:
                pattern = english if not start else f"{romanised(name[:start]).capitalize()} {english}"
                return _joined(pattern, names[name[start + len(level):]])
    terms = glossary().renderings
    return terms[name][0] if name in terms else ""
