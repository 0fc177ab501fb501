"""Identifiers: deterministic, readable, and the same in store, index, site and API.

Documents (derived from what the document says about itself, never from its place in
the file, so adding another gazette issue changes no existing id):

=====================================  =====================================
source                                 document id
=====================================  =====================================
廊坊市人民政府令〔2021〕第1号            ``langfang-2021-order-1``
廊政字〔2021〕12号                       ``langfang-2021-lzz-12``
廊政办发〔2021〕5号                      ``langfang-2021-lzbf-5``
〔2021〕8号 of 廊坊市人民政府            ``langfang-2021-gov-8``
〔2021〕8号 of 廊坊市人民政府办公室      ``langfang-2021-gov-office-8``
no number, signed 2021-09-15           ``langfang-2021-gov-office-0915-1a2b3c``
中华人民共和国国务院令 第706号 (2018)     ``cn-2018-order-706`` (the year of its date)
中华人民共和国公安部令 第150号 (2018)     ``cn-2018-gab-order-150``
（中华人民共和国主席令　第五十九号）        ``cn-2020-zx-order-59``
国发〔2018〕41号                        ``cn-2018-gf-41``
最高人民法院 interpretation of 2020-12-25  ``cn-2020-spc-1225-…`` (spp, npc, npcsc, pcsc)
最高人民法院、最高人民检察院, no date      ``cn-spc-spp-8bd18c``
decision promulgated by an order       ``langfang-2021-order-1.decision``
regulation it re-publishes             ``langfang-2021-order-1.regulation``
附件2 of a document                     ``<document>.att2``
政策解读 of a document                  ``<document>.interp``
=====================================  =====================================

Provisions: eIds in the Akoma Ntoso manner, nested from the outermost level:

==========  ==========  ====================================
source      kind        eId component
==========  ==========  ====================================
第二编        book        ``book_2``
第二章        chapter     ``chp_2``
第三节        section     ``sec_3``
第一百零一条  article     ``art_101``
第二款        paragraph   ``para_2`` (unlabelled lines, counted)
一、          division    ``div_1``
（三）        item        ``item_3``
1.           point       ``point_1``
（1）         subpoint    ``subpoint_1``
②            indent      ``indent_2``
table/row   table, row  ``table_1__row_4``
==========  ==========  ====================================

So 第十九条第一款第（三）项 of a regulation with chapters is ``chp_3__art_19__para_1__item_3``
and its global id is ``<document id>/chp_3__art_19__para_1__item_3``.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from .records import DocNumber

__all__ = [
    "NATIONAL",
    "EID_PREFIX",
    "Eid",
    "eid_component",
    "place_slug",
    "romanised",
    "issuer_slug",
    "document_id",
    "provision_id",
    "article_eid",
    "split_provision_id",
]

EID_PREFIX = {
    "book": "book",
    "part": "part",
    "chapter": "chp",
    "section": "sec",
    "article": "art",
    "paragraph": "para",
    "division": "div",
    "item": "item",
    "point": "point",
    "subpoint": "subpoint",
    "indent": "indent",
    "table": "table",
    "row": "row",
    "list": "list",
    "group": "group",
}
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in EID_PREFIX.items()}


def eid_component(kind: str, number: int) -> str:
    return f"{EID_PREFIX[kind]}_{number}"


_EID = re.compile(
    r"""^
    (?P<first>[a-z]+_\d+(?:-[a-z0-9]+)?)    # one component: art_14; art_14-2 for a repeat,
                                           # para_2-deleted for a deleted one whose number is taken
    (?:__[a-z]+_\d+(?:-[a-z0-9]+)?)*        # further components, joined by a double underscore
    $""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Eid:
    """A parsed eId: ``Eid.parse("chp_2__art_14__para_1")``."""

    components: tuple[tuple[str, int], ...]  # (kind, number)

    @classmethod
    def parse(cls, text: str) -> Eid:
        if not _EID.match(text):
            raise ValueError(f"Invalid eId: {text!r} (expected e.g. chp_2__art_14__para_1)")
        parts = []
        for component in text.split("__"):
            prefix, _, number = component.partition("_")
            if prefix not in _KIND_OF_PREFIX:
                raise ValueError(f"Invalid eId: {text!r} (unknown level {prefix!r})")
            parts.append((_KIND_OF_PREFIX[prefix], int(number.split("-")[0])))
        return cls(tuple(parts))

    def __str__(self) -> str:
        return "__".join(eid_component(kind, number) for kind, number in self.components)

    def number_of(self, kind: str) -> int | None:
        return next((n for k, n in self.components if k == kind), None)


_PLACE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|省|市|州|盟|县|区|旗))")
_PLACE_SUFFIX = re.compile(r"(自治区|省|市|县|区|旗|盟)$")
_ISSUER_KIND = {
    "人民政府": "gov",
    "人民政府办公室": "gov-office",
    "人民政府办公厅": "gov-office",
    "政府": "gov",
    "政府办公室": "gov-office",
    "国务院": "gov",  # the Central People's Government
    "国务院办公厅": "gov-office",
    # congresses and courts, by the English initials they are known by
    "全国人民代表大会": "npc",
    "全国人民代表大会常务委员会": "npcsc",
    "人民代表大会": "pc",
    "人民代表大会常务委员会": "pcsc",
    "最高人民法院": "spc",
    "最高人民检察院": "spp",
}
#: The state's own name before a national issuer: 中华人民共和国国务院, 中华人民共和国公安部.
NATIONAL = "中华人民共和国"


@functools.lru_cache(maxsize=4096)
def _initials(text: str) -> str:
    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))
    return re.sub(r"[^a-z0-9]", "", letters.lower()) or "x"


#: Issuers of the state, not of a place: 国务院, 全国人民代表大会常务委员会, 最高人民法院,
#: 国家税务总局, 中央军委, a ministry (公安部: a place's departments are 厅, 局 and 委).
_NATIONAL_ISSUER = re.compile(r"^(?:中华人民共和国|国务院|全国人民代表大会|最高人民|国家|中央|中共中央|中国人民银行"
                              r"|[\u4e00-\u9fff]{1,10}部(?:[、\s\u3000]|$))")


def place_slug(issuer: str) -> str:
    """廊坊市人民政府 -> langfang, 国务院 and 中华人民共和国公安部 -> cn; '' when the issuer names
    no place."""
    if _NATIONAL_ISSUER.match(issuer):
        return "cn"
    match = _PLACE.match(issuer)
    if not match:
        return ""
    return romanised(_PLACE_SUFFIX.sub("", match["place"]) or match["place"])


@functools.lru_cache(maxsize=4096)
def romanised(text: str) -> str:
    """Chinese in Hanyu Pinyin run together, lower case, without tones or anything but
    letters and digits (廊坊 → langfang, 东湾 → dongwan): how English writes a Chinese name."""
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text, errors="ignore")).lower())


def issuer_slug(issuer: str) -> str:
    """The issuer without its place: 人民政府办公室 -> gov-office, 国务院 -> gov, 上海市人民代表大会
    常务委员会 -> pcsc, 最高人民法院 -> spc; others by initials (公安部 -> gab); joint issuers
    each (最高人民法院、最高人民检察院 -> spc-spp); '' for none."""
    names = [name for name in re.split(r"[、\s\u3000]+", issuer) if name]
    if len(names) > 1:
        return "-".join(issuer_slug(name) for name in names)
    issuer = issuer.removeprefix(NATIONAL)
    match = _PLACE.match(issuer)
    rest = issuer[match.end():] if match else issuer
    return _ISSUER_KIND.get(rest) or (_initials(rest) if rest else "")


#: Who makes the orders a short number names: 国令 is the State Council's.
_ORDER_MAKERS = {"国令": "国务院", "国务院令": "国务院"}


def _order_issuer(issuer: str) -> str:
    """What an order's id says of its issuer: nothing for a government's own orders (廊坊市人民政府令,
    国务院令: ``langfang-2021-order-1``, ``cn-2018-order-706``), the issuer's slug for the
    orders of its departments, congresses and courts, which number their own (公安部令第5号:
    ``cn-2021-gab-order-5``)."""
    slug = issuer_slug(issuer) if issuer else "gov"
    return "" if slug == "gov" else slug


def _short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def document_id(issuer: str, number: DocNumber | None, signed: str | None, title: str,
                default_place: str) -> str:
    """The id of a top-level document (see the module table)."""
    place = place_slug(issuer) or default_place or "cn"
    year = str(number.year) if number is not None and number.year else (signed or "")[:4]
    if number is not None and number.is_order:
        by = _ORDER_MAKERS.get(number.prefix, number.prefix.removesuffix("令")) if number.prefix else issuer
        return "-".join(part for part in (place, year, _order_issuer(by), "order", str(number.seq)) if part)
    if number is not None and number.prefix:
        return f"{place}-{number.year}-{_initials(number.prefix)}-{number.seq}"
    if number is not None:
        return f"{place}-{number.year}-{issuer_slug(issuer)}-{number.seq}"
    if signed:
        year, month, day = signed.split("-")
        return "-".join(part for part in (place, year, issuer_slug(issuer), f"{month}{day}", _short_hash(title)) if part)
    return "-".join(part for part in (place, issuer_slug(issuer), _short_hash(title)) if part)


def provision_id(document: str, eid: str) -> str:
    return f"{document}/{eid}"


def article_eid(eid: str) -> str:
    """The article an eId lies in (``chp_7__art_54__para_1__item_3`` -> ``chp_7__art_54``);
    the eId itself when it lies in none."""
    parts = eid.split("__")
    for i, part in enumerate(parts):
        if part.startswith("art_"):
            return "__".join(parts[:i + 1])
    return eid


def split_provision_id(text: str) -> tuple[str, str | None]:
    """``doc/eid`` -> (doc, eid); a bare document id -> (doc, None)."""
    document, _, eid = text.strip().partition("/")
    return document, (eid or None)
