"""The records the parser produces: frozen dataclasses, nothing else.

A :class:`Gazette` holds :class:`Document` records; a document holds its
:class:`Provision` tree as a flat tuple in reading order, each node pointing at its
parent by eId. Every record carries the source lines it came from, so that
``Gazette.layout`` can prove that no line of the source was dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "DocType",
    "DocNumber",
    "HistoryEvent",
    "Relation",
    "Provision",
    "Document",
    "LineRole",
    "ParseWarning",
    "Gazette",
]


class DocType(StrEnum):
    ORDER = "order"  # 令
    DECISION = "decision"  # 决定
    REGULATION = "regulation"  # 办法, 细则, 规定, 条例, 制度
    NOTICE = "notice"  # 通知
    APPROVAL = "approval"  # 批复
    PLAN = "plan"  # 方案, 规划, 计划
    OPINION = "opinion"  # 意见
    MEASURES = "measures"  # 措施
    LIST = "list"  # 名单, 清单, 表
    ATTACHMENT = "attachment"  # 附件 of any other kind
    INTERPRETATION = "interpretation"  # 政策解读
    OTHER = "other"


@dataclass(frozen=True)
class DocNumber:
    """廊政字〔2021〕12号 -> prefix 廊政字, year 2021, seq 12; orders: 〔2021〕第3号."""

    text: str
    prefix: str
    year: int
    seq: int
    is_order: bool = False


@dataclass(frozen=True)
class HistoryEvent:
    """One step of a regulation's history line: 2019-12-31, 令〔2019〕第3号, 第一次修正."""

    date: str  # ISO 8601
    act: str  # the act as written, may be empty
    event: str  # 公布, 第一次修正, 修正, …


@dataclass(frozen=True)
class Relation:
    """A typed link between documents; ``target`` is a document id or, unresolved, a title."""

    kind: str  # promulgates, promulgated_by, republishes, republished_by, issues,
    #            issued_by, has_attachment, attachment_of, interprets, interpreted_by, amends
    target: str
    resolved: bool = True


@dataclass(frozen=True)
class Provision:
    """One node of a document's tree.

    ``eid`` is the Akoma Ntoso-style id within the document (``chp_2__art_14__para_1``);
    ``kind`` is one of book, chapter, section, article, paragraph, division, item,
    point, subpoint, indent, table, row, list, group.
    """

    eid: str
    kind: str
    label: str  # as written: 第十四条, （二）, 一、; derived 第一款 for paragraphs of articles
    number: int | None
    heading: str  # 总则 for 第一章　总　　则; a heading-only 一、总体要求 gives 总体要求
    text: str  # own text, without label and without children
    parent: str | None  # eid of the parent, None at the top
    path: tuple[str, ...]  # labels and headings of the ancestors, outermost first
    position: int  # reading order within the document, from 0
    lines: tuple[int, ...]  # source line numbers
    cells: tuple[str, ...] = ()  # rows of tables and lists


@dataclass(frozen=True)
class Document:
    id: str
    type: DocType
    title: str
    issuer: str
    number: DocNumber | None
    addressees: tuple[str, ...]
    signer: str
    signed: str | None  # ISO date of signature
    publication: str  # 此件公开发布, or empty
    history: tuple[HistoryEvent, ...]
    history_text: str
    attachment_titles: tuple[str, ...]
    parent: str | None
    relations: tuple[Relation, ...]
    source: str
    first_line: int
    last_line: int
    provisions: tuple[Provision, ...]
    #: field name -> source lines, for every line owned by a metadata field.
    fields: tuple[tuple[str, tuple[int, ...]], ...] = ()
    genre: str = ""  # last word of the title: 办法, 通知, 实施方案, …

    @property
    def full_title(self) -> str:
        """The title with its issuer, as it is cited: 廊坊市人民政府关于…的通知."""
        if self.issuer and self.title.startswith(("关于", "印发")):
            return self.issuer + self.title
        return self.title


@dataclass(frozen=True)
class LineRole:
    """Where one non-blank source line went: a document field or provision, or a page header."""

    line: int
    document: str  # document id, or "" for page headers and gazette front matter
    role: str  # "page-header", "front-matter", a field name, or "provision"
    target: str = ""  # the provision eid for role "provision"


@dataclass(frozen=True)
class ParseWarning:
    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class Gazette:
    source: str
    title: str  # 廊坊市人民政府公报
    year: int | None
    issue: int | None
    documents: tuple[Document, ...]
    layout: tuple[LineRole, ...]
    warnings: tuple[ParseWarning, ...] = field(default=())
