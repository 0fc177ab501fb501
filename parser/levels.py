"""效力级别: the rank of a text in the hierarchy of Chinese law, from what the text says of itself.

Rules, the first that applies:

1. a work of the catalogue of national works (:mod:`parser.national`), by its title: the
   catalogue's level (宪法, 法律, 行政法规, 司法解释, 部门规章);
2. an attachment, or a list, has its parent's level; a 政策解读 none of its own: 其他;
3. made by a people's congress or its standing committee (its issuer, or the act of its
   history that passed it): 法律 (全国人民代表大会) or 地方性法规;
4. by the Supreme People's Court or Procuratorate: 司法解释;
5. promulgated by an order (令: the document is one, or is issued by one, or its history
   names one): 行政法规 (国务院令), 部门规章 (the order of a department of the State
   Council) or 地方政府规章 (the order of a local government);
6. everything else a government or its departments issue: 规范性文件.

The level is data for filtering and labelling, not a judgement of validity: a 规范性文件
that is not in force is still one (its status says so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from .grammar import CN_NUMBER
from .national import NationalCatalogue
from .records import DocType, Document

__all__ = ["Level", "level_of", "levels"]


class Level(StrEnum):
    CONSTITUTION = "宪法"
    LAW = "法律"
    ADMINISTRATIVE_REGULATION = "行政法规"
    JUDICIAL_INTERPRETATION = "司法解释"
    DEPARTMENTAL_RULE = "部门规章"
    LOCAL_REGULATION = "地方性法规"
    LOCAL_GOVERNMENT_RULE = "地方政府规章"
    NORMATIVE_DOCUMENT = "规范性文件"
    OTHER = "其他"


_CONGRESS = re.compile(r"人民代表大会")
_NATIONAL_CONGRESS = re.compile(rf"^(?:中华人民共和国)?全国人民代表大会|^第{CN_NUMBER}届全国人民代表大会")
_COURTS = re.compile(r"最高人民法院|最高人民检察院")
_STATE_COUNCIL = re.compile(r"^(?:中华人民共和国)?国务院$")
_STATE_COUNCIL_ORDER = re.compile(r"国务院令")
_ORDER = re.compile(r"令")
#: An issuer that is a department of the State Council, not a local body: 中华人民共和国…部,
#: 国家…局, 中国人民银行, 海关总署 (a local department opens with its place: 廊坊市…局).
_NATIONAL_DEPARTMENT = re.compile(r"^(?:中华人民共和国|国家|中国人民银行|海关总署|国务院)")


def _catalogue_level(document: Document, catalogue: NationalCatalogue) -> Level | None:
    work = catalogue.find(document.title)
    if work is None or work.level is None:
        return None
    try:
        return Level(work.level)
    except ValueError:
        return None


def _made_by_order(document: Document, parent: Document | None) -> str | None:
    """The issuer whose order (令) promulgates the document, or None."""
    if document.type is DocType.ORDER:
        return document.issuer
    if parent is not None and parent.type is DocType.ORDER:
        return parent.issuer or document.issuer
    for event in document.history:
        if _ORDER.search(event.act or ""):
            return event.act
    return None


def level_of(document: Document, by_id: Mapping[str, Document], catalogue: NationalCatalogue | None = None) -> Level:
    catalogue = catalogue or NationalCatalogue.load()
    parent = by_id.get(document.parent or "")
    if document.type is DocType.INTERPRETATION:
        return Level.OTHER
    if document.type in (DocType.ATTACHMENT, DocType.LIST) and parent is not None:
        return level_of(parent, by_id, catalogue)
    national = _catalogue_level(document, catalogue)
    if national is not None:
        return national
    acts = [document.issuer, *(event.act or "" for event in document.history if "通过" in event.event
                                or event.event.endswith(("修正", "修订")))]
    congress = next((a for a in acts if _CONGRESS.search(a)), None)
    if congress is not None and document.type not in (DocType.NOTICE, DocType.APPROVAL):
        return Level.LAW if _NATIONAL_CONGRESS.search(congress) else Level.LOCAL_REGULATION
    if _COURTS.search(document.issuer) or any(_COURTS.search(a) for a in acts):
        return Level.JUDICIAL_INTERPRETATION
    order = _made_by_order(document, parent)
    if order is not None:
        if _STATE_COUNCIL_ORDER.search(order) or _STATE_COUNCIL.match(order):
            return Level.ADMINISTRATIVE_REGULATION
        return Level.DEPARTMENTAL_RULE if _NATIONAL_DEPARTMENT.match(order) else Level.LOCAL_GOVERNMENT_RULE
    return Level.NORMATIVE_DOCUMENT


def levels(documents: list[Document], catalogue: NationalCatalogue | None = None) -> dict[str, Level]:
    """The level of every document, by id."""
    by_id = {d.id: d for d in documents}
    catalogue = catalogue or NationalCatalogue.load()
    return {d.id: level_of(d, by_id, catalogue) for d in documents}
